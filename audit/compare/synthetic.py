"""The inventory a comparison audits: the real organisation with one model per candidate.

Organisation, data classes and routes are the real inventory's; every candidate serves a
copy of the compared use case. Waivers are left out: a comparison shows what each candidate
would raise before anyone accepts a risk. Lines point into the real file, so a finding on a
candidate points at the use case it would serve (or at the inventory model it copies).
"""

from __future__ import annotations

from collections.abc import Sequence

from audit.compare.candidates import Candidate, ComparedUseCase
from audit.inventory.loader import LoadedInventory
from audit.inventory.yaml_lines import LineMap, PathKey


def synthetic_inventory(
    loaded: LoadedInventory, candidates: Sequence[Candidate], compared: ComparedUseCase
) -> LoadedInventory:
    """The real inventory with its models replaced by the candidates and no waivers."""
    inventory = loaded.inventory.model_copy(
        update={"models": [c.model for c in candidates], "waivers": []}
    )
    return LoadedInventory(
        inventory=inventory,
        path=loaded.path,
        base_dir=loaded.base_dir,
        sha256=loaded.sha256,
        lines=_line_map(loaded.lines, candidates, compared),
        tags=loaded.tags,
    )


def _line_map(real: LineMap, candidates: Sequence[Candidate], compared: ComparedUseCase) -> LineMap:
    """Lines for the synthetic document, taken from the real one.

    Everything outside ``models`` keeps its line. Candidate ``i`` copies the lines of the
    inventory model it stands for, if any, else sits at the use case's line; its use case
    ``models[i].use_cases[0]`` takes the real use case's lines field by field.
    """
    lines = dict(real.lines)
    out: dict[PathKey, int] = {p: n for p, n in lines.items() if not p or p[0] != "models"}
    use_case_path: PathKey = ("models", compared.model_index, "use_cases", compared.use_case_index)
    use_case_line = real.line_of(use_case_path)
    for i, candidate in enumerate(candidates):
        if candidate.inventory_index is None:
            out[("models", i)] = use_case_line
        else:
            own: PathKey = ("models", candidate.inventory_index)
            for path, line in lines.items():
                if path[:2] == own and (len(path) < 3 or path[2] != "use_cases"):
                    copied: PathKey = ("models", i, *path[2:])
                    out[copied] = line
        out[("models", i, "use_cases")] = use_case_line
        for path, line in lines.items():
            if path[:4] == use_case_path:
                field: PathKey = ("models", i, "use_cases", 0, *path[4:])
                out[field] = line
    return LineMap(out)
