"""AIA004 transparency: the Art. 50 duties of a use case, named for whoever bears them.

An organisation that builds its own AI system (``ai_act.built_in_house``) is that system's
provider (Art. 3(3)), so the provider's Art. 50(1) and 50(2) duties are its own: the message
says so in its own name and never points at "the provider" as someone else.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.findings import Hit, Severity
from audit.rules.ai_act.common import (
    FAMILY,
    acts_as_deployer,
    acts_as_provider,
    data,
    dated_hit,
    legal_basis_evidence,
    subject,
    transparency_paragraphs,
)
from audit.rules.context import AuditContext, UseCaseView
from audit.rules.registry import rule

TRANSPARENCY_DUTY = {
    "Art. 50(1)": "art50-1-disclose-ai",
    "Art. 50(2)": "art50-2-mark-output",
    "Art. 50(3)": "art50-3-inform-exposed",
    "Art. 50(4)": "art50-4-label-deep-fake",
    "Art. 50(4), second subparagraph": "art50-4-public-interest-text",
}
"""Each Art. 50 paragraph the inventory can trigger, and its obligation in obligations.yaml."""

_FLAGS = (
    ("interacts_with_people", "Art. 50(1)"),
    ("generates_synthetic_content", "Art. 50(2)"),
    ("emotion_recognition", "Art. 50(3)"),
    ("deep_fake", "Art. 50(4)"),
    ("public_interest_text", "Art. 50(4), second subparagraph"),
)


def _details() -> str:
    lines = []
    for flag, para in _FLAGS:
        duty = data().obligations[TRANSPARENCY_DUTY[para]]
        lines.append(f"{flag} -> {duty.article} ({duty.role}): {duty.duty.strip()}")
    return (
        "Flags and duties:\n  "
        + "\n  ".join(lines)
        + "\nWhen ai_act.built_in_house is true the organisation is the system's provider "
        "(Art. 3(3)) and its deployer, so every duty listed is its own.\n"
        "public_interest_text is exempt when human_editorial_review and "
        "editorial_responsibility_holder are both true.\n"
        "Once a duty is met (the disclosure shown, the marking in place), record it with a "
        "waiver naming the rule, the model and where the disclosure is.\n"
        f"Applies from: {data().dated('transparency').describe()}; marking for systems placed "
        f"on the market before then: {data().dated('transparency-marking-legacy').describe()}\n"
        f"{legal_basis_evidence()}"
    )


@rule(
    id="AIA004",
    name="transparency",
    family=FAMILY,
    severity=Severity.MEDIUM,
    summary=(
        "a use case interacts with people, generates synthetic content, makes deep fakes, "
        "publishes AI text on matters of public interest or recognises emotions (Art. 50)"
    ),
    citation="EU AI Act Art. 50",
    remediation=(
        "Tell people they are dealing with an AI system, mark synthetic output "
        "machine-readably, label deep fakes and AI-generated public-interest text (or put the "
        "text under human editorial control with a person responsible: set "
        "human_editorial_review and editorial_responsibility_holder), and inform people "
        "exposed to emotion recognition; once done, record a waiver saying where the "
        "disclosure is shown."
    ),
    details=_details(),
    scope="use case",
)
def transparency(ctx: AuditContext) -> Iterator[Hit]:
    """Each Art. 50 flag set on a use case is one duty to disclose or mark."""
    for uc in ctx.use_cases():
        for flag, paragraph in transparency_paragraphs(uc):
            duty = data().obligations[TRANSPARENCY_DUTY[paragraph]]
            yield dated_hit(
                "transparency",
                ctx.as_of,
                message=(
                    f"{subject(uc)} sets ai_act.{flag}: {paragraph} requires: "
                    f"{duty.duty.strip()} {holder_sentence(uc, duty.role)}"
                    f"{_transparency_extra(uc, paragraph)}"
                ),
                location=uc.at("ai_act", flag),
                model=uc.model.id,
                use_case=uc.id,
                evidence=(f"Source: {duty.source.cite()}",),
                citation=f"EU AI Act {paragraph}",
            )


def holder_sentence(uc: UseCaseView, duty_role: str) -> str:
    """Who must act, in the organisation's own name whenever the duty is its own."""
    built = uc.use_case.ai_act.built_in_house
    if duty_role == "provider" and acts_as_provider(uc):
        why = (
            "it builds this system and puts it into service under its own name (Art. 3(3))"
            if built
            else "it is the provider (role: provider)"
        )
        return f"The organisation bears this duty itself: {why}."
    if duty_role == "deployer" and acts_as_deployer(uc):
        return "The organisation bears this duty itself as the system's deployer."
    if duty_role == "provider":
        return (
            "The duty lies with the provider of the AI system, a third party here (role: "
            "deployer, not built in house); as deployer, make sure it is met before use."
        )
    return (
        "The duty lies with whoever deploys the system; as provider, design the system so "
        "that its deployers can meet it."
    )


def _transparency_extra(uc: UseCaseView, paragraph: str) -> str:
    """Paragraph-specific caveats: the Omnibus grace period, the Art. 5(1)(f) ban."""
    if paragraph == "Art. 50(2)":
        grace = data().dated("transparency-marking-legacy")
        return (
            f" Systems placed on the market before {data().dated('transparency').applies_from}"
            f" have until {grace.describe()}."
        )
    if paragraph == "Art. 50(3)" and uc.use_case.ai_act.area in ("employment", "education"):
        ban = data().practices["emotion-recognition-work-education"]
        return (
            f" Emotion recognition at work or in education is prohibited by {ban.reference} "
            "unless for medical or safety reasons; if that is this use, set ai_act.area "
            "'emotion-recognition-work-education'."
        )
    if paragraph == "Art. 50(4), second subparagraph":
        return (
            " No disclosure is needed where the text has undergone human review or editorial "
            "control and a person holds editorial responsibility (set human_editorial_review "
            "and editorial_responsibility_holder)."
        )
    return ""
