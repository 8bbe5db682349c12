"""Legation: news articles into an evidence-linked record of who did what to whom."""

__version__ = "0.1.0"
