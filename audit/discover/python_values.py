"""The string a Python expression stands for, worked out from the same module only.

Literals, constants and simple assignments (``MODEL = "x"``, ``model: str = "x"``, a
parameter's default), string concatenation and f-strings made of those are resolved; an
environment look-up with a default gives the default (with less confidence). Nothing is
evaluated: an attribute of an object, a call's result or an environment variable without a
default stays unresolved, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import libcst as cst

from audit.discover.interface import Confidence


@dataclass(frozen=True)
class Value:
    """A string an expression resolves to."""

    text: str
    confidence: Confidence
    note: str = ""
    """How it was resolved (``constant MODEL_ID``), empty for a literal."""


@dataclass(frozen=True)
class NoValue:
    """An expression that takes a model but whose string is not in the module."""

    reason: str
    silent: bool = False
    """True when the expression is clearly not a model name (a loaded model object)."""
    lookup: str | None = None
    """The name another module of the tree may define (``settings.chat_model``: chat_model)."""


Resolved = tuple[Value, ...] | NoValue

ENV_READERS = frozenset({"os.getenv", "os.environ.get", "getenv", "environ.get"})
FIELD_FACTORIES = frozenset({"field", "dataclasses.field", "Field", "pydantic.Field"})


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a Name or an Attribute chain of Names, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted_name(node.value)
        return f"{head}.{node.attr.value}" if head else None
    return None


@dataclass
class Bindings:
    """What each simple name (and attribute name) is bound to in the module."""

    strings: dict[str, list[tuple[cst.BaseExpression, int]]]
    """name -> the expressions assigned to it, with their lines."""
    others: set[str]
    """Names bound to something that is not a string expression (a call, a model object)."""
    top_level: set[str] = field(default_factory=set)
    """Names assigned at module or class level: what other modules may import."""
    tables: dict[str, cst.Dict] = field(default_factory=dict)
    """Names bound to a dict literal (``MODELS = {"small": "org/a"}``)."""

    def exports(self) -> list[tuple[str, Value]]:
        """Every module- or class-level name with the one string it resolves to."""
        out = []
        for name in sorted(self.top_level):
            resolved = self._name(name, name, 0)
            if not isinstance(resolved, NoValue) and len(resolved) == 1:
                out.append((name, resolved[0]))
        return out

    def resolve(self, node: cst.BaseExpression, depth: int = 0) -> Resolved:
        """The string(s) ``node`` may stand for, or why it cannot be told."""
        if depth > 8:
            return NoValue("too many indirections")
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            value = node.evaluated_value
            if isinstance(value, str):
                return (Value(value, Confidence.HIGH),)
            return NoValue("a bytes literal", silent=True)
        if isinstance(node, cst.FormattedString):
            return self._fstring(node, depth)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            return self._concat(node.left, node.right, depth)
        if isinstance(node, cst.IfExp):
            return self._either(node.body, node.orelse, depth)
        if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
            return self._either(node.left, node.right, depth)
        if isinstance(node, cst.Name):
            return self._name(node.value, node.value, depth)
        if isinstance(node, cst.Attribute):
            # settings.model_name / self.MODEL: a class attribute or field assigned a string
            return self._name(node.attr.value, dotted_name(node) or node.attr.value, depth, True)
        if isinstance(node, cst.Call):
            return self._env(node)
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name):
            table = self.tables.get(node.value.value)
            if table is not None:
                return self._lookup(table, node, depth)
        if isinstance(node, cst.Subscript) and dotted_name(node.value) in ("os.environ", "environ"):
            key = _first_string(
                [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
            )
            return NoValue(f"read from environment variable {key or '?'} at run time")
        return NoValue("not a string the file states", silent=True)

    def _name(self, name: str, shown: str, depth: int, attribute: bool = False) -> Resolved:
        assigned = self.strings.get(name)
        if not assigned:
            if name in self.others or name in ("None", "True", "False"):
                return NoValue(f"{shown} is not a string", silent=True)
            return NoValue(f"{shown} is not assigned a string in this file", lookup=name)
        values: list[Value] = []
        for expr, line in assigned:
            resolved = self.resolve(expr, depth + 1)
            if isinstance(resolved, NoValue):
                continue
            for v in resolved:
                note = f"{'attribute' if attribute else 'constant'} {shown} (line {line})"
                values.append(Value(v.text, v.confidence, _join(note, v.note)))
        distinct = {v.text for v in values}
        if not values:
            return NoValue(f"{shown} is not assigned a string in this file")
        if len(distinct) > 1 or attribute or len(assigned) > 1:
            seen: dict[str, Value] = {}
            for v in values:
                seen.setdefault(v.text, Value(v.text, _lower(v.confidence), v.note))
            return tuple(seen.values())
        return (values[0],)

    def _lookup(self, table: cst.Dict, node: cst.Subscript, depth: int) -> Resolved:
        """``MODELS["small"]`` is that entry; ``MODELS[size]`` any entry (less sure)."""
        key = None
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            key = _first_string([node.slice[0].slice.value])
        values: dict[str, Value] = {}
        for element in table.elements:
            if not isinstance(element, cst.DictElement):
                continue
            if key is not None and _first_string([element.key]) != key:
                continue
            resolved = self.resolve(element.value, depth + 1)
            if isinstance(resolved, NoValue):
                continue
            for v in resolved:
                confidence = v.confidence if key is not None else _lower(v.confidence)
                values.setdefault(v.text, Value(v.text, confidence, v.note))
        if not values:
            return NoValue("a table entry that is not a string the file states")
        return tuple(values.values())

    def _either(self, a: cst.BaseExpression, b: cst.BaseExpression, depth: int) -> Resolved:
        """Both branches of ``x if c else y`` or ``x or y``: either may run (less sure)."""
        values: dict[str, Value] = {}
        reasons = []
        for branch in (a, b):
            resolved = self.resolve(branch, depth + 1)
            if isinstance(resolved, NoValue):
                reasons.append(resolved)
                continue
            for v in resolved:
                values.setdefault(v.text, Value(v.text, _lower(v.confidence), v.note))
        if values:
            return tuple(values.values())
        return next((r for r in reasons if not r.silent), reasons[0])

    def _concat(self, left: cst.BaseExpression, right: cst.BaseExpression, depth: int) -> Resolved:
        a, b = self.resolve(left, depth + 1), self.resolve(right, depth + 1)
        if isinstance(a, NoValue):
            return a
        if isinstance(b, NoValue):
            return b
        if len(a) != 1 or len(b) != 1:
            return NoValue("a concatenation of values that vary")
        conf = min(a[0].confidence, b[0].confidence, key=_rank)
        return (Value(a[0].text + b[0].text, conf, _join(a[0].note, b[0].note)),)

    def _fstring(self, node: cst.FormattedString, depth: int) -> Resolved:
        text, notes, confidence = [], [], Confidence.HIGH
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                text.append(part.value)
                continue
            assert isinstance(part, cst.FormattedStringExpression)
            if part.format_spec or part.conversion:
                return NoValue("an f-string with formatting")
            resolved = self.resolve(part.expression, depth + 1)
            if isinstance(resolved, NoValue):
                return NoValue(f"an f-string with a part that is not known ({resolved.reason})")
            if len(resolved) != 1:
                return NoValue("an f-string with a part that varies")
            text.append(resolved[0].text)
            notes.append(resolved[0].note)
            confidence = min(confidence, resolved[0].confidence, key=_rank)
        return (Value("".join(text), confidence, _join(*notes)),)

    def _env(self, call: cst.Call) -> Resolved:
        name = dotted_name(call.func)
        if name not in ENV_READERS:
            return NoValue("the result of a call", silent=True)
        positional = [a.value for a in call.args if a.keyword is None]
        key = _first_string(positional[:1])
        default = positional[1] if len(positional) > 1 else _keyword(call, "default")
        if default is None:
            return NoValue(f"read from environment variable {key or '?'} at run time")
        resolved = self.resolve(default, 1)
        if isinstance(resolved, NoValue):
            return NoValue(f"environment variable {key or '?'} with a default that is not known")
        return tuple(
            Value(
                v.text, Confidence.MEDIUM, _join(f"default of environment variable {key}", v.note)
            )
            for v in resolved
        )


def collect_bindings(module: cst.Module, lines: Mapping[cst.CSTNode, int]) -> Bindings:
    """Every simple assignment and parameter default of ``module``, by name."""
    collector = _BindingCollector(lines)
    module.visit(collector)
    return Bindings(collector.strings, collector.others, collector.top_level, collector.tables)


class _BindingCollector(cst.CSTVisitor):
    def __init__(self, lines: Mapping[cst.CSTNode, int]) -> None:
        self.lines = lines
        self.strings: dict[str, list[tuple[cst.BaseExpression, int]]] = {}
        self.others: set[str] = set()
        self.top_level: set[str] = set()
        self.tables: dict[str, cst.Dict] = {}
        self.functions = 0

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        name = target.value if isinstance(target, cst.Name) else None
        if isinstance(target, cst.Attribute):
            name = target.attr.value  # self.model = "x"
        if name is None:
            return
        if isinstance(value, cst.Call) and dotted_name(value.func) in FIELD_FACTORIES:
            # dataclasses.field(default="x"), pydantic Field("x")
            positional = [a.value for a in value.args if a.keyword is None]
            default = _keyword(value, "default") or (positional[0] if positional else None)
            if default is not None:
                value = default
        if isinstance(value, cst.Dict) and isinstance(target, cst.Name):
            self.tables[name] = value
        if _stringish(value):
            self.strings.setdefault(name, []).append((value, self.lines.get(value, 0)))
            if self.functions == 0 and isinstance(target, cst.Name):
                self.top_level.add(name)
        else:
            self.others.add(name)

    def visit_For(self, node: cst.For) -> None:
        # for name in ["org/a", "org/b"]: each element is a value the name takes
        if isinstance(node.target, cst.Name) and isinstance(
            node.iter, (cst.List, cst.Tuple, cst.Set)
        ):
            for element in node.iter.elements:
                self._bind(node.target, element.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.functions -= 1

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1:
            self._bind(node.targets[0].target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)

    def visit_Param(self, node: cst.Param) -> None:
        if node.default is not None:
            self._bind(node.name, node.default)

    def visit_Call(self, node: cst.Call) -> None:
        # parser.add_argument("--teacher-model", default="x") binds args.teacher_model
        name = dotted_name(node.func)
        if name is None or not name.endswith("add_argument"):
            return
        default = _keyword(node, "default")
        dest = _first_string([d for d in [_keyword(node, "dest")] if d is not None])
        if dest is None:
            flags = [a.value for a in node.args if a.keyword is None]
            strings = [_first_string([f]) for f in flags]
            long = [s for s in strings if s and s.startswith("--")]
            dest = long[0][2:].replace("-", "_") if long else None
        if dest and default is not None:
            self._bind(cst.Name(dest), default)


def _stringish(node: cst.BaseExpression) -> bool:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _stringish(node.left) or _stringish(node.right)
    if isinstance(node, cst.IfExp):
        return _stringish(node.body) or _stringish(node.orelse)
    if isinstance(node, cst.BooleanOperation):
        return _stringish(node.left) or _stringish(node.right)
    if isinstance(node, cst.Call):
        return dotted_name(node.func) in ENV_READERS
    return isinstance(node, cst.Name) and node.value not in ("None", "True", "False")


def _keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def _first_string(nodes: list[cst.BaseExpression]) -> str | None:
    for node in nodes:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            value = node.evaluated_value
            return value if isinstance(value, str) else None
    return None


def _rank(confidence: Confidence) -> int:
    return {Confidence.HIGH: 2, Confidence.MEDIUM: 1, Confidence.LOW: 0}[confidence]


def _lower(confidence: Confidence) -> Confidence:
    return Confidence.MEDIUM if confidence is Confidence.HIGH else confidence


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)
