"""Rule families: each module checks the rules of one family (see ``registry.FAMILIES``)."""
