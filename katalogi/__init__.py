"""Static site generator for a procurement action catalogue."""

__version__ = "0.1.0"
