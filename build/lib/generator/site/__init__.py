"""The site: the MkDocs plugin `briefings` that publishes briefings/ (docs/architecture.md)."""
