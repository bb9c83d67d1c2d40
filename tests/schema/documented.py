"""Check that schema/hvnet.schema.json documents itself for editors.

Usage: /usr/bin/python3 tests/schema/documented.py SCHEMA
Every property has a description of its own (not only its type's, which is
all an editor's hover would show), and every pattern a patternErrorMessage
(what the YAML language server says instead of the regular expression).
Prints one line per omission and exits 1 if there is one.
"""
import json
import sys


def walk(node, where, bad):
    if isinstance(node, list):
        for i, item in enumerate(node):
            walk(item, "%s[%d]" % (where, i), bad)
        return
    if not isinstance(node, dict):
        return
    if "pattern" in node and "patternErrorMessage" not in node:
        bad.append("%s: pattern %s has no patternErrorMessage" % (where, node["pattern"]))
    for key, sub in node.get("properties", {}).items():
        if not isinstance(sub, dict) or not sub.get("description"):
            bad.append("%s.properties.%s: no description of its own" % (where, key))
    for key, sub in node.items():
        if key not in ("enum", "const", "default", "required"):
            walk(sub, where + "." + key if where else key, bad)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    bad = []
    walk(schema, "", bad)
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
