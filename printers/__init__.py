"""Thermal ticket printing: layout, rendering, ESC/POS encoding, printer adapters, job rules.

Submodules are imported on demand (``printers.jobs`` pulls in neither Pillow nor escpos).
"""
