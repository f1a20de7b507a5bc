"""Licence evidence from a repository's files, read by one set of rules for local model
folders and Hub repositories alike, so both give the same answer.

Which files count:

- ``LICENSE*``, ``LICENCE*``, ``COPYING*`` at the top: licence texts (``LICENSE-CODE``
  licenses the code, not the weights);
- ``NOTICE*`` at the top: attribution, unless it holds terms or a licence text
  (``audit.resolve.notice``);
- the files of a REUSE ``LICENSES/`` folder (``LICENCES/``, ``LICENSE/`` too): each is
  identified by its text, its name (``Apache-2.0.txt``) only a hint checked against the
  text; several files bind together (an ``AND``).

Any other folder whose name starts with "license" (``licenses-third-party/``) is a folder,
not a licence file: it is named in a note and not read. At most the cap of licence files
per repository is read (``MODEL_AUDIT_MAX_LICENCE_FILES``); a repository with more is
LIC001 saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from audit.resolve.interface import LicenceEvidence
from audit.resolve.notice import read_notice

if TYPE_CHECKING:
    from licences import KnowledgeBase

LICENCE_PREFIXES = ("license", "licence", "copying")
NOTICE_PREFIX = "notice"
LICENCE_FOLDERS = frozenset({"licenses", "licences", "license", "licence"})
"""Folders read as a REUSE ``LICENSES/`` folder (compared without case)."""
CODE_NOTE = "licenses the code, not the model weights"
MOSTLY_A_LICENCE = 0.5
"""A NOTICE whose terms are at least this much one licence's text is that licence with
additions (reported as such); below it, its terms are quoted as they are."""


class Findings(Protocol):
    """Where evidence, problems and notes go (``OwnFacts`` of ``audit.resolve.sources``)."""

    evidence: list[LicenceEvidence]
    problems: list[str]
    notes: list[str]
    infrastructure: list[str]
    closest: tuple[str, float] | None


@dataclass(frozen=True)
class FileRead:
    """One file's text, or why there is none."""

    text: str | None
    problem: str | None = None
    infrastructure: bool = False
    """The file could not be read because of the infrastructure (the Hub unreachable)."""


@dataclass(frozen=True)
class LicenceFilePlan:
    """The licence-related files of one repository, in the order they are read."""

    licences: tuple[str, ...]
    reuse: tuple[str, ...]
    """Paths inside a licence folder (``LICENSES/Apache-2.0.txt``)."""
    notices: tuple[str, ...]
    not_read: tuple[str, ...]
    """Licence-named folders (and folders inside a licence folder) that are not read."""

    @property
    def files(self) -> tuple[str, ...]:
        """Every file to read, licence texts first, then the REUSE folder, then NOTICEs."""
        return (*self.licences, *self.reuse, *self.notices)


def is_code_licence(name: str) -> bool:
    """True when a licence file's name says it covers code, not the model weights."""
    return "code" in name.lower()


def plan_licence_files(files: Iterable[str], folders: Iterable[str] = ()) -> LicenceFilePlan:
    """Sort a repository's paths (``LICENSE``, ``LICENSES/MIT.txt``) and top-level folder
    names into what is read; deterministic whatever order they come in."""
    licences, reuse, notices, not_read = [], [], [], set()
    for path in files:
        parts = path.split("/")
        top = parts[0].lower()
        if len(parts) == 1:
            if top.startswith(LICENCE_PREFIXES):
                licences.append(path)
            elif top.startswith(NOTICE_PREFIX):
                notices.append(path)
        elif top.startswith(LICENCE_PREFIXES):
            if top in LICENCE_FOLDERS and len(parts) == 2:
                reuse.append(path)
            else:
                not_read.add("/".join(parts[:-1]))
    for folder in folders:
        if folder.lower().startswith(LICENCE_PREFIXES) and folder.lower() not in LICENCE_FOLDERS:
            not_read.add(folder)
    return LicenceFilePlan(
        tuple(sorted(licences, key=lambda n: (is_code_licence(n), n.lower(), n))),
        tuple(sorted(reuse, key=lambda n: (n.lower(), n))),
        tuple(sorted(notices, key=lambda n: (n.lower(), n))),
        tuple(sorted(not_read)),
    )


def gather_licence_files(
    plan: LicenceFilePlan,
    read: Callable[[str], FileRead],
    prefix: str,
    kb: KnowledgeBase,
    facts: Findings,
    max_files: int,
) -> None:
    """Read the planned files (at most ``max_files``) and add what they say to ``facts``.

    ``read`` gets a path of the plan; ``prefix`` is how the repository is named in
    messages (``models/m`` or ``hub:acme/m@<sha>``).
    """
    from audit.settings import LICENCE_FILES

    for folder in plan.not_read:
        facts.notes.append(
            f"{prefix}/{folder}/ is a folder, not a licence file; not read (only a REUSE "
            "LICENSES/ folder is read as licence texts)"
        )
    allowed = set(plan.files[:max_files])
    if len(plan.files) > max_files:
        facts.problems.append(
            f"{prefix} has {len(plan.files)} licence files (LICENSE*, COPYING*, NOTICE*, "
            f"LICENSES/), over the cap of {max_files} licence files per repository "
            f"({LICENCE_FILES.variable}); only the first {max_files} were read"
        )

    def text_of(path: str) -> str | None:
        got = read(path)
        if got.text is None:
            why = got.problem or f"{prefix}/{path} cannot be read"
            facts.problems.append(why)
            if got.infrastructure:
                facts.infrastructure.append(why)
        return got.text

    for path in (p for p in plan.licences if p in allowed):
        text = text_of(path)
        if text is not None:
            found = identify(text, f"{prefix}/{path}", kb, facts, code=is_code_licence(path))
            if found is not None:
                facts.evidence.append(found)
    _reuse_folder([p for p in plan.reuse if p in allowed], text_of, prefix, kb, facts)
    for path in (p for p in plan.notices if p in allowed):
        text = text_of(path)
        if text is not None:
            _notice(text, f"{prefix}/{path}", kb, facts)


def _reuse_folder(
    paths: list[str],
    text_of: Callable[[str], str | None],
    prefix: str,
    kb: KnowledgeBase,
    facts: Findings,
) -> None:
    """One piece of evidence for a licence folder: every identified text binds (AND)."""
    keys: list[str] = []
    confidences: list[float] = []
    coverages: list[float] = []
    for path in paths:
        text = text_of(path)
        if text is None:
            continue
        where = f"{prefix}/{path}"
        found = identify(text, where, kb, facts)
        if found is None:
            continue
        if found.licence is None:
            facts.evidence.append(found)
            continue
        named = kb.get(_stem(path.rsplit("/", 1)[-1]))
        if named is not None and named.key not in found.keys:
            facts.problems.append(
                f"{where}: the file name says {named.key} but its text is "
                f"{' AND '.join(found.keys)}"
            )
        keys.extend(k for k in found.keys if k not in keys)
        confidences.append(found.confidence)
        if found.coverage is not None:
            coverages.append(found.coverage)
    if not keys:
        return
    folder = paths[0].split("/", 1)[0]
    facts.evidence.append(
        LicenceEvidence(
            "licence-text",
            keys[0],
            f"texts of {' AND '.join(keys)} ({folder}/ folder)",
            f"{prefix}/{folder}",
            confidence=min(confidences),
            note=f"a REUSE {folder}/ folder of {len(paths)} file(s); every licence binds",
            also=tuple(keys[1:]),
            coverage=min(coverages) if coverages else None,
        )
    )


def _notice(text: str, where: str, kb: KnowledgeBase, facts: Findings) -> None:
    """A NOTICE: attribution is a note; a licence text is evidence; other terms are LIC001."""
    from licences import identify_licence_text

    reading = read_notice(text)
    if reading.kind == "attribution":
        holders = "; ".join(reading.holders) if reading.holders else "no copyright line"
        facts.notes.append(
            f"{where}: attribution notice, not a licence; keep it with every copy ({holders})"
        )
        return
    whole = identify_licence_text(text, kb)
    rest = identify_licence_text(reading.remainder, kb)
    for candidate, found in ((text, whole), (reading.remainder, rest)):
        if found.key is not None and not found.is_use_policy:
            evidence = identify(candidate, where, kb, facts)
            if evidence is not None:
                facts.evidence.append(evidence)
            return
    if rest.closest and rest.beyond and (rest.coverage or 0.0) >= MOSTLY_A_LICENCE:
        # a licence text with something added: say what was added, as for a LICENSE
        evidence = identify(reading.remainder, where, kb, facts)
        if evidence is not None:
            facts.evidence.append(evidence)
        return
    facts.problems.append(
        f"{where} holds terms, not only attribution: '{reading.first_term}' (the knowledge "
        "base cannot tell what they allow)"
    )


def _stem(name: str) -> str:
    """``Apache-2.0`` of ``Apache-2.0.txt``; a name without a text extension as it is."""
    for suffix in (".txt", ".md", ".rst", ".text"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def identify(
    text: str, where: str, kb: KnowledgeBase, facts: Findings, *, code: bool = False
) -> LicenceEvidence | None:
    """Identify a licence text; an unidentified one is a problem with the closest match."""
    from licences import identify_licence_text

    found = identify_licence_text(text, kb)
    if found.is_use_policy:
        facts.notes.append(f"{where} is the acceptable-use policy of {found.key}")
        return None
    if found.key is None and found.beyond is not None and found.closest:
        facts.problems.append(
            f"{where}: text holds terms beyond {found.closest}: '{found.beyond}' "
            f"({found.coverage or 0.0:.0%} of it is {found.closest}'s text)"
        )
        facts.closest = (found.closest, round(found.closest_score, 3))
        return LicenceEvidence(
            "licence-text",
            None,
            "unidentified text",
            where,
            confidence=found.closest_score,
            note=f"closest: {found.closest}, but the text holds more",
            coverage=found.coverage,
        )
    if found.key is None:
        closest = (
            f"closest: {found.closest}, score {found.closest_score:.2f}"
            if found.closest
            else "no close match"
        )
        facts.problems.append(f"{where} matches no known licence ({closest})")
        if found.closest:
            facts.closest = (found.closest, round(found.closest_score, 3))
        return LicenceEvidence(
            "licence-text",
            None,
            "unidentified text",
            where,
            confidence=found.closest_score,
            note=closest,
        )
    shown = " AND ".join((found.key, *found.also))
    return LicenceEvidence(
        "licence-text",
        found.key,
        f"text of {shown}",
        where,
        confidence=found.confidence,
        note=CODE_NOTE if code else "",
        also=found.also,
        coverage=found.coverage,
    )
