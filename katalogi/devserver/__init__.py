"""The dev server: watching the sources, updating output/ in place, live reload, the editor's backend."""
