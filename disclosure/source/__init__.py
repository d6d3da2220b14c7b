"""Stage 1: inputs in. Read data/, content/ and templates/ (regular files only), parse YAML and Markdown with
positions, validate into the model, and read the git history of data/.
"""
