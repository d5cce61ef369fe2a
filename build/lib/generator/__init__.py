"""Neutral briefings from news articles: ingest -> analyse -> render -> site."""

__version__ = "0.1.0"
