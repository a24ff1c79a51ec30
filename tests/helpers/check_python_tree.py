"""Imports every module of a Python tree and runs its doctests; prints a JSON summary, exits 1 on any failure.

Usage: python3 check_python_tree.py ROOT [PYTHON_ROOT ...]   (python roots relative to ROOT, default ".")
"""
import doctest
import importlib
import json
import os
import sys

sys.dont_write_bytecode = True


def module_names(root, python_root):
    base = os.path.normpath(os.path.join(root, python_root))
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d.isidentifier())
        rel = os.path.relpath(folder, base)
        parts = [] if rel == "." else rel.split(os.sep)
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            stem = name[:-3]
            dotted = parts if stem == "__init__" else parts + [stem]
            if dotted and all(p.isidentifier() for p in dotted):
                yield ".".join(dotted)


def main():
    root = os.path.abspath(sys.argv[1])
    python_roots = sys.argv[2:] or ["."]
    for python_root in reversed(python_roots):
        sys.path.insert(0, os.path.normpath(os.path.join(root, python_root)))
    os.chdir(root)
    summary = {"modules": [], "attempted": 0, "failures": []}
    for python_root in python_roots:
        for name in module_names(root, python_root):
            try:
                module = importlib.import_module(name)
            except Exception as error:  # noqa: BLE001 - every failure is reported
                summary["failures"].append(f"import {name}: {type(error).__name__}: {error}")
                continue
            summary["modules"].append(name)
            result = doctest.testmod(module, verbose=False, report=False)
            summary["attempted"] += result.attempted
            if result.failed:
                summary["failures"].append(f"doctest {name}: {result.failed} of {result.attempted} failed")
    print(json.dumps(summary))
    sys.exit(1 if summary["failures"] else 0)


if __name__ == "__main__":
    main()
