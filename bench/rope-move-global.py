"""Drives rope's MoveGlobal for bench/python-extract.ts: one step of the reference migration per call.

Usage: python3 rope-move-global.py ROOT STEP_JSON   (STEP_JSON: {"from", "symbols", "to"})
Prints {"ms", "errors"}: the time rope took (project set-up, get_changes and do for every symbol) and the
symbols it refused. rope moves one global at a time into an existing module, so the module and its
packages are created first (empty), as a rope user would.
"""
import json
import os
import re
import sys
import time

from rope.base.project import Project
from rope.refactor.move import create_move


def main():
    root, step = sys.argv[1], json.loads(sys.argv[2])
    started = time.perf_counter()
    parts = step["to"].split("/")
    for depth in range(1, len(parts)):
        folder = os.path.join(root, *parts[:depth])
        os.makedirs(folder, exist_ok=True)
        init = os.path.join(folder, "__init__.py")
        if not os.path.exists(init):
            open(init, "w").close()
    if not os.path.exists(os.path.join(root, step["to"])):
        open(os.path.join(root, step["to"]), "w").close()
    project = Project(root, ropefolder=None)
    errors = []
    for name in step["symbols"]:
        source = project.get_resource(step["from"])
        match = re.search(r"^(?:async def |def |class )?(%s)\b" % re.escape(name), source.read(), re.M)
        if not match:
            errors.append(f"{name}: not found in {step['from']}")
            continue
        try:
            mover = create_move(project, source, match.start(1))
            project.do(mover.get_changes(project.get_resource(step["to"])))
        except Exception as error:  # noqa: BLE001 - reported, the next symbol is tried
            errors.append(f"{name}: {type(error).__name__}: {error}")
    project.close()
    print(json.dumps({"ms": (time.perf_counter() - started) * 1000, "errors": errors}))


if __name__ == "__main__":
    main()
