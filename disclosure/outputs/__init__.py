"""Stage 2: what the site publishes, one module per format: pages, open data, schemas, feeds, sitemap, JSON-LD,
charts, search index.
"""
