"""A spec of 10+ MB and 1,000+ operations for the benchmarks, merged from real specs (not a test).

None of ``../shared/real-specs`` is that large, so this writes one by merging several of its
single-file OpenAPI 3.0 specs: every path under ``/<spec>``, every component (of every section)
renamed ``<Spec>_<name>`` with all references, discriminator mappings and security requirements
rewritten to match, operation ids and tags prefixed the same way, and each spec's servers kept on
its own path items. The result is valid OpenAPI 3.0 that describes the same operations.

    .venv/bin/python benchmarks/merged_spec.py [--out benchmarks/.work/merged.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from generator.spec.yaml12 import parse_yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("SPECGEN_REAL_SPECS", REPO.parent / "shared" / "real-specs"))
#: OpenAPI 3.0 specs of one file each, largest first (3.1 documents would change what nullable means).
SOURCES = (
    ("es", "elasticsearch-serverless/elasticsearch-serverless-openapi.json"),
    ("linode", "linode/openapi.yaml"),
    ("gmaps", "google-maps/google-maps-platform-openapi3.json"),
    ("k8s", "kubernetes-core-v1/v1.json"),
    ("xero", "xero-accounting/xero_accounting.yaml"),
    ("keycloak", "keycloak-admin/keycloak-23.0.0.yaml"),
)
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_COMPONENTS = "#/components/"


def _load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    loaded = json.loads(text) if path.suffix == ".json" else parse_yaml(text, str(path))  # YAML 1.2, as OAS 3.1 asks
    assert isinstance(loaded, dict), path
    return loaded


def _renamed(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def _rewrite(node: Any, prefix: str) -> Any:
    """``node`` with every local component reference pointing at the renamed component."""
    if isinstance(node, list):
        return [_rewrite(item, prefix) for item in node]
    if not isinstance(node, dict):
        return node
    found: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            found[key] = _ref(value, prefix)
        elif key == "discriminator" and isinstance(value, dict) and isinstance(value.get("mapping"), dict):
            mapping = {
                tag: _ref(target, prefix) if target.startswith("#") else _renamed(prefix, target)
                for tag, target in value["mapping"].items()
            }
            found[key] = {**value, "mapping": mapping}
        else:
            found[key] = _rewrite(value, prefix)
    return found


def _ref(target: str, prefix: str) -> str:
    if not target.startswith(_COMPONENTS):
        return target
    section, _, rest = target[len(_COMPONENTS) :].partition("/")
    return f"{_COMPONENTS}{section}/{_renamed(prefix, rest)}"


def _security(requirements: Any, prefix: str) -> Any:
    if not isinstance(requirements, list):
        return requirements
    return [{_renamed(prefix, name): scopes for name, scopes in item.items()} for item in requirements]


def merge(sources: tuple[tuple[str, str], ...] = SOURCES) -> dict[str, Any]:
    """The merged document."""
    merged: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Merged real specs", "version": "1.0.0", "description": "Benchmark input."},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {},
        "components": {},
        "tags": [],
    }
    for prefix, relative in sources:
        document = _rewrite(_load(CORPUS / relative), prefix)
        servers = document.get("servers")
        default_security = _security(document.get("security"), prefix)
        for path, item in (document.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            item = dict(item)
            if servers and "servers" not in item:
                item["servers"] = servers
            for method in METHODS:
                operation = item.get(method)
                if not isinstance(operation, dict):
                    continue
                operation = dict(operation)
                if "operationId" in operation:
                    operation["operationId"] = _renamed(prefix, str(operation["operationId"]))
                if isinstance(operation.get("tags"), list):
                    operation["tags"] = [_renamed(prefix, str(tag)) for tag in operation["tags"]]
                if "security" in operation:
                    operation["security"] = _security(operation["security"], prefix)
                elif default_security is not None:
                    operation["security"] = default_security
                item[method] = operation
            merged["paths"][f"/{prefix}{path}"] = item
        for section, members in (document.get("components") or {}).items():
            if isinstance(members, dict):
                target = merged["components"].setdefault(section, {})
                target.update({_renamed(prefix, name): value for name, value in members.items()})
        for tag in document.get("tags") or ():
            if isinstance(tag, dict) and "name" in tag:
                merged["tags"].append({**tag, "name": _renamed(prefix, str(tag["name"]))})
    return merged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / ".work" / "merged.json")
    args = parser.parse_args()
    document = merge()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    operations = sum(1 for item in document["paths"].values() for method in METHODS if method in item)
    size = args.out.stat().st_size
    print(f"{args.out}: {size / 1e6:.1f} MB, {operations} operations, {len(document['paths'])} paths", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
