"""Pure report rules: the II.06a formulas, statistics, periods."""
