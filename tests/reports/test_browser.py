"""The HTML report in a real browser: Debian's headless Chromium, driven by chromedriver.

The page loads at 420 and 1280 px, its own filter script runs under its own
Content-Security-Policy, a filter is applied through the form, and the test reads the result
from the DOM and from a screenshot. It skips, saying why, where Chromium, chromedriver or
selenium is missing (``.ci/run`` installs them). The browser gets no network: every host
resolves nowhere and background services are off.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import large_document, sample_document

from reports.html import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip(
        "Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
        allow_module_level=True,
    )

OFFLINE_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)

# Words of headers (table headers, section and group titles) that the browser broke across
# lines: a word whose range has more than one client rectangle.
BROKEN_HEADER_WORDS = """
const broken = [];
for (const el of document.querySelectorAll('th, h1, h2, h3, .sev, .status, label')) {
  if (el.offsetParent === null) continue;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(node.data)) !== null) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(el.tagName + ': ' + m[0]);
    }
  }
}
return broken;
"""

VISIBLE = """
const shown = s => Array.from(document.querySelectorAll(s)).filter(e => e.offsetParent !== null);
return {
  groups: shown('#sec-findings .group').map(g => [g.dataset.severity, g.dataset.family]),
  items: shown('#sec-findings li.o').map(li => [li.dataset.model, li.dataset.waived]),
  models: shown('#sec-models .model').map(m => m.dataset.model),
  count: document.getElementById('filter-count').textContent,
  formShown: document.getElementById('filters').offsetParent !== null,
  pageWidth: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
};
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module, with the browser's console log kept."""
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in OFFLINE_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: Selenium Manager (which would download one) never runs.
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: Any, page: Path, width: int, fragment: str = "") -> None:
    browser.get("about:blank")  # a new document each time, even when only the fragment differs
    browser.set_window_size(width, 900)
    browser.get(page.as_uri() + fragment)
    browser.set_window_size(width, 900)
    # set_window_size sets the outer size; make the layout viewport the width asked for
    inner = browser.execute_script("return window.innerWidth")
    if inner != width:
        browser.set_window_size(width + (width - inner), 900)


def _select(browser: Any, name: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.CSS_SELECTOR, f"select[data-filter='{name}']")).select_by_value(
        value
    )


def _screenshot_rows(browser: Any) -> list[tuple[int, ...]]:
    from PIL import Image

    image = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("L")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    return [tuple(pixels[x, y] for x in range(width)) for y in range(height)]


def _csp_errors(browser: Any) -> list[str]:
    return [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"] or entry["level"] == "SEVERE"
    ]


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(sample_document()), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [420, 1280])
def test_page_loads_readable_with_its_script_allowed(
    browser: Any, sample_page: Path, width: int
) -> None:
    _open(browser, sample_page, width)
    state = browser.execute_script(VISIBLE)
    assert state["viewport"] == width
    assert state["formShown"], "the filter script ran (the CSP allows it by its hash)"
    assert state["count"] == "13 of 13 findings shown"
    assert state["pageWidth"] <= width, "nothing but a table's own scroller is wider than the page"
    assert browser.execute_script(BROKEN_HEADER_WORDS) == []
    assert _csp_errors(browser) == []
    rows = _screenshot_rows(browser)
    assert len(rows[0]) == width
    assert len({pixel for row in rows for pixel in row}) > 2, "the screenshot is not blank"


@pytest.mark.parametrize("width", [420, 1280])
def test_filter_by_severity_model_and_waived(browser: Any, sample_page: Path, width: int) -> None:
    _open(browser, sample_page, width)
    before = _screenshot_rows(browser)
    _select(browser, "severity", "critical")
    state = browser.execute_script(VISIBLE)
    assert {severity for severity, _ in state["groups"]} == {"critical"}
    assert state["count"] == "2 of 13 findings shown"
    _select(browser, "severity", "")
    _select(browser, "model", "notes-gpt")
    state = browser.execute_script(VISIBLE)
    assert {model for model, _ in state["items"]} == {"notes-gpt"}
    assert state["models"] == ["notes-gpt"]
    assert state["count"] == "4 of 13 findings shown"
    _select(browser, "model", "")
    _select(browser, "waived", "yes")
    state = browser.execute_script(VISIBLE)
    assert state["items"] == [["chat-small", "yes"]]
    _select(browser, "family", "gdpr")
    state = browser.execute_script(VISIBLE)
    assert state["items"] == [] and state["count"] == "0 of 13 findings shown"
    assert browser.execute_script(BROKEN_HEADER_WORDS) == []
    browser.execute_script("document.getElementById('sec-findings').scrollIntoView()")
    assert _screenshot_rows(browser) != before, "the filtered page looks different"


def test_a_filter_preset_in_the_address_applies_on_load(browser: Any, sample_page: Path) -> None:
    _open(browser, sample_page, 1280, "#filter:family=licence&waived=no")
    state = browser.execute_script(VISIBLE)
    assert {family for _, family in state["groups"]} == {"licence"}
    assert all(waived == "no" for _, waived in state["items"])
    assert state["count"] == "3 of 13 findings shown"


def test_a_changed_address_fragment_changes_the_filter(browser: Any, sample_page: Path) -> None:
    _open(browser, sample_page, 1280)
    browser.execute_script("window.location.hash = '#filter:severity=info'")
    state = browser.execute_script(VISIBLE)
    assert {severity for severity, _ in state["groups"]} == {"info"}


def test_injected_markup_cannot_run_under_the_policy(browser: Any, tmp_path: Path) -> None:
    """A script that escaped the template would still be refused: the policy names only the
    report's own script by its hash."""
    page = render_html(sample_document())
    tampered = page.replace("</body>", "<script>document.title = 'pwned'</script></body>")
    path = tmp_path / "tampered.html"
    path.write_text(tampered, encoding="utf-8")
    _open(browser, path, 1280)
    assert browser.title != "pwned"
    assert browser.execute_script(VISIBLE)["formShown"], "the report's own script still runs"
    assert any("Content Security Policy" in message for message in _csp_errors(browser))


def test_a_large_report_filters_in_the_browser(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "large.html"
    path.write_text(render_html(large_document(models=200, findings=2000)), encoding="utf-8")
    _open(browser, path, 420)
    _select(browser, "model", "chat-small-000")
    state = browser.execute_script(VISIBLE)
    assert state["count"] == "10 of 2000 findings shown"
    assert {model for model, _ in state["items"]} == {"chat-small-000"}
    assert browser.execute_script(BROKEN_HEADER_WORDS) == []
