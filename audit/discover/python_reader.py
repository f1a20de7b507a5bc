"""Model references in Python source and notebooks, read from libcst's syntax tree.

Only calls count: a model id in a comment, a docstring or a log message is never a
reference. The calls and arguments recognised are ``audit.discover.python_calls``; the
values they are given are worked out by ``audit.discover.python_values`` (constants and
simple assignments in the same module). Nothing is imported or executed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from audit.discover import python_calls as calls
from audit.discover.interface import (
    Confidence,
    Deferred,
    Evidence,
    Export,
    FileFindings,
    Origin,
    Reference,
    Unresolved,
)
from audit.discover.python_values import Bindings, NoValue, collect_bindings, dotted_name

HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}(/[\w.-]{1,96})?$")
"""A Hugging Face repository id: ``name`` or ``namespace/name`` (the Hub's naming rules)."""

TRIGGERS = (
    *calls.FUNCTIONS, *calls.CLIENTS, "from_pretrained", "_download", "model=", "modelId",
    "model_id=", "model_name=",
)  # fmt: skip
"""A file holding none of these cannot hold a recognised call (each needs its name or a
model keyword), so it is not parsed: most source files of a large tree are never parsed."""


@dataclass(frozen=True)
class _ClientInfo:
    provider: str | None
    origin: Origin
    base_url: str | None = None
    region: str | None = None


def may_reference(text: str) -> bool:
    """Whether ``text`` can hold a recognised call at all (else it is not parsed)."""
    return any(word in text for word in TRIGGERS)


def read_python(text: str, path: str, *, exports_only: bool = False) -> FileFindings:
    """Every recognised model reference in the Python module ``text`` (from ``path``), and
    the strings it binds at module level for other modules; with ``exports_only``, only
    those (for a module without calls whose names another module uses)."""
    if not exports_only and not may_reference(text):
        return FileFindings()
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        return FileFindings(problems=(f"{path}:{exc.raw_line}: not valid Python; not read",))
    except (RecursionError, ValueError) as exc:
        return FileFindings(problems=(f"{path}: cannot be parsed ({type(exc).__name__})",))
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    lines = {node: pos.start.line for node, pos in positions.items()}
    bindings = collect_bindings(module, lines)
    reader = _Reader(path, lines, bindings)
    if not exports_only:
        module.visit(reader)
    exports = tuple(
        Export(name, value.text, Evidence(path, _line_of_note(value.note)), value.confidence)
        for name, value in bindings.exports()
    )
    return FileFindings(
        tuple(reader.references), tuple(reader.unresolved), exports=exports,
        deferred=tuple(reader.deferred),
    )  # fmt: skip


def build_reference(
    template: Reference, text: str, confidence: Confidence, note: str, litellm: bool
) -> Reference | None:
    """``template`` naming model ``text``, or None when ``text`` cannot be a model there."""
    model = text.strip()
    origin, provider = template.origin, template.provider
    if litellm:
        model, provider, origin = calls.litellm_route(model)
    if origin is Origin.HUB and not HUB_ID.match(model):
        if not model.startswith((".", "/", "~")) and "/" not in model:
            return None
        origin = Origin.LOCAL
    if not model or len(model) > 300 or any(c.isspace() for c in model):
        return None
    notes = (note,) if note else ()
    conf = template.confidence if confidence is Confidence.HIGH else confidence
    return replace(
        template, model=model, confidence=conf, origin=origin, provider=provider, notes=notes
    )


def resolve_deferred(
    deferred: tuple[Deferred, ...], exports: tuple[Export, ...]
) -> tuple[list[Reference], list[Unresolved]]:
    """Models whose names other modules of the tree define (``from app.settings import
    settings`` ... ``model=settings.chat_model``): resolved with medium confidence when at
    most three distinct values exist for the name, else left unresolved."""
    by_name: dict[str, list[Export]] = {}
    for export in exports:
        by_name.setdefault(export.name, []).append(export)
    refs: list[Reference] = []
    unresolved: list[Unresolved] = []
    for item in deferred:
        found = sorted(by_name.get(item.name, []), key=lambda e: (e.evidence, e.value))
        values = {e.value for e in found}
        if not found or len(values) > 3:
            unresolved.append(item.unresolved)
            continue
        seen: set[str] = set()
        for export in found:
            if export.value in seen:
                continue
            seen.add(export.value)
            note = f"{item.name} from {export.evidence}"
            ref = build_reference(item.template, export.value, Confidence.MEDIUM, note,
                                  item.litellm)  # fmt: skip
            if ref is not None:
                refs.append(ref)
    return refs, unresolved


def _line_of_note(note: str) -> int:
    """The line a resolution note names (``constant X (line 12)``), else 0."""
    match = re.search(r"\(line (\d+)\)", note)
    return int(match.group(1)) if match else 0


class _Reader(cst.CSTVisitor):
    def __init__(self, path: str, lines: Mapping[cst.CSTNode, int], bindings: Bindings) -> None:
        self.path = path
        self.lines = lines
        self.bindings = bindings
        self.imports: dict[str, str] = {}
        self.clients: dict[str, _ClientInfo] = {}
        self.vertex_location: str | None = None
        self.references: list[Reference] = []
        self.unresolved: list[Unresolved] = []
        self.deferred: list[Deferred] = []

    # imports: local name -> qualified name
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = dotted_name(alias.name)
            if name:
                local = alias.asname.name if alias.asname else None
                key = dotted_name(local) if isinstance(local, cst.BaseExpression) else None
                self.imports[key or name.split(".")[0]] = name if key else name.split(".")[0]

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = dotted_name(node.module) if node.module else None
        if not module or isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            if not name:
                continue
            local = alias.asname.name if alias.asname else alias.name
            key = dotted_name(local) if isinstance(local, cst.BaseExpression) else name
            self.imports[key or name] = f"{module}.{name}"

    def qualified(self, dotted: str) -> str:
        """``dotted`` with its first part replaced by what it was imported as."""
        head, _, rest = dotted.partition(".")
        base = self.imports.get(head, head)
        return f"{base}.{rest}" if rest else base

    # clients: x = OpenAI(...), brt = boto3.client("bedrock-runtime", region_name=...)
    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1 or not isinstance(node.value, cst.Call):
            return
        target = node.targets[0].target
        name = target.value if isinstance(target, cst.Name) else None
        if isinstance(target, cst.Attribute):
            name = target.attr.value
        info = self.client_of(node.value)
        if name and info is not None:
            self.clients[name] = info

    def client_of(self, call: cst.Call) -> _ClientInfo | None:
        """What a client-constructing call says about the models called through it."""
        callee = dotted_name(call.func)
        if callee is None:
            return None
        qualified = self.qualified(callee)
        last = callee.rsplit(".", 1)[-1]
        if last == "client" and self._first_string(call) == "bedrock-runtime":
            return _ClientInfo("amazon-bedrock", Origin.API, None, self._kw(call, "region_name"))
        spec = calls.CLIENTS.get(last)
        if spec is None:
            return None
        provider, origin = spec.provider, spec.origin
        if last in ("Client", "AsyncClient"):
            module = qualified.rsplit(".", 1)[0]
            if module not in calls.CLIENT_MODULES:
                return None
            provider = calls.CLIENT_MODULES[module]
            if module == "ollama":
                origin = Origin.OLLAMA
            if module in ("google.genai", "genai") and self._truthy(call, "vertexai"):
                provider = "google-vertex"
        base_url = self._first_kw(call, spec.base_url_keywords)
        region = self._first_kw(call, spec.region_keywords)
        return _ClientInfo(provider, origin, base_url, region)

    def visit_Call(self, node: cst.Call) -> None:
        callee = dotted_name(node.func)
        parts, root = _chain(node.func)
        if not parts:
            return
        last = parts[-1]
        if (
            callee
            and self.qualified(callee).rsplit(".", 1)[-1] == "init"
            and (self.qualified(callee).startswith(("vertexai", "google.cloud.aiplatform")))
        ):
            self.vertex_location = self._kw(node, "location") or self.vertex_location
            return
        if last == "from_pretrained":
            peft = len(parts) > 1 and parts[-2] in calls.PEFT_LOADERS
            spec = calls.FUNCTIONS["from_pretrained"]
            if peft:
                spec = replace(spec, keywords=("model_id",), position=1, kind="peft")
            self.take(node, spec, None, None, None)
            return
        if last in calls.BEDROCK_METHODS:
            client = self.clients.get(root or "")
            region = client.region if client else None
            spec = calls.ModelCall("bedrock", ("modelId",), None, Origin.API, "amazon-bedrock")
            conf = Confidence.HIGH if client and client.provider == "amazon-bedrock" else None
            self.take(node, spec, "amazon-bedrock", None, region, conf or Confidence.MEDIUM)
            return
        known = calls.FUNCTIONS.get(last)
        if known is not None and len(parts) <= 2:
            spec = known
            qualified = self.qualified(callee or last)
            if spec.modules and not qualified.startswith(spec.modules):
                return
            provider = spec.provider
            region = self._first_kw(node, spec.region_keywords)
            if last == "GenerativeModel":
                provider = (
                    "google-vertex" if qualified.startswith("vertexai")
                    else "google-ai-studio" if qualified.startswith("google.generativeai")
                    else None
                )  # fmt: skip
                region = self.vertex_location if provider == "google-vertex" else None
            base_url = self._first_kw(node, spec.base_url_keywords)
            self.take(node, spec, provider, base_url, region)
            return
        if last in calls.API_METHODS:
            self.api_call(node, parts, root)

    def api_call(self, node: cst.Call, parts: list[str], root: str | None) -> None:
        """``client.chat.completions.create(model=...)`` and friends."""
        if not any(a.keyword is not None and a.keyword.value == "model" for a in node.args):
            return
        client = self.clients.get(root or "") or self.clients.get(
            parts[-2] if len(parts) > 1 else ""
        )
        module = self.qualified(root or parts[0]).split(".")[0] if (root or parts) else ""
        module_provider = next(
            (p for m, p in calls.CLIENT_MODULES.items() if self.qualified(parts[0]).startswith(m)),
            "unknown",
        )
        if client is not None:
            provider, origin = client.provider, client.origin
            base_url, region, confidence = client.base_url, client.region, Confidence.HIGH
        elif module_provider != "unknown":
            provider, origin, base_url = module_provider, Origin.API, None
            region, confidence = None, Confidence.HIGH
            if module == "ollama":
                origin = Origin.OLLAMA
        elif any(p in calls.API_PATH_PARTS for p in parts[:-1]):
            provider, origin, base_url, region = None, Origin.API, None, None
            confidence = Confidence.MEDIUM
        else:
            return
        litellm = self.qualified(parts[0]).startswith("litellm")
        spec = calls.ModelCall("litellm" if litellm else "api-client", ("model",), None, origin)
        base_url = self._kw(node, "api_base") or self._kw(node, "base_url") or base_url
        self.take(node, spec, provider, base_url, region, confidence, litellm=litellm)

    def take(
        self,
        call: cst.Call,
        spec: calls.ModelCall,
        provider: str | None,
        base_url: str | None,
        region: str | None,
        confidence: Confidence = Confidence.HIGH,
        *,
        litellm: bool = False,
    ) -> None:
        """Record the model ``spec`` says ``call`` takes (or why it cannot be told)."""
        argument = _argument(call, spec.keywords, spec.position)
        if argument is None:
            return
        line = self.lines.get(argument, self.lines.get(call, 0))
        evidence = Evidence(self.path, line)
        if spec.kind in ("snapshot_download", "hf_hub_download"):
            repo_type = self._kw(call, "repo_type")
            if repo_type not in (None, "model"):
                return
        resolved = self.bindings.resolve(argument)
        template = Reference("", spec.kind, evidence, confidence, spec.origin, provider,
                             base_url, region, self._kw(call, "revision"))  # fmt: skip
        if isinstance(resolved, NoValue):
            if resolved.silent:
                return
            unresolved = Unresolved(spec.kind, evidence, resolved.reason)
            if resolved.lookup is None:
                self.unresolved.append(unresolved)
            else:
                self.deferred.append(Deferred(resolved.lookup, template, litellm, unresolved))
            return
        for value in resolved:
            ref = build_reference(template, value.text, value.confidence, value.note, litellm)
            if ref is not None:
                self.references.append(ref)

    def _kw(self, call: cst.Call, name: str) -> str | None:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == name:
                resolved = self.bindings.resolve(arg.value)
                if not isinstance(resolved, NoValue) and len(resolved) == 1:
                    return resolved[0].text
        return None

    def _first_kw(self, call: cst.Call, names: tuple[str, ...]) -> str | None:
        return next((v for v in (self._kw(call, n) for n in names) if v), None)

    def _first_string(self, call: cst.Call) -> str | None:
        positional = [a.value for a in call.args if a.keyword is None]
        if positional:
            resolved = self.bindings.resolve(positional[0])
            if not isinstance(resolved, NoValue) and len(resolved) == 1:
                return resolved[0].text
        return self._kw(call, "service_name")

    def _truthy(self, call: cst.Call, name: str) -> bool:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return isinstance(arg.value, cst.Name) and arg.value.value == "True"
        return False


def _chain(func: cst.BaseExpression) -> tuple[list[str], str | None]:
    """The attribute names of a call path and its root name (``a`` in ``a.b.c()``); a root
    that is itself a call (``OpenAI().chat...``) gives that call's name."""
    parts: list[str] = []
    node = func
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        parts.reverse()
        return parts, node.value
    if isinstance(node, cst.Call):
        parts.reverse()
        inner = dotted_name(node.func)
        return [inner.rsplit(".", 1)[-1], *parts] if inner else parts, None
    parts.reverse()
    return parts, None


def _argument(
    call: cst.Call, keywords: tuple[str, ...], position: int | None
) -> cst.BaseExpression | None:
    for name in keywords:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return arg.value
    if position is None:
        return None
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[position].value if len(positional) > position else None
