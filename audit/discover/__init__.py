"""Discovery: the models a code base really uses, found in its code, configs and files.

``discover(paths)`` walks the trees (``audit.discover.walker``), hands each file to the reader
its name calls for, and returns every reference with its ``file:line`` evidence. Nothing is
imported from, executed in or fetched because of the scanned files.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from audit.discover.interface import (
    Confidence,
    Deferred,
    Discovery,
    Evidence,
    Export,
    FileFindings,
    Origin,
    Reference,
    Skipped,
    Unresolved,
)
from audit.discover.walker import FoundFile, WalkLimits, WalkStats, read_bounded, walk

__all__ = [
    "Confidence",
    "Discovery",
    "Evidence",
    "Origin",
    "Reference",
    "Unresolved",
    "WalkLimits",
    "discover",
]


def discover(
    paths: list[str],
    limits: WalkLimits | None = None,
    hf_cache: Path | None | bool = False,
) -> Discovery:
    """Every model reference under ``paths`` (and in the Hugging Face cache when
    ``hf_cache`` is a folder, or True for the default cache), deterministically ordered.

    A file that cannot be read or parsed is a problem in the result, never an exception.
    """
    chosen = limits or WalkLimits()
    skipped: list[Skipped] = []
    stats = WalkStats()
    refs: list[Reference] = []
    unresolved: list[Unresolved] = []
    problems: list[str] = []
    exports: list[Export] = []
    deferred: list[Deferred] = []
    read = 0
    roots = [Path(p) for p in paths]
    quiet: list[tuple[FoundFile, str]] = []
    for found in walk(roots, chosen, skipped, stats):
        shown = _shown_path(found)
        findings = _read(found, shown, chosen, skipped, quiet)
        if findings is None:
            continue
        read += 1
        refs.extend(findings.references)
        unresolved.extend(findings.unresolved)
        problems.extend(findings.problems)
        exports.extend(findings.exports)
        deferred.extend(findings.deferred)
    if deferred:
        from audit.discover.python_reader import resolve_deferred

        exports.extend(_quiet_exports(quiet, {d.name for d in deferred}, chosen))
        resolved, still = resolve_deferred(tuple(deferred), tuple(exports))
        refs.extend(resolved)
        unresolved.extend(still)
    if hf_cache is not False:
        from audit.discover.hf_cache import read_hf_cache

        cached = read_hf_cache(None if hf_cache is True else hf_cache)
        refs.extend(cached.references)
        problems.extend(cached.problems)
    return Discovery(
        roots=tuple(_posix(p) for p in paths),
        references=tuple(sorted(set(refs), key=_order)),
        unresolved=tuple(sorted(set(unresolved), key=lambda u: (u.evidence, u.kind, u.reason))),
        skipped=tuple(sorted(set(skipped), key=lambda s: (s.path, s.reason))),
        problems=tuple(sorted(set(problems))),
        files_seen=stats.files_seen,
        files_read=read,
        truncated=stats.truncated,
    )


def _quiet_exports(
    quiet: list[tuple[FoundFile, str]], names: set[str], limits: WalkLimits
) -> list[Export]:
    """The module-level strings of the Python files that held no call but do name one of
    ``names`` (a settings module whose constants other modules pass as models)."""
    from audit.discover.python_reader import read_python

    out: list[Export] = []
    for found, shown in quiet:
        data = read_bounded(found.path, limits.max_file_bytes)
        if isinstance(data, str):
            continue
        text = data.decode("utf-8", errors="replace")
        if any(name in text for name in names):
            out.extend(read_python(text, shown, exports_only=True).exports)
    return out


def _read(
    found: FoundFile,
    shown: str,
    limits: WalkLimits,
    skipped: list[Skipped],
    quiet: list[tuple[FoundFile, str]],
) -> FileFindings | None:
    """What the file's reader finds, or None when the file could not be opened. A Python
    file that cannot hold a call is noted in ``quiet`` (it may define names others use)."""
    if found.reader == "gguf":
        from audit.discover.model_files import read_gguf

        return read_gguf(found.path, shown)
    if found.reader == "safetensors":
        from audit.discover.model_files import read_safetensors

        return read_safetensors(found.path, shown)
    data = read_bounded(found.path, limits.max_file_bytes)
    if isinstance(data, str):
        skipped.append(Skipped(shown, data))
        return None
    if found.reader == "notebook":
        from audit.discover.notebook import read_notebook

        return read_notebook(data, shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        skipped.append(Skipped(shown, "not UTF-8 text"))
        return None
    if found.reader == "python":
        from audit.discover.python_reader import may_reference

        if not may_reference(text):
            quiet.append((found, shown))
    return _read_text(found.reader, text, shown)


def _read_text(reader: str, text: str, shown: str) -> FileFindings:
    if reader == "python":
        from audit.discover.python_reader import read_python

        return read_python(text, shown)
    from audit.discover import configs

    readers = {
        "yaml": configs.read_yaml,
        "dockerfile": configs.read_dockerfile,
        "modelfile": configs.read_modelfile,
        "dotenv": configs.read_dotenv,
        "shell": configs.read_shell,
    }
    return readers[reader](text, shown)


def _shown_path(found: FoundFile) -> str:
    """The file as the user would name it: the root as given, then the path under it."""
    return str(PurePosixPath(_posix(str(found.root))) / found.relative)


def _posix(path: str) -> str:
    text = Path(path).as_posix()
    return text if text != "" else "."


def _order(ref: Reference) -> tuple[Evidence, str, str]:
    return (ref.evidence, ref.model, ref.kind)
