"""Python and notebooks: every recognised call style, each beside a near miss that is not a
reference (a model id in a comment, a docstring or a log message)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from audit.discover import discover
from audit.discover.interface import Confidence, Origin, Reference
from audit.discover.notebook import read_notebook
from audit.discover.python_reader import read_python


def refs(source: str) -> list[Reference]:
    found = read_python(textwrap.dedent(source), "app.py")
    assert not found.problems
    return list(found.references)


def names(source: str) -> list[str]:
    return [r.model for r in refs(source)]


def test_from_pretrained_with_a_constant_and_its_line() -> None:
    found = refs(
        """\
        from transformers import AutoModelForCausalLM

        BASE = "meta-llama/Llama-3.1-8B-Instruct"
        # AutoModelForCausalLM.from_pretrained("org/in-a-comment")
        model = AutoModelForCausalLM.from_pretrained(BASE, revision="v1.0")
        """
    )
    assert [(r.model, r.evidence.line, r.revision, r.confidence) for r in found] == [
        ("meta-llama/Llama-3.1-8B-Instruct", 5, "v1.0", Confidence.HIGH)
    ]
    assert found[0].notes == ("constant BASE (line 3)",)


def test_a_model_id_in_a_log_message_or_docstring_is_not_a_reference() -> None:
    assert (
        names(
            '''\
        import logging
        """Fine-tuned from mistralai/Mistral-7B-v0.1."""
        log = logging.getLogger(__name__)
        log.info("loading model meta-llama/Llama-3.1-8B")
        print(f"model=gpt-4o")
        MODEL_CARD = "see google/gemma-2-9b"
        '''
        )
        == []
    )


def test_pipeline_keyword_and_position_but_not_a_model_object() -> None:
    assert names(
        """\
        from transformers import pipeline, AutoModel
        a = pipeline("sentiment-analysis", model="distilbert/distilbert-base-uncased")
        b = pipeline("ner", "dslim/bert-base-NER")
        m = AutoModel.from_pretrained("google-bert/bert-base-cased")
        c = pipeline("fill-mask", model=m)
        """
    ) == [
        "distilbert/distilbert-base-uncased",
        "dslim/bert-base-NER",
        "google-bert/bert-base-cased",
    ]


def test_pipeline_from_another_library_is_a_near_miss() -> None:
    assert names('from sklearn.pipeline import pipeline\npipeline("x", model="org/not")\n') == []


def test_hub_downloads_but_not_datasets() -> None:
    assert names(
        """\
        from huggingface_hub import snapshot_download, hf_hub_download
        snapshot_download(repo_id="Qwen/Qwen2.5-7B-Instruct", revision="main")
        hf_hub_download("TheBloke/Llama-2-7B-GGUF", "llama-2-7b.Q4_K_M.gguf")
        snapshot_download(repo_id="HuggingFaceFW/fineweb", repo_type="dataset")
        """
    ) == ["Qwen/Qwen2.5-7B-Instruct", "TheBloke/Llama-2-7B-GGUF"]


def test_sentence_transformers_vllm_and_peft() -> None:
    found = refs(
        """\
        from sentence_transformers import SentenceTransformer, CrossEncoder
        from vllm import LLM
        from peft import PeftModel
        emb = SentenceTransformer("BAAI/bge-m3")
        rr = CrossEncoder(model_name="cross-encoder/ms-marco-MiniLM-L-6-v2")
        llm = LLM(model="mistralai/Mistral-7B-Instruct-v0.3", revision="abc123")
        tuned = PeftModel.from_pretrained(base, "acme/lora-adapter")
        """
    )
    assert [(r.model, r.kind) for r in found] == [
        ("BAAI/bge-m3", "sentence-transformers"),
        ("cross-encoder/ms-marco-MiniLM-L-6-v2", "sentence-transformers"),
        ("mistralai/Mistral-7B-Instruct-v0.3", "vllm"),
        ("acme/lora-adapter", "peft"),
    ]


def test_an_llm_class_not_from_vllm_is_a_near_miss() -> None:
    assert names('from mylib import LLM\nLLM(model="org/not-vllm")\n') == []


def test_openai_and_azure_clients_with_their_endpoints() -> None:
    found = refs(
        """\
        from openai import OpenAI, AzureOpenAI
        client = OpenAI(base_url="https://eu.api.openai.com/v1")
        azure = AzureOpenAI(azure_endpoint="https://acme-we.openai.azure.com", api_version="x")
        client.chat.completions.create(model="gpt-4o-mini", messages=[])
        azure.chat.completions.create(model="gpt-4o-deployment", messages=[])
        client.responses.create(model="o3-mini", input="hi")
        client.files.list(model="not-a-model-call")
        """
    )
    assert [(r.model, r.provider, r.base_url) for r in found] == [
        ("gpt-4o-mini", "openai", "https://eu.api.openai.com/v1"),
        ("gpt-4o-deployment", "azure-openai", "https://acme-we.openai.azure.com"),
        ("o3-mini", "openai", "https://eu.api.openai.com/v1"),
    ]


def test_anthropic_mistral_cohere_and_gemini() -> None:
    found = refs(
        """\
        import anthropic, cohere
        from mistralai import Mistral
        from google import genai
        claude = anthropic.Anthropic()
        claude.messages.create(model="claude-sonnet-4-20250514", max_tokens=10, messages=[])
        Mistral(api_key="k").chat.complete(model="mistral-large-latest", messages=[])
        mistral = Mistral(api_key="k")
        mistral.chat.complete(model="mistral-small-latest", messages=[])
        co = cohere.ClientV2()
        co.chat(model="command-r-plus", messages=[])
        g = genai.Client(vertexai=True, project="p", location="europe-west4")
        g.models.generate_content(model="gemini-2.0-flash", contents="x")
        """
    )
    got = [(r.model, r.provider, r.region) for r in found]
    assert ("claude-sonnet-4-20250514", "anthropic", None) in got
    assert ("mistral-small-latest", "mistral", None) in got
    assert ("command-r-plus", "cohere", None) in got
    assert ("gemini-2.0-flash", "google-vertex", "europe-west4") in got


def test_bedrock_invoke_model_and_converse_with_the_region() -> None:
    found = refs(
        """\
        import boto3
        REGION = "eu-central-1"
        brt = boto3.client("bedrock-runtime", region_name=REGION)
        brt.converse(modelId="eu.anthropic.claude-3-7-sonnet-20250219-v1:0", messages=[])
        brt.invoke_model(modelId="amazon.titan-embed-text-v2:0", body="{}")
        s3 = boto3.client("s3")
        s3.get_object(Bucket="b", Key="anthropic.claude-v2")
        """
    )
    assert [(r.model, r.provider, r.region) for r in found] == [
        ("eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "amazon-bedrock", "eu-central-1"),
        ("amazon.titan-embed-text-v2:0", "amazon-bedrock", "eu-central-1"),
    ]


def test_vertex_generative_model_takes_the_init_location() -> None:
    found = refs(
        """\
        import vertexai
        from vertexai.generative_models import GenerativeModel
        vertexai.init(project="p", location="europe-west3")
        model = GenerativeModel("gemini-1.5-pro-002")
        """
    )
    assert [(r.model, r.provider, r.region) for r in found] == [
        ("gemini-1.5-pro-002", "google-vertex", "europe-west3")
    ]


def test_litellm_calls_strip_the_provider_prefix() -> None:
    found = refs(
        """\
        import litellm
        litellm.completion(model="bedrock/anthropic.claude-3-haiku-20240307-v1:0", messages=[])
        litellm.completion(model="ollama/llama3.1", messages=[], api_base="http://localhost:11434")
        """
    )
    assert [(r.model, r.provider, r.origin) for r in found] == [
        ("anthropic.claude-3-haiku-20240307-v1:0", "amazon-bedrock", Origin.API),
        ("llama3.1", None, Origin.OLLAMA),
    ]


def test_environment_defaults_parameters_and_settings_are_resolved() -> None:
    found = refs(
        """\
        import os
        from transformers import AutoModel, AutoTokenizer
        from sentence_transformers import SentenceTransformer
        EMBED = os.getenv("EMBED_MODEL", "BAAI/bge-small-en-v1.5")
        class Settings:
            chat_model: str = "Qwen/Qwen2.5-7B-Instruct"
        settings = Settings()
        def load(name="google/flan-t5-base"):
            return AutoModel.from_pretrained(name)
        SentenceTransformer(EMBED)
        AutoTokenizer.from_pretrained(settings.chat_model)
        AutoModel.from_pretrained(f"{'acme'}/model-{'v2'}")
        """
    )
    got = {r.model: r.confidence for r in found}
    assert got == {
        "google/flan-t5-base": Confidence.HIGH,
        "BAAI/bge-small-en-v1.5": Confidence.MEDIUM,
        "Qwen/Qwen2.5-7B-Instruct": Confidence.MEDIUM,
        "acme/model-v2": Confidence.HIGH,
    }


def test_unresolvable_values_are_reported_not_guessed() -> None:
    found = read_python(
        textwrap.dedent(
            """\
            import os
            from transformers import AutoModel
            AutoModel.from_pretrained(os.environ["MODEL_ID"])
            AutoModel.from_pretrained(config.model_path)
            """
        ),
        "app.py",
    )
    assert found.references == ()
    assert [(u.evidence.line, u.reason) for u in found.unresolved] == [
        (3, "read from environment variable MODEL_ID at run time"),
    ]
    # a name another module may define waits for the whole tree (test_cross_module_...)
    assert [(d.name, d.unresolved.evidence.line) for d in found.deferred] == [("model_path", 4)]


def test_cross_module_settings_resolve_and_unknown_names_stay_unresolved(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(
        'EMBEDDER = "BAAI/bge-m3"\n\nclass Config:\n    chat_model: str = "gpt-4o"\n'
        "def local():\n    hidden = 'org/not-exported'\n",
        encoding="utf-8",
    )
    (tmp_path / "app.py").write_text(
        "from sentence_transformers import SentenceTransformer\n"
        "from openai import OpenAI\n"
        "from settings import EMBEDDER, config\n"
        "SentenceTransformer(EMBEDDER)\n"
        "OpenAI().chat.completions.create(model=config.chat_model, messages=[])\n"
        "SentenceTransformer(hidden)\n"
        "SentenceTransformer(config.nowhere)\n",
        encoding="utf-8",
    )
    found = discover([str(tmp_path)])
    got = [(r.evidence.line, r.model, r.confidence) for r in found.references]
    assert got == [(4, "BAAI/bge-m3", Confidence.MEDIUM), (5, "gpt-4o", Confidence.MEDIUM)]
    assert found.references[0].notes == (f"EMBEDDER from {tmp_path.as_posix()}/settings.py:1",)
    assert [u.evidence.line for u in found.unresolved] == [6, 7]


def test_local_paths_are_local_models() -> None:
    found = refs('from transformers import AutoModel\nAutoModel.from_pretrained("./models/x")\n')
    assert [(r.model, r.origin) for r in found] == [("./models/x", Origin.LOCAL)]


def test_a_syntax_error_is_a_problem_not_a_crash() -> None:
    found = read_python('def broken(:\n    AutoModel.from_pretrained("x")\n', "bad.py")
    assert found.references == ()
    assert found.problems and "bad.py" in found.problems[0]


def test_a_file_without_trigger_words_is_not_parsed() -> None:
    assert read_python("def f(:\n", "x.py").problems == ()


def _notebook(*cells: tuple[str, list[str]]) -> bytes:
    data = {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": src, "outputs": [],
             "execution_count": None}
            if kind == "code" else {"cell_type": kind, "metadata": {}, "source": src}
            for kind, src in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }  # fmt: skip
    return json.dumps(data, indent=1).encode()


def test_notebook_code_cells_share_names_and_markdown_is_ignored() -> None:
    data = _notebook(
        ("markdown", ["We use `meta-llama/Llama-3.1-8B` here\n"]),
        ("code", ["!pip install transformers\n", 'MODEL = "google/gemma-2-9b-it"\n']),
        ("code", ["from transformers import AutoModel\n", "AutoModel.from_pretrained(MODEL)\n"]),
    )
    found = read_notebook(data, "nb.ipynb")
    assert [r.model for r in found.references] == ["google/gemma-2-9b-it"]
    line = found.references[0].evidence.line
    assert "AutoModel.from_pretrained(MODEL)" in data.decode().splitlines()[line - 1]


@pytest.mark.parametrize("data", [b"{not json", b'{"cells": 3}', b"[]"])
def test_a_broken_notebook_is_a_problem(data: bytes) -> None:
    assert read_notebook(data, "nb.ipynb").problems
