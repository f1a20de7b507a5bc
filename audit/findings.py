"""Findings: what a rule reports, where in the inventory, and how sure it is."""

from __future__ import annotations

import enum
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace


class Severity(str, enum.Enum):
    """Severity of a finding, ordered from most to least serious."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Return 4 for critical down to 0 for info, so that larger means more serious."""
        return _RANK[self]

    def at_least(self, other: Severity) -> bool:
        """Return True when this severity is as serious as ``other`` or more."""
        return self.rank >= other.rank


_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}

SEVERITIES: tuple[Severity, ...] = tuple(Severity)
"""All severities, most serious first."""


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file that a finding points at."""

    path: str
    """The inventory path as the user gave it."""
    line: int
    """1-based line number; 0 when the place has no line (e.g. a default value)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class WaiverStatus:
    """How a waiver applied to one finding."""

    reason: str
    approved_by: str
    expires: str | None
    """ISO date, or None for a waiver without expiry."""
    expired: bool
    """True when the waiver matched but its expiry date lies before ``--as-of``."""
    location: Location
    lapsed: str | None = None
    """Why a waiver tied to a licence (``while_licence``) no longer applies, when it does not:
    the model now resolves to another licence."""

    @property
    def in_force(self) -> bool:
        """True when the waiver silences its finding: neither expired nor lapsed."""
        return not self.expired and self.lapsed is None


@dataclass(frozen=True)
class Hit:
    """What a rule reports; the engine completes it with the rule's metadata.

    ``severity``, ``citation`` and ``remediation`` override the rule's defaults when set,
    e.g. a licence-specific section or an AI Act duty that does not apply yet.
    """

    message: str
    location: Location
    model: str | None = None
    use_case: str | None = None
    evidence: tuple[str, ...] = ()
    severity: Severity | None = None
    citation: str | None = None
    remediation: str | None = None
    subject: str | None = None
    """What, beyond model and use case, this hit is about (a region, a licence's notice), for
    a rule that can fire more than once per model or use case. It keeps the finding's
    fingerprint stable when a twin appears or the message is reworded."""


@dataclass(frozen=True)
class Finding:
    """One rule violation (or advisory) for one model or use case."""

    rule: str
    """Stable rule id, e.g. ``LIC006``."""
    name: str
    """Rule name, e.g. ``attribution-missing``."""
    family: str
    """``licence``, ``gdpr``, ``ai-act`` or ``advisory``."""
    severity: Severity
    model: str | None
    use_case: str | None
    message: str
    citation: str
    remediation: str
    location: Location
    evidence: tuple[str, ...] = ()
    waiver: WaiverStatus | None = field(default=None)
    subject: str | None = None
    """See ``Hit.subject``."""
    fingerprint: str = ""
    """Stable identity of the finding within its inventory (``assign_fingerprints``)."""

    @property
    def waived(self) -> bool:
        """True when an unexpired waiver covers this finding."""
        return self.waiver is not None and self.waiver.in_force

    def sort_key(self) -> tuple[int, str, str, str, int, str]:
        """Order findings: most severe first, then by rule, model, use case, line, message."""
        return (
            -self.severity.rank,
            self.rule,
            self.model or "",
            self.use_case or "",
            self.location.line,
            self.message,
        )


FINGERPRINT_SCHEME = "model-audit/finding/v1"
"""Salt of every fingerprint; changed only if the identity below ever has to change."""


def fingerprint_of(
    rule: str, model: str | None, use_case: str | None, subject: str | None, tiebreak: str = ""
) -> str:
    """The fingerprint of a finding with this identity: 32 lower-case hex digits.

    It depends on what the finding is about (rule, model id, use-case id, subject) and on
    nothing that moves when unrelated entries are edited or the tool is upgraded: no line
    number, no path, no message wording, no tool version. ``tiebreak`` is only given when two
    findings share every other part.
    """
    parts = (FINGERPRINT_SCHEME, rule, model or "", use_case or "", subject or "", tiebreak)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def assign_fingerprints(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """``findings`` with their fingerprints set, unique among them.

    Findings that share rule, model, use case and subject (a rule that fires twice without
    naming a subject) are told apart by their message, so each fingerprint names exactly one
    finding; the engine has already dropped findings identical in all four and the message.
    """

    def identity(f: Finding) -> tuple[str, str, str, str]:
        return (f.rule, f.model or "", f.use_case or "", f.subject or "")

    shared = Counter(identity(f) for f in findings)
    out = []
    for f in findings:
        tiebreak = f.message if shared[identity(f)] > 1 else ""
        fingerprint = fingerprint_of(f.rule, f.model, f.use_case, f.subject, tiebreak)
        out.append(replace(f, fingerprint=fingerprint))
    return tuple(out)
