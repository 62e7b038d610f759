"""The generated client's shared runtime, as real Python checked where it lives.

``client/`` holds the modules every generated package shares (``_base_client.py``, ``_request.py``,
...), ``tests/`` the fixed code of the generated test suite. They are the same for every spec:
generation copies them into the output with the header line prepended
(:mod:`generator.render.runtime`); what depends on the spec is rendered from ``templates/``
(``_constants.py``, ``_client.py``, the resources, ``tests/cases.json``). This package is never
imported by specgen itself.
"""
