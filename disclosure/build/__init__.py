"""Stage 3: the build. Plan every file, set up templating, render (fanned out over cores), check links, and write
the output folder atomically.
"""
