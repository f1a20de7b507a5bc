"""Property: hostile Unicode in any string field of an inventory never reaches an output raw.

Every string-typed field of the inventory format is listed from the project's own JSON
Schema (``model-audit schema``), so a field added later is fuzzed without anyone listing it
(BASE must then hold a value for it: a test says so). Hypothesis puts text made of C0 and
C1 controls, lone surrogates, bidi overrides and isolates, zero-width characters and escape
sequences (``ESC [2J``, OSC titles and links) into a few of those fields of a valid
inventory, written as JSON (whose ``\\u`` escapes carry NUL and lone surrogates, which YAML
cannot). The real CLI scans it in a subprocess, and:

- the exit status is 0, 1 or 2 (bad input: mostly ids, enums and dates), never 3 and never
  a traceback;
- the terminal (stdout and stderr, COLUMNS=100) holds no control, format, surrogate or
  separator character except the newline, whatever the exit status;
- the HTML file holds none raw except newline and tab, and no character reference
  (``&#27;``, ``&#x202e;``, ``&rlm;``) that a browser would turn into one;
- the PDF's extracted text, its metadata and its link targets hold none except the newline;
- every string of the SARIF and JSON reports (keys included) holds none except the newline,
  and the JSON report passes its schema; the Markdown summary holds none but the newline.

The sanitiser (audit/safe_text.py) shows such characters as visible escapes (``\\x1b``).
A PDF takes seconds to render, so the main property leaves it out; one deterministic test
puts the worst text into every field that takes it at once and renders every medium, and
a small property renders PDFs. Runs are derandomised so CI sees the same examples every
time; raise MODEL_AUDIT_HOSTILE_EXAMPLES (default 20) for a deeper hunt.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hostile_fields import (
    HOSTILE_CHARACTERS,
    KEY,
    SEQUENCES,
    FieldPath,
    containers,
    dotted,
    hostile_text,
    html_leaks,
    json_leaks,
    leaks,
    pdf_leaks,
    places,
    put,
    string_fields,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from output_schemas import assert_valid_output
from support import ROOT, model, organisation

from audit.cli.schema import inventory_json_schema
from audit.errors import InputError
from audit.inventory import load_inventory
from audit.rules.registry import all_rules

EXAMPLES = int(os.environ.get("MODEL_AUDIT_HOSTILE_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PDF_FUZZ = settings(FUZZ, max_examples=max(2, EXAMPLES // 10))

FIELDS = string_fields(inventory_json_schema())
STRING_PATHS = list(FIELDS)
FREE_TEXT = [path for path, constraints in FIELDS.items() if not constraints]
"""Fields without an enum, pattern or format: names, purposes, reasons, ids, licences."""
RULES = frozenset(rule.id for rule in all_rules())

BASE: dict[str, Any] = {
    "version": 1,
    "organisation": organisation(monthly_active_users_history={"2026-09": 900_000}),
    "data_classes": [
        {"id": "claims-records", "personal": True, "special_category": True, "criminal": True}
        | {"confidentiality": "restricted"}
    ],
    "models": [
        model(
            "assistant",
            name="acme/assistant",
            source="local",
            path="models/assistant",
            revision="3f2a9c1",
            licence="mit OR apache-2.0",
            licence_choice="mit",
            licence_verification={"by": "K. Brandt", "on": "2026-10-14", "evidence": "LICENSE"},
            modalities=["text"],
            hosting={
                "mode": "self-hosted",
                "regions": ["eu-central-1", "lyon-dc"],
                "locations": [{"name": "lyon-dc", "country": "FR"}],
            },
            derivative={"name": "Acme-Assistant", "fine_tuned": True, "licence": "mit"},
            attribution={"notices": ["Built with Acme"], "licence_copy_included": True},
            use_cases=[
                {
                    "id": "claims-chat",
                    "purpose": "Answer questions about claims",
                    "audience": "customers",
                    "data": ["personal", "claims-records"],
                    "special_category_basis": "9(2)(h)",
                    "criminal_data_basis": "BDSG section 22",
                    "annex_iii_point": "5(c)",
                    "activities": ["medical-advice"],
                    "use_policy_conditions_met": ["medical-advice"],
                    "ai_act": {"role": "deployer", "area": "essential-services"}
                    | {"annex_i": "medical-devices", "interacts_with_people": True},
                }
            ],
        ),
        model(
            "frontier",
            name="gpt-4o",
            source="api",
            provider="azure-openai",
            hosting={"mode": "api", "regions": ["westeurope"], "deployment": "data-zone-eu"},
            contracts={"dpa": True, "transfer_mechanism": "scc"},
        ),
        model("hub-model", name="example/model"),
    ],
    "routes": [{"data": ["claims-records"], "to": ["assistant"]}],
    "waivers": [
        {
            "rule": "GDPR004",
            "model": "frontier",
            "reason": "DPIA signed on paper",
            "approved_by": "K. Brandt (DPO)",
            "expires": "2027-01-31",
            "while_licence": "mit",
        }
    ],
}
"""A valid inventory that holds a value at every string path (see the test that says so)."""

CARD = "---\nlicense: mit\n---\n# Acme assistant\n"


def write_case(folder: Path, document: dict[str, Any], *, ascii_only: bool = True) -> Path:
    """``document`` as ``folder/inventory.json`` (``\\u`` escapes for all but ASCII when
    ``ascii_only``, else raw UTF-8 where JSON allows), with the local model's folder."""
    (folder / "models" / "assistant").mkdir(parents=True, exist_ok=True)
    (folder / "models" / "assistant" / "README.md").write_text(CARD, encoding="utf-8")
    text = json.dumps(document, indent=2, ensure_ascii=ascii_only)
    path = folder / "inventory.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def accepted(document: dict[str, Any]) -> bool:
    """Whether the loader (in this process, fast) takes ``document``."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            load_inventory(str(write_case(Path(folder), document)), known_rules=RULES)
        except InputError:
            return False
    return True


@st.composite
def hostile_inventories(draw: st.DrawFn, fields: int, valid: bool | None = None) -> Any:
    """BASE with hostile text at 1..``fields`` places, each replacing the value there or
    added to its end; free-text fields are drawn more often than the others. With
    ``valid``, a change the loader refuses is drawn again (up to 5 times, maybe in another
    field); ``None`` draws ``valid``, true two times in three."""
    if valid is None:
        valid = draw(st.integers(0, 2)) > 0
    paths = st.sampled_from(FREE_TEXT) | st.sampled_from(STRING_PATHS)
    document = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, fields))):
        for _attempt in range(5 if valid else 1):
            path = draw(paths)
            trial = copy.deepcopy(document)
            container, key = draw(st.sampled_from(list(places(trial, path))))
            put(
                container,
                key,
                draw(hostile_text()),
                append=draw(st.booleans()),
                is_key=path[-1] == KEY,
            )
            if not valid or accepted(trial):
                document = trial
                break
    return document


@st.composite
def hostile_keys_and_values(draw: st.DrawFn) -> Any:
    """BASE with hostile text where no string belongs, or as a key: in place of a number,
    a flag, a list or a mapping, or as a new key (``x-`` or not) of any mapping."""
    document = copy.deepcopy(BASE)
    target = draw(st.sampled_from(list(containers(document))))
    text = draw(hostile_text())
    if isinstance(target, list):
        target[draw(st.integers(0, len(target) - 1))] = text
    elif draw(st.booleans()):
        target[draw(st.sampled_from(sorted(target)))] = text
    else:
        target[draw(st.sampled_from(["", "x-"])) + text] = draw(st.sampled_from([text, 1]))
    return document


def scan(folder: Path, document: dict[str, Any], *, pdf: bool, ascii_only: bool = True) -> int:
    """Scan ``document`` with the real CLI in a subprocess, check the exit status and every
    output (see the module docstring); returns the exit status."""
    write_case(folder, document, ascii_only=ascii_only)
    outputs = {"--json": "a.json", "--sarif": "a.sarif", "--html": "a.html", "--markdown": "a.md"}
    if pdf:
        outputs["--pdf"] = "a.pdf"
    for name in outputs.values():
        (folder / name).unlink(missing_ok=True)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "MODEL_AU"))}
    environment |= {
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(folder / "hf-home"),
        "COLUMNS": "100",
    }
    done = subprocess.run(
        [sys.executable, "-m", "audit", "scan", "inventory.json", "--offline"]
        + ["--as-of", "2026-11-26", "--fail-on", "never"]
        + [item for option in outputs.items() for item in option],
        cwd=folder,
        env=environment,
        capture_output=True,
        timeout=300,
        check=False,
    )
    stdout, stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    shown = f"exit {done.returncode}\n--- stdout\n{stdout[-3000:]}\n--- stderr\n{stderr[-3000:]}"
    assert done.returncode in (0, 1, 2), shown
    assert "Traceback" not in stderr, shown
    assert leaks(stdout) == [], shown
    assert leaks(stderr) == [], shown
    if done.returncode == 2:
        assert "nothing was audited" in stderr, shown
        assert not [name for name in outputs.values() if (folder / name).exists()], shown
        return 2
    assert html_leaks((folder / "a.html").read_bytes().decode("utf-8")) == [], shown
    assert leaks((folder / "a.md").read_bytes().decode("utf-8")) == [], shown
    assert json_leaks(folder / "a.sarif") == [], shown
    assert json_leaks(folder / "a.json") == [], shown
    assert_valid_output(json.loads((folder / "a.json").read_text("utf-8")), "a.json")
    if pdf:
        assert pdf_leaks(folder / "a.pdf") == [], shown
    return done.returncode


def test_every_string_field_of_the_schema_is_listed() -> None:
    listed = {dotted(path): constraints for path, constraints in FIELDS.items()}
    assert len(listed) >= 30, sorted(listed)
    assert len(FREE_TEXT) >= 15, FREE_TEXT
    for name in (
        "organisation.name",
        "data_classes[].id",
        "models[].name",
        "models[].hosting.locations[].name",
        "models[].attribution.notices[]",
        "models[].use_cases[].purpose",
        "models[].use_cases[].data[]",
        "routes[].to[]",
        "waivers[].reason",
        "waivers[].approved_by",
    ):
        assert listed.pop(name, None) is not None, name
    assert listed["organisation.monthly_active_users_history{key}"] == {"pattern"}
    assert listed["models[].use_cases[].audience"] == {"enum"}
    assert listed["waivers[].expires"] == {"format"}


@pytest.mark.parametrize("path", STRING_PATHS, ids=dotted)
def test_the_base_inventory_holds_a_value_at_every_string_path(path: FieldPath) -> None:
    """Else no hostile text could be put there: give BASE a value for the new field."""
    assert list(places(BASE, path)), f"BASE has no value at {dotted(path)}"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a\x1b[2Jb", ["U+001B"]),
        ("PASS\x9b", ["U+009B"]),
        ("x\u202e", ["U+202E"]),
        ("\ud800", ["U+D800"]),
        ("ok\n", []),
        ("\\x1b[2J \\u202e", []),  # the sanitiser's escapes are plain text
    ],
)
def test_the_leak_checks_can_fail(text: str, found: list[str]) -> None:
    assert leaks(text) == found
    assert html_leaks(f"<p>{text}</p>") == found
    as_references = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    assert bool(html_leaks(f"<p>{as_references}</p>")) == bool(found)


@pytest.mark.parametrize("reference", ["&#27;", "&#x1B;", "&#x9b;", "&#0;", "&rlm;", "&#8238;"])
def test_html_references_to_unsafe_characters_are_leaks(reference: str) -> None:
    assert html_leaks(f"<td>Acme{reference}</td>")
    assert html_leaks("<td>Acme&amp;&#39;&#8209;\t</td>\n") == []


def test_the_pdf_check_finds_raw_controls_even_beside_a_missing_glyph(tmp_path: Path) -> None:
    from weasyprint import HTML

    body = "<p>a\x1b[2J b c\x07 d\x9b e \U0010fc00</p>"  # U+10FC00: no glyph
    HTML(string=f"<title>T\x85</title>{body}").write_pdf(tmp_path / "raw.pdf")
    assert pdf_leaks(tmp_path / "raw.pdf") == ["U+0007", "U+001B", "U+0085", "U+009B"]


def test_json_leaks_are_found_in_keys_and_values(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"a": ["ok", {"\x1b": 1}], "b": "\u2066"}), encoding="utf-8")
    assert json_leaks(path) == ["U+001B", "U+2066"]


WORST = "".join(SEQUENCES) + "".join(HOSTILE_CHARACTERS) + "\U0010fc00"


def test_every_field_that_takes_hostile_text_at_once_reaches_no_output(tmp_path: Path) -> None:
    """The worst text (every sequence and character above) wherever the loader takes it, in
    one inventory, rendered to every medium, PDF included; lone surrogates where they are
    taken, else the rest."""
    document = copy.deepcopy(BASE)
    taken = set()
    for path in STRING_PATHS:
        for index in range(len(list(places(document, path)))):
            for text in (WORST, "".join(c for c in WORST if unicodedata.category(c) != "Cs")):
                trial = copy.deepcopy(document)
                container, key = list(places(trial, path))[index]
                put(container, key, text, append=True, is_key=path[-1] == KEY)
                if accepted(trial):
                    document = trial
                    taken.add(dotted(path))
                    break
    assert len(taken) >= 12, sorted(taken)
    assert {"organisation.name", "models[].use_cases[].purpose", "waivers[].reason"} <= taken
    assert scan(tmp_path, document, pdf=True) in (0, 1)


@FUZZ
@given(hostile_inventories(fields=3), st.booleans())
def test_hostile_text_in_any_string_field_never_reaches_an_output(
    document: dict[str, Any], raw: bool
) -> None:
    """Written with ``\\u`` escapes, or as raw UTF-8 when ``raw`` (and no lone surrogate);
    mostly inventories the loader takes, so that every medium is rendered."""
    text = json.dumps(document, ensure_ascii=False)
    surrogates = any(unicodedata.category(c) == "Cs" for c in text)
    with tempfile.TemporaryDirectory() as folder:
        status = scan(Path(folder), document, pdf=False, ascii_only=not raw or surrogates)
    event(f"exit {status}")


@settings(FUZZ, max_examples=max(5, EXAMPLES // 3))
@given(hostile_keys_and_values())
def test_hostile_keys_and_values_where_no_string_belongs_never_reach_an_output(
    document: dict[str, Any],
) -> None:
    """Refusals (mostly) quote what they got: that quote is sanitised too."""
    with tempfile.TemporaryDirectory() as folder:
        status = scan(Path(folder), document, pdf=False)
    event(f"exit {status}")


@PDF_FUZZ
@given(hostile_inventories(fields=4, valid=True))
def test_hostile_text_never_reaches_the_pdf(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        status = scan(Path(folder), document, pdf=True)
    event(f"exit {status}")
