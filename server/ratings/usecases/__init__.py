"""Use cases of ratings."""
