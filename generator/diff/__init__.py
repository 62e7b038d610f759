"""``specgen diff``: two specs -> changes classified as breaking, compatible or docs.

Start at :func:`generator.diff.compare.diff_specs`; ``docs/diff.md`` lists every kind of change.
The generated clients' public Python APIs are compared by :mod:`generator.diff.api`
(``docs/workflows.md`` lists its kinds of change).
"""
