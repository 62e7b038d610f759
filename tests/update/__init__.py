"""Tests of ``specgen update``."""
