"""A static site generator for government public disclosure: YAML facts in, a searchable site out."""
