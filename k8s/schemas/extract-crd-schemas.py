#!/usr/bin/env python3
"""Extract strict JSON Schemas from the vendored CustomResourceDefinitions.

For every crds/<operator>/*.yaml next to this script, take the served storage
version's spec.versions[].schema.openAPIV3Schema and write it next to the YAML
as <kind-lowercase>-<group>-<version>.json, converted for a standard JSON
Schema validator (draft 2020-12; the keywords used are also valid draft-07):

* "additionalProperties": false is added to every object schema that has
  "properties", no "additionalProperties" and no
  "x-kubernetes-preserve-unknown-fields": true (kubeconform's strict mode).
* "nullable": true (OpenAPI) becomes an extra "null" in "type".
* The top level gets "$schema", and apiVersion/kind are pinned with "enum"
  to <group>/<version> and <Kind> (as in the vendored Kubernetes schemas).
  metadata stays as the CRD has it (open "type: object").
* Everything else, x-kubernetes-* extensions included, is kept as is: a
  JSON Schema validator ignores unknown keywords. CEL rules
  (x-kubernetes-validations), formats and defaults are therefore not enforced.

Usage: python3 extract-crd-schemas.py   (needs PyYAML; re-run after updating
a CRD YAML; the output is deterministic).
"""
import json
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Keywords whose value is a single subschema / a list of subschemas /
# a map of name -> subschema (OpenAPI v3 structural schema subset).
SINGLE = ("items", "not", "additionalItems")
LISTS = ("anyOf", "allOf", "oneOf")
MAPS = ("properties", "patternProperties", "definitions", "$defs")


def strictify(node):
    """Recursively convert one schema node in place."""
    if not isinstance(node, dict):
        return
    if node.get("nullable") is True:
        t = node.get("type")
        if isinstance(t, str):
            node["type"] = [t, "null"]
        elif isinstance(t, list) and "null" not in t:
            t.append("null")
    if (
        "properties" in node
        and "additionalProperties" not in node
        and node.get("x-kubernetes-preserve-unknown-fields") is not True
    ):
        node["additionalProperties"] = False
    for key in SINGLE:
        if isinstance(node.get(key), dict):
            strictify(node[key])
        elif isinstance(node.get(key), list):  # tuple form, not used by CRDs
            for sub in node[key]:
                strictify(sub)
    for key in LISTS:
        for sub in node.get(key, []) or []:
            strictify(sub)
    for key in MAPS:
        for sub in (node.get(key) or {}).values():
            strictify(sub)
    if isinstance(node.get("additionalProperties"), dict):
        strictify(node["additionalProperties"])


def convert(crd):
    spec = crd["spec"]
    group, kind = spec["group"], spec["names"]["kind"]
    versions = [v for v in spec["versions"] if v.get("storage") and v.get("served")]
    if len(versions) != 1:
        raise SystemExit(f"{kind}.{group}: expected one served storage version, got {len(versions)}")
    version = versions[0]["name"]
    schema = versions[0]["schema"]["openAPIV3Schema"]
    strictify(schema)
    props = schema.setdefault("properties", {})
    props.setdefault("apiVersion", {"type": "string"})
    props.setdefault("kind", {"type": "string"})
    props.setdefault("metadata", {"type": "object"})
    props["apiVersion"]["enum"] = [f"{group}/{version}"]
    props["kind"]["enum"] = [kind]
    out = {"$schema": SCHEMA_DRAFT}
    out.update(schema)
    return f"{kind.lower()}-{group}-{version}.json", out


def main():
    written = 0
    for path in sorted(HERE.glob("crds/*/*.yaml")):
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        for doc in docs:
            if doc.get("kind") != "CustomResourceDefinition":
                continue
            name, schema = convert(doc)
            target = path.parent / name
            with open(target, "w", encoding="utf-8") as f:
                json.dump(schema, f, indent=2, ensure_ascii=False)
                f.write("\n")
            print(f"{path.relative_to(HERE)} -> {target.relative_to(HERE)}")
            written += 1
    if not written:
        sys.exit("no CustomResourceDefinition found under crds/")


if __name__ == "__main__":
    main()
