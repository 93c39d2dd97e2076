"""Files other than HTML pages: feeds, open data, OCDS, charts, sitemap, the web editor's setup, search."""
