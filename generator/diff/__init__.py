"""``specgen diff``: two specs -> changes classified as breaking, compatible or docs.

Start at :func:`generator.diff.compare.diff_specs`; ``docs/diff.md`` lists every kind of change.
"""
