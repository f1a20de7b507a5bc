"""Finding fingerprints: unique per finding, blind to lines, paths, wording and versions."""

from __future__ import annotations

from dataclasses import replace

from audit.findings import (
    Finding,
    Location,
    Severity,
    assign_fingerprints,
    fingerprint_of,
)


def finding(message: str = "m", *, line: int = 3, subject: str | None = None, **kw: str) -> Finding:
    fields = {"rule": "LIC006", "model": "chat", "use_case": None, **kw}
    return Finding(
        rule=fields["rule"],
        name="attribution-missing",
        family="licence",
        severity=Severity.HIGH,
        model=fields["model"],
        use_case=fields["use_case"],
        message=message,
        citation="c",
        remediation="r",
        location=Location("inventory.yaml", line),
        subject=subject,
    )


def test_line_path_and_wording_do_not_change_a_fingerprint() -> None:
    (base,) = assign_fingerprints([finding()])
    (moved,) = assign_fingerprints(
        [replace(finding("reworded"), location=Location("x/y.yaml", 90))]
    )
    assert base.fingerprint == moved.fingerprint
    assert len(base.fingerprint) == 32


def test_rule_model_and_use_case_each_change_it() -> None:
    prints = {
        f.fingerprint
        for f in assign_fingerprints(
            [finding(), finding(rule="LIC007"), finding(model="other"), finding(use_case="uc")]
        )
    }
    assert len(prints) == 4


def test_two_hits_of_one_rule_on_one_line_get_two_fingerprints() -> None:
    first, second = assign_fingerprints([finding("notice A"), finding("notice B")])
    assert first.fingerprint != second.fingerprint


def test_a_subject_keeps_the_fingerprint_when_a_twin_appears() -> None:
    (alone,) = assign_fingerprints([finding("notice A", subject="llama3.1: Built with Llama")])
    a, _ = assign_fingerprints(
        [
            finding("notice A, reworded", subject="llama3.1: Built with Llama"),
            finding("notice B", subject="llama3.1: Llama 3.1 is licensed under"),
        ]
    )
    assert a.fingerprint == alone.fingerprint


def test_the_scheme_is_pinned() -> None:
    """A tool upgrade must not change fingerprints: this value is part of the contract."""
    assert fingerprint_of("LIC006", "chat", None, None) == fingerprint_of("LIC006", "chat", "", "")
    assert fingerprint_of("LIC006", "chat", None, None) == "23ca65194d78aeec03bcd6ee426c60d0"
