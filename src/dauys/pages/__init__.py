"""Stored pages and personal slots: the read path of public pages (docs/architecture.md, "The read path")."""
