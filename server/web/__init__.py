"""Shared web assets of the live screens: base template, CSS, JS modules, vendored libs."""
