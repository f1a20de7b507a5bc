"""Which Python calls take a model, and in which argument: the knowledge the reader applies.

Each entry names the call (by the last part of its dotted name, and the modules it must come
from when the name alone is too common), the argument that holds the model (a keyword, or a
position), and what the call tells about where the model runs. Sources: each library's
reference documentation (transformers ``from_pretrained`` and ``pipeline``,
huggingface_hub ``snapshot_download``/``hf_hub_download``, sentence-transformers, vLLM
``LLM``, the OpenAI, Anthropic, Mistral, Cohere, Google Gen AI and Vertex AI SDKs, boto3
``bedrock-runtime`` ``invoke_model``/``converse``, LangChain chat-model classes, LiteLLM
``completion``, Ollama's Python client).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from audit.discover.interface import Origin


@dataclass(frozen=True)
class ModelCall:
    """A call that takes a model in one of its arguments."""

    kind: str
    """The reference kind reported (``from_pretrained``, ``pipeline``...)."""
    keywords: tuple[str, ...]
    """Keyword arguments that hold the model, in order of preference."""
    position: int | None
    """The positional argument that holds it, when it may be passed by position."""
    origin: Origin
    provider: str | None = None
    modules: tuple[str, ...] = ()
    """When given, the name must be imported from one of these modules (``LLM`` from vllm)."""
    region_keywords: tuple[str, ...] = ()
    base_url_keywords: tuple[str, ...] = ()


HUB = Origin.HUB
API = Origin.API

FUNCTIONS: Mapping[str, ModelCall] = {
    "from_pretrained": ModelCall(
        "from_pretrained",
        ("pretrained_model_name_or_path", "model_name_or_path", "model_id"),
        0,
        HUB,
    ),
    "from_model_id": ModelCall("from_model_id", ("model_id",), 0, HUB),
    "pipeline": ModelCall("pipeline", ("model",), 1, HUB, modules=("transformers",)),
    "snapshot_download": ModelCall("snapshot_download", ("repo_id",), 0, HUB),
    "hf_hub_download": ModelCall("hf_hub_download", ("repo_id",), 0, HUB),
    "SentenceTransformer": ModelCall("sentence-transformers", ("model_name_or_path",), 0, HUB),
    "CrossEncoder": ModelCall(
        "sentence-transformers", ("model_name_or_path", "model_name"), 0, HUB
    ),
    "LLM": ModelCall("vllm", ("model",), 0, HUB, modules=("vllm",)),
    "AsyncEngineArgs": ModelCall("vllm", ("model",), None, HUB, modules=("vllm",)),
    "EngineArgs": ModelCall("vllm", ("model",), None, HUB, modules=("vllm",)),
    "HuggingFaceEmbeddings": ModelCall("langchain", ("model_name", "model"), None, HUB),
    "GenerativeModel": ModelCall("gemini", ("model_name",), 0, API),
    "ChatOpenAI": ModelCall(
        "langchain",
        ("model", "model_name"),
        None,
        API,
        "openai",
        base_url_keywords=("base_url", "openai_api_base"),
    ),
    "OpenAIEmbeddings": ModelCall("langchain", ("model",), None, API, "openai"),
    "AzureChatOpenAI": ModelCall(
        "langchain",
        ("azure_deployment", "deployment_name", "model"),
        None,
        API,
        "azure-openai",
        base_url_keywords=("azure_endpoint",),
    ),
    "ChatAnthropic": ModelCall("langchain", ("model", "model_name"), None, API, "anthropic"),
    "ChatBedrock": ModelCall(
        "langchain",
        ("model_id", "model"),
        None,
        API,
        "amazon-bedrock",
        region_keywords=("region_name", "region"),
    ),
    "ChatBedrockConverse": ModelCall(
        "langchain",
        ("model", "model_id"),
        None,
        API,
        "amazon-bedrock",
        region_keywords=("region_name", "region"),
    ),
    "ChatVertexAI": ModelCall(
        "langchain",
        ("model", "model_name"),
        None,
        API,
        "google-vertex",
        region_keywords=("location",),
    ),
    "ChatGoogleGenerativeAI": ModelCall("langchain", ("model",), None, API, "google-ai-studio"),
    "ChatMistralAI": ModelCall("langchain", ("model", "model_name"), None, API, "mistral"),
    "ChatCohere": ModelCall("langchain", ("model",), None, API, "cohere"),
    "ChatOllama": ModelCall("langchain", ("model",), None, Origin.OLLAMA),
    "OllamaLLM": ModelCall("langchain", ("model",), None, Origin.OLLAMA),
}
"""Calls recognised by the last part of their name (constructors and functions)."""


@dataclass(frozen=True)
class Client:
    """What constructing an SDK client tells about the models later called through it."""

    provider: str | None
    base_url_keywords: tuple[str, ...] = ()
    region_keywords: tuple[str, ...] = ()
    origin: Origin = Origin.API


CLIENTS: Mapping[str, Client] = {
    "OpenAI": Client("openai", ("base_url",)),
    "AsyncOpenAI": Client("openai", ("base_url",)),
    "AzureOpenAI": Client("azure-openai", ("azure_endpoint", "base_url")),
    "AsyncAzureOpenAI": Client("azure-openai", ("azure_endpoint", "base_url")),
    "Anthropic": Client("anthropic", ("base_url",)),
    "AsyncAnthropic": Client("anthropic", ("base_url",)),
    "AnthropicBedrock": Client("amazon-bedrock", ("base_url",), ("aws_region",)),
    "AsyncAnthropicBedrock": Client("amazon-bedrock", ("base_url",), ("aws_region",)),
    "AnthropicVertex": Client("google-vertex", ("base_url",), ("region",)),
    "AsyncAnthropicVertex": Client("google-vertex", ("base_url",), ("region",)),
    "Mistral": Client("mistral", ("server_url",)),
    "MistralClient": Client("mistral", ("endpoint",)),
    "ClientV2": Client("cohere", ("base_url",)),
    "AsyncClientV2": Client("cohere", ("base_url",)),
    "Client": Client(None, ("base_url", "host"), ("location",)),
    "AsyncClient": Client(None, ("base_url", "host"), ("location",)),
}
"""Client classes by name; ``Client`` is told apart by the module it comes from."""

CLIENT_MODULES: Mapping[str, str | None] = {
    "cohere": "cohere",
    "google.genai": "google-ai-studio",
    "genai": "google-ai-studio",
    "ollama": None,
    "openai": "openai",
    "anthropic": "anthropic",
    "mistralai": "mistral",
    "litellm": None,
}
"""Modules whose functions or ``Client`` classes call a provider directly."""

API_METHODS = frozenset(
    {
        "create", "stream", "parse", "generate_content", "generate_content_stream",
        "generate_images", "embed_content", "count_tokens", "chat", "chat_stream", "complete",
        "stream_async", "complete_async", "embed", "rerank", "generate", "completion",
        "acompletion", "embedding", "aembedding", "image_generation", "text_completion",
        "responses", "transcription",
    }
)  # fmt: skip
"""Methods whose ``model=`` argument names the model a client is asked to run."""

API_PATH_PARTS = frozenset(
    {"chat", "completions", "messages", "responses", "embeddings", "models", "images", "beta"}
)
"""Attribute names that mark an SDK call path (``client.chat.completions.create``)."""

BEDROCK_METHODS = frozenset(
    {"invoke_model", "invoke_model_with_response_stream", "converse", "converse_stream"}
)
"""boto3 ``bedrock-runtime`` methods; the model is in ``modelId``."""

PEFT_LOADERS = frozenset({"PeftModel", "PeftModelForCausalLM", "PeftConfig"})
"""``PeftModel.from_pretrained(base_model, adapter_id)``: the adapter is the second argument."""

REVISION_KEYWORDS = ("revision",)

LITELLM_PROVIDERS: Mapping[str, str] = {
    "openai": "openai",
    "azure": "azure-openai",
    "azure_ai": "azure-openai",
    "anthropic": "anthropic",
    "bedrock": "amazon-bedrock",
    "bedrock_converse": "amazon-bedrock",
    "vertex_ai": "google-vertex",
    "vertex_ai_beta": "google-vertex",
    "gemini": "google-ai-studio",
    "mistral": "mistral",
    "cohere": "cohere",
    "cohere_chat": "cohere",
}
"""LiteLLM's ``provider/model`` prefixes -> provider catalogue ids (LiteLLM provider docs)."""

LOCAL_SERVING_PREFIXES = frozenset(
    {"hosted_vllm", "vllm", "ollama", "ollama_chat", "huggingface", "text-completion-openai"}
)
"""LiteLLM prefixes of a model served by the organisation itself."""


def litellm_route(model: str) -> tuple[str, str | None, Origin]:
    """A LiteLLM ``provider/model`` string as (model, provider catalogue id, origin): the
    prefix is LiteLLM's routing, not part of the model's name."""
    prefix, _, rest = model.partition("/")
    if not rest:
        return model, None, Origin.API
    if prefix in LOCAL_SERVING_PREFIXES:
        return rest, None, Origin.OLLAMA if prefix.startswith("ollama") else Origin.HUB
    if prefix in LITELLM_PROVIDERS:
        return rest, LITELLM_PROVIDERS[prefix], Origin.API
    return model, None, Origin.HUB if "/" in model else Origin.API
