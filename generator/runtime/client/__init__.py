"""The shared runtime of every generated package (never copied: the package's ``__init__.py`` is a template)."""
