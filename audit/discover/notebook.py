"""Model references in Jupyter notebooks: the code cells, read as one Python module.

Cells run in order and share names, so they are joined (IPython magics and shell lines
blanked, so every line keeps its number) and read by ``audit.discover.python_reader``; each
reference is then placed on its line of the ``.ipynb`` file. Markdown cells and outputs are
never read.
"""

from __future__ import annotations

import json
from dataclasses import replace

from audit.discover.interface import Evidence, FileFindings
from audit.discover.python_reader import read_python


def read_notebook(data: bytes, path: str) -> FileFindings:
    """Model references in a Jupyter notebook's code cells; lines are the notebook's own
    line numbers of the cell source when nbformat's one-line-per-source-line layout holds,
    else the cell's line within the cell."""
    try:
        notebook = json.loads(data)
    except (ValueError, RecursionError):
        return FileFindings(problems=(f"{path}: not a JSON notebook; not read",))
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        return FileFindings(problems=(f"{path}: no 'cells' list; not read",))
    sources: list[str] = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        text = "".join(source) if isinstance(source, list) else source
        if isinstance(text, str):
            sources.append(text)
    # Cells run in order and share names: one module, magics and shell lines blanked.
    offsets: list[tuple[int, int]] = []
    joined: list[str] = []
    for index, text in enumerate(sources, start=1):
        cell_lines = text.splitlines() or [""]
        offsets.append((len(joined) + 1, index))
        joined.extend("" if ln.lstrip().startswith(("%", "!")) else ln for ln in cell_lines)
    found = read_python("\n".join(joined) + "\n", path)
    json_lines = _json_line_index(data)
    # names a notebook defines are its own; names it imports may come from the tree
    found = replace(found, exports=())

    def place(line: int) -> int:
        return json_lines[line - 1] if 0 < line <= len(json_lines) else line

    return FileFindings(
        tuple(
            replace(r, evidence=Evidence(path, place(r.evidence.line))) for r in found.references
        ),
        tuple(
            replace(u, evidence=Evidence(path, place(u.evidence.line))) for u in found.unresolved
        ),
        found.problems,
    )


def _json_line_index(data: bytes) -> list[int]:
    """For the k-th line of code-cell source, its line in the .ipynb file (nbformat writes
    each source line as one JSON string on its own line)."""
    try:
        notebook = json.loads(data)
        text = data.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return []
    file_lines = text.splitlines()
    out: list[int] = []
    cursor = 0
    for cell in notebook.get("cells", []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        pieces = source if isinstance(source, list) else str(source or "").splitlines(True)
        for piece in pieces or [""]:
            encoded = json.dumps(piece, ensure_ascii=False)
            for k in range(cursor, len(file_lines)):
                if encoded in file_lines[k]:
                    out.append(k + 1)
                    cursor = k + 1
                    break
            else:
                return []
    return out
