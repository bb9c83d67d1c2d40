"""Validate YAML topologies against schema/hvnet.schema.json.

Usage: /usr/bin/python3 tests/schema/validate.py SCHEMA FILE...
Prints 'valid FILE' or 'invalid FILE: PATH: MESSAGE' for each FILE and exits
0 if every file is valid, 1 if one is not, 2 if the schema or a file cannot
be read.  Needs only Debian's python3-yaml and python3-jsonschema.

YAML is read with the YAML 1.2 core schema, as the YAML language server and
hvnetc read it: 'on', 'yes', '52:54:00:00:01:02' stay strings.
"""
import json
import re
import sys

import jsonschema
import yaml


class Core12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalar resolution."""


Core12Loader.yaml_implicit_resolvers = {}
for tag, regexp, first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+.0123456789")),
):
    Core12Loader.add_implicit_resolver(tag, re.compile(regexp), first)


def construct_int12(loader, node):
    """Ints as YAML 1.2 reads them (no sexagesimal, no leading-0 octal)."""
    s = loader.construct_scalar(node)
    if s.startswith("0o"):
        return int(s[2:], 8)
    if s.startswith("0x"):
        return int(s[2:], 16)
    return int(s, 10)


Core12Loader.add_constructor("tag:yaml.org,2002:int", construct_int12)


def where(err):
    """The error's place in the document, as a dotted path."""
    return ".".join(str(p) for p in err.absolute_path) or "(top)"


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"{argv[1]}: {e}", file=sys.stderr)
        return 2
    validator = jsonschema.Draft7Validator(schema)
    worst = 0
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                doc = yaml.load(f, Loader=Core12Loader)
        except OSError as e:
            print(f"{path}: {e}", file=sys.stderr)
            return 2
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            print(f"invalid {path}: not YAML: {str(e).splitlines()[0]}")
            worst = 1
            continue
        errs = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errs:
            e = errs[0]
            print(f"invalid {path}: {where(e)}: {e.message[:200]}")
            worst = 1
        else:
            print(f"valid {path}")
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv))
