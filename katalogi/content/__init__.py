"""YAML bytes -> checked items: the content model, its field types, loading, configuration, languages and the checks."""
