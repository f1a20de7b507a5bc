"""Errors the CLI turns into exit statuses: 2 for unusable input, 3 for the tool itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with an input file, located as precisely as we can."""

    path: str
    line: int
    field: str
    """Dotted field path such as ``models[0].hosting.mode``; empty for the whole file."""
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class InputError(Exception):
    """The input is unusable (exit status 2). Carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[InputProblem] | str) -> None:
        if isinstance(problems, str):
            problems = [InputProblem(path="", line=0, field="", message=problems)]
        self.problems: tuple[InputProblem, ...] = tuple(problems)
        super().__init__("\n".join(str(p).removeprefix(": ") for p in self.problems))


class ToolError(Exception):
    """The tool could not do its job for a reason outside the input (exit status 3)."""
