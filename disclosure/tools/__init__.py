"""Around the build: the dev server and its incremental renders, `build.py changes`, the deletion check, GitHub
reporting.
"""
