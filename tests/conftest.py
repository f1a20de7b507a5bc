"""Shared fixtures: where the shared corpus and schemas live, and inventory builders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MODEL_AUDIT_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder (corpus, schemas); tests needing it skip with a reason when absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared material not found at {SHARED} (set MODEL_AUDIT_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    """The real-world corpus of licence texts and model cards."""
    corpus = shared_dir / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"shared corpus not found at {corpus}")
    return corpus


@pytest.fixture(scope="session")
def sarif_schema_path(shared_dir: Path) -> Path:
    """The OASIS SARIF 2.1.0 JSON Schema."""
    path = shared_dir / "schemas" / "sarif-schema-2.1.0.json"
    if not path.is_file():
        pytest.skip(f"SARIF schema not found at {path}")
    return path


@pytest.fixture(autouse=True)
def _outputs_match_their_schemas(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Check every report and comparison a test renders or writes against its JSON Schema.

    In-process renders go through ``reports.json_report.render_json``; files written by CLI
    subprocesses are found in the test's ``tmp_path`` when it ends (tests/output_schemas.py).
    """
    from output_schemas import check_files_under, check_if_output

    import reports.json_report

    render = reports.json_report.render_json

    def checked(document: dict[str, Any]) -> str:
        text = render(document)
        check_if_output(text, "rendered JSON")
        return text

    monkeypatch.setattr(reports.json_report, "render_json", checked)
    yield
    tmp_path = request.node.funcargs.get("tmp_path")
    if isinstance(tmp_path, Path) and tmp_path.is_dir():
        check_files_under(tmp_path)
