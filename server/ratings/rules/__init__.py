"""Pure rules of ratings: scales, reasons, the window, the figures, the alert."""
