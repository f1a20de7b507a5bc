"""Print pip constraints pinning every runtime dependency of pyproject.toml to its lower bound.

Usage: python3 .ci/lowest_constraints.py pyproject.toml > lowest.txt
       pip install -c lowest.txt .

A dependency without a ``>=`` lower bound is an error (exit 1): every bound we publish must
be one that this job installs and runs. pip has no "lowest versions" resolution of its own,
hence this small reader (standard library only, so it runs before any venv exists).
"""

from __future__ import annotations

import re
import sys
import tomllib

_REQUIREMENT = re.compile(r"^([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def main(path: str) -> int:
    with open(path, "rb") as handle:
        project = tomllib.load(handle)["project"]
    status = 0
    for requirement in project["dependencies"]:
        match = _REQUIREMENT.match(requirement)
        if match is None:
            print(f"{path}: dependency {requirement!r} has no '>=' lower bound", file=sys.stderr)
            status = 1
            continue
        print(f"{match.group(1)}=={match.group(3)}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml"))
