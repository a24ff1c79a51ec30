"""Peer driver: rope's MoveModule moves a package (folder) into another package and rewrites its importers.

    python3 rope_move.py ROOT FROM TO      (TO's last segment must equal FROM's: rope keeps the name)

Runs with Debian's python3-rope (rope 1.x). Prints one JSON line: files changed and peak RSS.
"""
import json
import os
import resource
import sys

from rope.base.project import Project
from rope.refactor.move import create_move


def main() -> None:
    root, source, target = sys.argv[1:4]
    if os.path.basename(source) != os.path.basename(target):
        raise SystemExit("rope keeps the package name: FROM and TO must end with the same segment")
    parent = os.path.dirname(target)
    os.makedirs(os.path.join(root, parent), exist_ok=True)
    if not os.path.exists(os.path.join(root, parent, "__init__.py")):
        # rope moves modules only into packages.
        open(os.path.join(root, parent, "__init__.py"), "w").close()
    project = Project(root, ropefolder=None)
    try:
        mover = create_move(project, project.get_resource(source))
        changes = mover.get_changes(project.get_resource(parent))
        project.do(changes)
        changed = len(changes.get_changed_resources())
    finally:
        project.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"changed": changed, "maxRssKb": peak}))


main()
