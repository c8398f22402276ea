"""`python -m server ...` behaves like the `motcua` command."""

from server.entry import main

main()
