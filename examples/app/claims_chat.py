"""Nordlicht claims portal: answers policyholders' questions about their claims.

Chat goes through the LiteLLM proxy (litellm/config.yaml), which sends routine questions to
the self-hosted Llama in Frankfurt and hard cases to a frontier API. Similar past claims are
found with a multilingual embedding model that runs in-process.
"""

from __future__ import annotations

import logging

from openai import OpenAI
from sentence_transformers import SentenceTransformer
from transformers import AutoTokenizer

log = logging.getLogger("claims-chat")

CHAT_ROUTE = "claims-chat"
HARD_CASES_ROUTE = "hard-cases"
TOKENIZER = "meta-llama/Llama-3.1-8B-Instruct"

proxy = OpenAI(base_url="http://litellm.claims.svc:4000/v1", api_key="sk-internal")
tokenizer = AutoTokenizer.from_pretrained(TOKENIZER)
# Embeddings for "similar claims"; not yet declared in examples/inventory.yaml.
claims_index = SentenceTransformer("intfloat/multilingual-e5-large")


def answer(question: str, claim_notes: list[str], hard: bool = False) -> str:
    """Answer one question from the claim's notes, within the model's context window."""
    notes = "\n".join(claim_notes)
    if len(tokenizer(notes)["input_ids"]) > 100_000:
        log.warning("claim notes too long for meta-llama/Llama-3.1-8B-Instruct; truncating")
        notes = notes[:200_000]
    reply = proxy.chat.completions.create(
        model=HARD_CASES_ROUTE if hard else CHAT_ROUTE,
        messages=[
            {"role": "system", "content": "Answer from the claim notes only."},
            {"role": "user", "content": f"{notes}\n\n{question}"},
        ],
    )
    return reply.choices[0].message.content or ""


def similar_claims(text: str) -> list[float]:
    """The embedding of a claim description, for the similar-claims search."""
    return claims_index.encode([f"query: {text}"])[0].tolist()
