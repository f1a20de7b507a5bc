"""Small real model files for the tests and the benchmark: GGUF written with the ``gguf``
package, safetensors with a JSON header, and a Hugging Face cache laid out as huggingface_hub
writes it."""

from __future__ import annotations

import json
import struct
from pathlib import Path


def write_gguf(path: Path, metadata: dict[str, str | int]) -> Path:
    """A GGUF file holding ``metadata`` and one tiny tensor."""
    import numpy as np
    from gguf import GGUFWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = GGUFWriter(str(path), "llama")
    for key, value in metadata.items():
        if isinstance(value, int):
            writer.add_uint32(key, value)
        else:
            writer.add_string(key, value)
    writer.add_tensor("token_embd.weight", np.zeros((2, 2), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def write_safetensors(path: Path, metadata: dict[str, str]) -> Path:
    """A safetensors file with ``metadata`` and one 2x2 float32 tensor."""
    header = {
        "__metadata__": metadata,
        "w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
    }
    raw = json.dumps(header).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + b"\0" * 16)
    return path


def write_hf_cache(
    cache: Path, repo_id: str, commit: str, card: str, ref: str = "main", kind: str = "models"
) -> Path:
    """One cached revision (of a model, or ``kind="datasets"``) with its README, as
    huggingface_hub lays the cache out."""
    repo = cache / f"{kind}--{repo_id.replace('/', '--')}"
    blob = repo / "blobs" / ("b" * 40)
    blob.parent.mkdir(parents=True, exist_ok=True)
    blob.write_text(card, encoding="utf-8")
    (repo / "refs").mkdir(exist_ok=True)
    (repo / "refs" / ref).write_text(commit, encoding="utf-8")
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True, exist_ok=True)
    (snapshot / "README.md").symlink_to(Path("..") / ".." / "blobs" / blob.name)
    return repo
