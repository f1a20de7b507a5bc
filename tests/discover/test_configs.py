"""LiteLLM configs, serving configs (Dockerfiles, compose, Kubernetes, Helm, shell), Ollama
Modelfiles and .env files, each beside a near miss."""

from __future__ import annotations

import textwrap

from audit.discover.configs import (
    read_dockerfile,
    read_dotenv,
    read_modelfile,
    read_shell,
    read_yaml,
)
from audit.discover.interface import Origin

LITELLM = """\
# gpt-4o routes to the EU deployment; model: not-a-model-in-a-comment
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o-eu
      api_base: https://acme-swc.openai.azure.com
      api_key: os.environ/AZURE_API_KEY
    model_info:
      base_model: azure/gpt-4o-2024-08-06
  - model_name: claude
    litellm_params:
      model: bedrock/eu.anthropic.claude-3-7-sonnet-20250219-v1:0
      aws_region_name: eu-central-1
  - model_name: gemini
    litellm_params:
      model: vertex_ai/gemini-1.5-pro
      vertex_location: os.environ/VERTEX_LOCATION
  - model_name: local
    litellm_params:
      model: hosted_vllm/meta-llama/Llama-3.1-8B-Instruct
      api_base: http://vllm:8000/v1
  - model_name: secret
    litellm_params:
      model: os.environ/SECRET_MODEL
router_settings:
  routing_strategy: simple-shuffle
"""


def test_litellm_models_where_they_run_and_their_aliases() -> None:
    found = read_yaml(LITELLM, "config.yaml")
    got = [
        (r.model, r.provider, r.alias, r.region, r.base_url, r.evidence.line, r.origin)
        for r in found.references
    ]
    assert got == [
        ("gpt-4o-eu", "azure-openai", "gpt-4o", None, "https://acme-swc.openai.azure.com", 5,
         Origin.API),
        ("eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "amazon-bedrock", "claude",
         "eu-central-1", None, 12, Origin.API),
        ("gemini-1.5-pro", "google-vertex", "gemini", None, None, 16, Origin.API),
        ("meta-llama/Llama-3.1-8B-Instruct", None, "local", None, "http://vllm:8000/v1", 20,
         Origin.HUB),
    ]  # fmt: skip
    assert found.references[0].base_model == "gpt-4o-2024-08-06"
    assert any("os.environ/VERTEX_LOCATION" in n for n in found.references[2].notes)
    assert [(u.evidence.line, "left unresolved" in u.reason) for u in found.unresolved] == [
        (24, True)
    ]


def test_yaml_that_is_not_litellm_and_has_no_serving_keys_gives_nothing() -> None:
    text = (
        "models:\n  - name: meta-llama/Llama-3.1-8B\n    model: gpt-4o\nimage: vllm/vllm-openai\n"
    )
    assert read_yaml(text, "x.yaml").references == ()


def test_compose_command_environment_and_image_near_miss() -> None:
    text = textwrap.dedent(
        """\
        services:
          vllm:
            image: vllm/vllm-openai:v0.6.3
            command: ["--model", "mistralai/Mistral-7B-Instruct-v0.3", "--revision", "main"]
          tgi:
            image: ghcr.io/huggingface/text-generation-inference:2.4
            environment:
              - MODEL_ID=Qwen/Qwen2.5-7B-Instruct
              - MAX_TOTAL_TOKENS=4096
          ollama:
            image: ollama/ollama
            environment:
              OLLAMA_MODEL: llama3.1:8b
        """
    )
    found = read_yaml(text, "compose.yaml")
    got = [(r.model, r.evidence.line, r.revision, r.origin) for r in found.references]
    assert got == [
        ("mistralai/Mistral-7B-Instruct-v0.3", 4, "main", Origin.HUB),
        ("Qwen/Qwen2.5-7B-Instruct", 8, None, Origin.HUB),
        ("llama3.1:8b", 13, None, Origin.OLLAMA),
    ]


def test_kubernetes_manifest_env_and_args_across_documents() -> None:
    text = textwrap.dedent(
        """\
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: x}
        ---
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                - name: tgi
                  args:
                    - --model-id
                    - $(MODEL)
                  env:
                    - name: HF_MODEL_ID
                      value: google/gemma-2-9b-it
                    - name: PORT
                      value: "8080"
                - name: vllm
                  command: ["vllm", "serve", "microsoft/Phi-3-mini-4k-instruct"]
        """
    )
    found = read_yaml(text, "deploy.yaml")
    assert [(r.model, r.evidence.line) for r in found.references] == [
        ("google/gemma-2-9b-it", 17),
        ("microsoft/Phi-3-mini-4k-instruct", 21),
    ]
    assert [u.evidence.line for u in found.unresolved] == [14]


def test_helm_values_model_keys() -> None:
    text = (
        "servingEngineSpec:\n  modelSpec:\n    - name: llama\n      modelURL: x\n"
        "      modelId: meta-llama/Llama-3.2-3B-Instruct\nreplicaCount: 2\n"
    )
    found = read_yaml(text, "values.yaml")
    assert [(r.model, r.evidence.line) for r in found.references] == [
        ("meta-llama/Llama-3.2-3B-Instruct", 5)
    ]


def test_broken_or_huge_yaml_is_a_problem() -> None:
    assert read_yaml("a: [unclosed\n", "x.yaml").problems
    bomb = (
        "a: &a ["
        + ",".join(["x"] * 10)
        + "]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n"
            for i in range(8)
        )
    )
    assert read_yaml(bomb, "bomb.yaml").problems


def test_dockerfile_env_cmd_and_the_from_image_near_miss() -> None:
    text = textwrap.dedent(
        """\
        FROM vllm/vllm-openai:latest
        ARG MODEL_ID=meta-llama/Llama-3.1-8B-Instruct
        ENV HF_HOME=/cache \\
            PORT=8000
        RUN pip install -q hf_transfer && \\
            huggingface-cli download BAAI/bge-m3 --local-dir /models/bge
        # RUN huggingface-cli download org/commented-out
        CMD ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192"]
        """
    )
    found = read_dockerfile(text, "Dockerfile")
    assert [(r.model, r.evidence.line) for r in found.references] == [
        ("meta-llama/Llama-3.1-8B-Instruct", 2),
        ("BAAI/bge-m3", 6),
        ("meta-llama/Llama-3.1-8B-Instruct", 8),
    ]


def test_shell_scripts() -> None:
    text = textwrap.dedent(
        """\
        #!/bin/sh
        export VLLM_MODEL=Qwen/Qwen2.5-Coder-7B-Instruct
        echo "serving meta-llama/Llama-3.1-8B"
        ollama pull nomic-embed-text
        python -m vllm.entrypoints.openai.api_server \\
          --model "$VLLM_MODEL" --port 8000
        python -m mytool -m not-a-model
        """
    )
    found = read_shell(text, "serve.sh")
    assert [(r.model, r.evidence.line) for r in found.references] == [
        ("Qwen/Qwen2.5-Coder-7B-Instruct", 2),
        ("nomic-embed-text", 4),
    ]
    assert [u.evidence.line for u in found.unresolved] == [6]  # the line of --model


def test_modelfile_from_and_licence() -> None:
    text = (
        'FROM llama3.1:8b\nPARAMETER temperature 0.2\nLICENSE """\n'
        'LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nmore\n"""\n'
    )
    found = read_modelfile(text, "Modelfile")
    ref = found.references[0]
    assert (ref.model, ref.origin, ref.licence, ref.evidence.line) == (
        "llama3.1:8b", Origin.OLLAMA, "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT", 1
    )  # fmt: skip
    local = read_modelfile("# FROM commented\nFROM ./acme-q4.gguf\n", "Modelfile").references
    assert [(r.model, r.origin, r.evidence.line) for r in local] == [
        ("./acme-q4.gguf", Origin.LOCAL, 2)
    ]


def test_dotenv_model_variables_with_their_provider_settings() -> None:
    text = textwrap.dedent(
        """\
        # OPENAI_MODEL=gpt-3.5-turbo (old)
        AZURE_OPENAI_ENDPOINT=https://acme-swc.openai.azure.com
        AZURE_OPENAI_DEPLOYMENT=gpt-4o-prod
        BEDROCK_MODEL_ID="anthropic.claude-3-haiku-20240307-v1:0"
        AWS_REGION=eu-west-1
        MODEL_TIMEOUT=30
        LOG_LEVEL=info
        """
    )
    found = read_dotenv(text, ".env")
    got = [(r.model, r.provider, r.base_url, r.region, r.evidence.line) for r in found.references]
    assert got == [
        ("gpt-4o-prod", "azure-openai", "https://acme-swc.openai.azure.com", None, 3),
        ("anthropic.claude-3-haiku-20240307-v1:0", "amazon-bedrock", None, "eu-west-1", 4),
    ]
