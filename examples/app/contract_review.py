"""Legal's contract review: clause extraction with Claude, called directly."""

from __future__ import annotations

import anthropic

REVIEW_MODEL = "claude-sonnet-4"

client = anthropic.Anthropic()


def review(contract: str) -> str:
    """The clauses of ``contract`` that deviate from the playbook, with reasons."""
    message = client.messages.create(
        model=REVIEW_MODEL,
        max_tokens=2048,
        messages=[{"role": "user", "content": contract}],
    )
    return message.content[0].text
