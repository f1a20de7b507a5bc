"""Read the licence statements of an SPDX 2.3 document that ships inside a model folder.

A model folder may carry an SPDX document (``*.spdx.json`` or tag-value ``*.spdx``) written
by whoever published the model. This module parses it with spdx-tools, validates it, and
returns per package the declared and concluded licence expressions in canonical SPDX form.
The resolver turns each statement into licence evidence with source ``spdx``.

Reading never raises for a bad document: what went wrong becomes a ``problems`` entry, so
one unreadable file cannot stop an audit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from license_expression import Licensing

    from audit.resolve.local_folder import ModelFolder

DEFAULT_MAX_BYTES = 5_000_000
"""Largest SPDX document we read; a model folder's SBOM is far smaller than this."""

NO_ASSERTION = "NOASSERTION"
NONE = "NONE"

_MAX_VALIDATION_PROBLEMS = 20
"""Validation messages beyond this many are summarised, so one broken file cannot flood a report."""


@dataclass(frozen=True)
class SpdxLicenceStatement:
    """What one SPDX package says about its licence."""

    package: str
    """The package name (``PackageName``)."""
    version: str | None
    """The package version (``PackageVersion``), when given."""
    supplier: str | None
    """``Organization: Meta`` / ``Person: Jane Doe``; None when absent or ``NOASSERTION``."""
    declared: str | None
    """Canonical SPDX expression of ``PackageLicenseDeclared``; ``"NONE"`` when the document
    says there is no licence; None when absent or ``NOASSERTION``."""
    concluded: str | None
    """Canonical SPDX expression of ``PackageLicenseConcluded``, with the same conventions."""
    where: str
    """The document and the package's SPDX id: ``models/x/model.spdx.json#SPDXRef-Package-x``."""

    described: bool = True
    """The document DESCRIBES this package (it is the subject, not a dependency)."""

    @property
    def licence(self) -> str | None:
        """The licence the package states: the declared one, else the concluded one."""
        return self.declared or self.concluded


@dataclass(frozen=True)
class SpdxReadResult:
    """Every licence statement of one SPDX document, and what was wrong with the document."""

    statements: tuple[SpdxLicenceStatement, ...]
    problems: tuple[str, ...]
    """Why the document could not be read, or its SPDX validation messages; empty when clean."""


def read_spdx_licences(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, display_path: str | None = None
) -> SpdxReadResult:
    """Parse and validate the SPDX 2.x document at ``path``; never raises for a bad document.

    ``display_path`` is how ``where`` names the file (e.g. relative to the inventory);
    ``str(path)`` when absent. The file is opened without following a symbolic link and
    without blocking (``audit.resolve.safe_open``). A file that is missing, a link, not a
    regular file, larger than ``max_bytes`` or not parseable yields no statements and one
    problem saying why. Validation messages of a parseable document are returned as problems
    beside its statements. Documents in a model folder are read with ``read_folder_spdx``.
    """
    from audit.resolve.safe_open import read_unlisted_file

    shown = display_path or str(path)
    data, problem = read_unlisted_file(path, max_bytes, shown)
    if data is None:
        return SpdxReadResult((), (problem or f"{shown} cannot be read",))
    return parse_spdx_licences(data, path.name, shown)


def read_folder_spdx(
    folder: ModelFolder, name: str, *, max_bytes: int | None = None
) -> SpdxReadResult:
    """The licence statements of the SPDX document ``name`` that ``folder`` listed.

    The file is read like every file of a model folder (``ModelFolder.read_bytes``): not
    through a symbolic link, never blocking on a FIFO, only the inode the listing saw, no
    hard link with names outside the folder, at most ``max_bytes`` (by default the limit in
    force, ``MODEL_AUDIT_MAX_SPDX_BYTES``). A refusal is the result's one problem.
    """
    from audit.settings import SPDX_BYTES

    display = f"{folder.display}/{name}"
    limit = SPDX_BYTES.value() if max_bytes is None else max_bytes
    data, problem = folder.read_bytes(name, limit)
    if data is None:
        return SpdxReadResult((), (problem or f"{display} cannot be read",))
    return parse_spdx_licences(data, name, display)


def parse_spdx_licences(data: bytes, name: str, shown: str) -> SpdxReadResult:
    """The licence statements of the SPDX document ``data`` whose file name is ``name``
    (``*.spdx`` is tag-value, ``*.json`` is JSON); ``shown`` names it in ``where`` and in
    problems. Never raises for a bad document."""
    try:
        document = _parse(data, name)
    except Exception as exc:  # spdx-tools raises several unrelated types for malformed input
        return SpdxReadResult((), (f"{shown}: not a readable SPDX document: {_describe(exc)}",))
    problems = _validation_problems(document, shown)
    described = _described(document)
    if not described and len(document.packages) == 1:
        described = {document.packages[0].spdx_id}  # one package: what else could it describe
    statements = tuple(
        SpdxLicenceStatement(
            package=package.name,
            version=package.version,
            supplier=_supplier(package.supplier),
            declared=_normalise(package.license_declared),
            concluded=_normalise(package.license_concluded),
            where=f"{shown}#{package.spdx_id}",
            described=package.spdx_id in described,
        )
        for package in document.packages
    )
    if not statements:
        problems = (*problems, f"{shown}: the SPDX document describes no package")
    return SpdxReadResult(statements, problems)


def _described(document: Any) -> set[str]:
    """SPDX ids of the packages the document DESCRIBES (2.1-2.3: ``documentDescribes`` and
    ``DESCRIBES`` / ``DESCRIBED_BY`` relationships with the document itself)."""
    doc_id = document.creation_info.spdx_id
    out: set[str] = set()
    for relation in document.relationships:
        kind = relation.relationship_type.name
        if kind == "DESCRIBES" and relation.spdx_element_id == doc_id:
            out.add(str(relation.related_spdx_element_id))
        elif kind == "DESCRIBED_BY" and str(relation.related_spdx_element_id) == doc_id:
            out.add(relation.spdx_element_id)
    return out


def normalise_expression(expression: str) -> str:
    """Return ``expression`` in canonical SPDX form (``mit or apache-2.0``: ``MIT OR Apache-2.0``).

    Unknown symbols (``LicenseRef-...``) are kept as written. Raises
    ``license_expression.ExpressionError`` for text that is not an expression.
    """
    parsed = _licensing().parse(expression)
    return str(parsed.render()) if parsed is not None else expression.strip()


def _parse(data: bytes, name: str) -> Any:
    """Parse with spdx-tools; tag-value goes through a parser that prints nothing.

    ``parse_file`` would open the file again by its name (what was checked need not be what
    is read) and builds the tag-value grammar with PLY's defaults, which write "Generating
    LALR tables" to standard error and a ``parser.out`` debug file. So the bytes already
    read are parsed, by the parsers under ``parse_file``.
    """
    text = _as_real_tools_write(data.decode("utf-8-sig"))
    if name.lower().endswith(".spdx"):
        from ply import yacc
        from spdx_tools.spdx.parser.tagvalue.parser import Parser

        parser = Parser(debug=False, write_tables=False, errorlog=yacc.NullLogger())
        return parser.parse(text)
    if name.lower().endswith(".json"):
        import json

        from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser

        return JsonLikeDictParser().parse(json.loads(text))
    raise ValueError(
        f"only SPDX tag-value (*.spdx) and JSON (*.spdx.json) documents are read; {name!r} "
        "is neither"
    )


# What real tools write and spdx-tools refuses: fractional seconds in timestamps (npm sbom)
# and three-part licence-list versions (sbom4python's 3.28.0). Both carry no licence
# meaning, so they are brought to the form the parser accepts before parsing.
_FRACTIONAL_SECONDS = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d{1,9}Z")
_LIST_VERSION = re.compile(r"((?:licenseListVersion\"?\s*:\s*\"?)|(?:LicenseListVersion:\s*))"
                           r"(\d+\.\d+)\.\d+")  # fmt: skip


def _as_real_tools_write(text: str) -> str:
    text = _FRACTIONAL_SECONDS.sub(r"\1Z", text)
    return _LIST_VERSION.sub(r"\1\2", text)


@cache
def _licensing() -> Licensing:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def _validation_problems(document: Any, shown: str) -> tuple[str, ...]:
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    try:
        version = document.creation_info.spdx_version
        # spdx-tools validates 2.2 and 2.3 only; 2.1 (``reuse spdx`` writes it) is checked by
        # the 2.2 rules, which add fields but remove none of 2.1's.
        if version == "SPDX-2.1":
            document.creation_info.spdx_version = "SPDX-2.2"
        try:
            messages = validate_full_spdx_document(document)
        finally:
            document.creation_info.spdx_version = version
    except Exception as exc:  # a validator defect must not hide the statements we did parse
        return (f"{shown}: SPDX validation could not run: {_describe(exc)}",)
    found = [f"{shown}: invalid SPDX: {m.validation_message}" for m in messages]
    if len(found) > _MAX_VALIDATION_PROBLEMS:
        extra = len(found) - _MAX_VALIDATION_PROBLEMS
        found = found[:_MAX_VALIDATION_PROBLEMS]
        found.append(f"{shown}: and {extra} more SPDX validation messages")
    return tuple(found)


def _normalise(value: Any) -> str | None:
    """A package licence field as a canonical expression, ``"NONE"``, or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or text == NO_ASSERTION:
        return None
    if text == NONE:
        return NONE
    try:
        return normalise_expression(text)
    except Exception:  # the parser accepted it, so keep the text as the document wrote it
        return text


def _supplier(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return None if not text or text == NO_ASSERTION else text


def _describe(exc: Exception) -> str:
    messages = getattr(exc, "messages", None)
    if isinstance(messages, list) and messages:
        shown = "; ".join(str(m) for m in messages[:3])
        more = f" (and {len(messages) - 3} more)" if len(messages) > 3 else ""
        return shown + more
    return str(exc) or type(exc).__name__
