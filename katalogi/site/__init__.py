"""Checked items -> one linked site per language: frozen views, the dashboard's figures, data quality."""
