"""Pure voice rules: announcement phrases and how numbers and letters are spoken."""
