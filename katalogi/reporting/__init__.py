"""Reporting rounds from git tags, what changed between them, and the council report."""
