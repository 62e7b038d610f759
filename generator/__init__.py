"""specgen: OpenAPI spec -> typed Python client package, spec linter and spec differ."""

__version__ = "0.1.0"
