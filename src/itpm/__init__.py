"""itpm: run an internal IT department as a product business."""

__version__ = "0.1.0"
