"""Hostile dispatches in a real browser: no payload runs, on any page, in any language.

The corpus (tests/data/hostile/) puts scripts, event handlers, ``javascript:`` and ``data:``
links, SVG, iframes, CSS ``expression``, meta refresh and entity-encoded variants into every
field of every input format. Every payload that ran would be seen: it requests a beacon
server of this test or sets ``document.title`` to ``XSS-RAN``. A dispatch stored by an older
database with a ``javascript:`` source URL stands beside them.

Each page is checked twice: as served (escaping and the Content-Security-Policy together),
then with Chromium told to ignore the policy, so that escaping and the URL check are shown
to hold on their own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from lxml import html
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import update

from publisher.core import Desk
from publisher.db import Revision
from publisher.settings import load_settings
from tests.browser_support import CHROMEDRIVER, CHROMIUM, chrome, served
from tests.builders import make_dispatch
from tests.conftest import need, need_apertium

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
CORPUS = ("wire.txt", "story.md", "page.html", "feed.rss", "feed.atom", "items.json", "items.jsonl")
MARK = "XSS-RAN"
# Runs before any script of every document (CDP scripts are not subject to the page's policy):
# it records alerts and the policy's violations where the test can read them.
WATCH = """
window.__hostile = {alerts: [], violations: []};
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__hostile.alerts.push(name + ":" + args.join(",")); };
}
document.addEventListener("securitypolicyviolation", (event) => {
  window.__hostile.violations.push(
    event.violatedDirective + " blocked " + event.blockedURI + " in " + event.sourceFile
    + ":" + event.lineNumber);
});
"""
# What an escaped page never holds: markup or a link that came from a dispatch.
INSPECT = """
const bad = [];
const origin = location.origin;
for (const el of document.querySelectorAll("*")) {
  const tag = el.tagName.toLowerCase();
  if (["iframe", "frame", "object", "embed", "svg", "base", "style", "img"].includes(tag)) {
    bad.push(tag);
  }
  if (tag === "script" && !(el.getAttribute("src") || "").startsWith("/static/")) {
    bad.push("script " + el.outerHTML.slice(0, 80));
  }
  if (tag === "meta" && el.hasAttribute("http-equiv")) { bad.push("meta http-equiv"); }
  for (const attribute of el.attributes) {
    if (attribute.name.startsWith("on") || attribute.name === "style") {
      bad.push(tag + "[" + attribute.name + "]");
    }
  }
  for (const name of ["href", "src", "action"]) {
    const value = el.getAttribute(name);
    if (value !== null && !/^(https?:\\/\\/|\\/(?!\\/)|#|\\?)/i.test(value.trim())) {
      bad.push(tag + " " + name + "=" + value.slice(0, 60));
    }
  }
}
// Chromium shows a feed or JSON as text in a viewer of its own: only our HTML is inspected.
return {
  bad: document.contentType === "text/html" ? bad : [],
  title: document.title,
  watch: window.__hostile || null,
};
"""


class Beacon:
    """A loopback HTTP server that records every request: any request is a payload that ran."""

    def __init__(self) -> None:
        hits: list[str] = []
        self.hits = hits

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                hits.append(f"{self.command} {self.path}")
                self.send_response(204)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()

            do_GET = do_POST = do_HEAD = do_OPTIONS = _record

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet: the hits are the report."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = f"127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Beacon:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass(frozen=True)
class Hostile:
    base: str
    beacon: Beacon
    dispatch_ids: list[int]
    old_url_id: int  # stored with a javascript: URL, as by a database from before the check
    days: list[str]


def _api(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    """`publisher serve` over the hostile corpus, ingested, summarized and put into Spanish."""
    need(CHROMIUM.exists() and shutil.which("chromium") is not None, "chromium")
    need(CHROMEDRIVER.exists(), "chromium-driver")
    need_apertium("eng-spa")
    with Beacon() as beacon:
        inputs = tmp_path_factory.mktemp("hostile-inputs")
        for name in CORPUS:
            text = (HOSTILE / name).read_text(encoding="utf-8")
            (inputs / name).write_text(text.replace("BEACON", beacon.address), encoding="utf-8")
        instance = tmp_path_factory.mktemp("hostile-instance")
        # published at once: this suite is about what reader pages do with hostile text
        desk = Desk(
            load_settings({"instance": str(instance), "languages": "es", "publish_policy": "auto"})
        )
        try:
            report = desk.ingest([str(inputs / name) for name in CORPUS], enqueue=False)
            assert report.ok, [o for o in report.outcomes if not o.ok]
            assert report.count("added") == 9, report.outcomes
            dropped = [w for o in report.outcomes for w in o.warnings]
            assert len(dropped) == 7 and all("source URL dropped" in w for w in dropped)
            desk.run()
            old = make_dispatch(
                desk.store,
                headline="Tram line extended to the stadium",
                sentences=(
                    "The tram line now reaches the stadium.",
                    "Trams run every six minutes on match days.",
                ),
                summary_indexes=(0, 1),
                translations={
                    "es": ("La línea de tranvía llega al estadio", ["El tranvía llega.", "Pasa."])
                },
            )
            with desk.store.session() as session:
                session.execute(
                    update(Revision)
                    .where(Revision.dispatch_id == old)
                    .values(url=f"javascript:fetch('http://{beacon.address}/old-url');")
                )
            ids = [view.id for view in desk.dispatches(limit=100)]
        finally:
            desk.close()
        clean = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISHER_")}
        env = {**clean, "PUBLISHER_LANGUAGES": "es"}
        with served(instance, env=env, log=instance / "serve.log") as base:
            listed = _api(base, "/api/v1/dispatches?lang=en&per_page=100")["items"]
            days = sorted({(item["published"] or item["received"])[:10] for item in listed})
            yield Hostile(base, beacon, ids, old, days)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        driver = chrome(tmp_path_factory.mktemp("hostile-profile"))
    except WebDriverException as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"headless Chromium does not start here: {error.msg}")
    driver.set_page_load_timeout(20)
    driver.execute_cdp_cmd("Page.enable", {})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    # A feed or a Source link may start a download; refuse it rather than write files.
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "deny"})
    yield driver
    driver.quit()


def _load(driver: Any, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def _pages(hostile: Hostile) -> list[str]:
    """Every page that shows the hostile dispatches, in English (their own) and Spanish."""
    searches = [
        "script",
        "fetch",
        "onerror",
        f"<script>fetch('http://{hostile.beacon.address}/search-q')</script>",
        f"\"><svg onload=fetch('http://{hostile.beacon.address}/search-attr')>",
    ]
    pages: list[str] = []
    for lang in ("en", "es"):
        pages += [f"/{lang}/", f"/{lang}/?page=2", f"/{lang}/digest/"]
        for day in hostile.days:
            pages += [f"/{lang}/digest/{day}", f"/{lang}/digest/{day}?by=agency"]
        pages += [f"/{lang}/search?q={quote(q)}" for q in searches]
        pages += [f"/{lang}/dispatch/{dispatch_id}" for dispatch_id in hostile.dispatch_ids]
    return pages


def _check(driver: Any, where: str, *, inspect: bool = True, csp: bool = True) -> None:
    """Nothing ran on the loaded page, and it holds no markup from a dispatch."""
    found = driver.execute_script(INSPECT)
    assert found["title"] != MARK, f"{where}: a payload set document.title"
    watch = found["watch"] or {"alerts": [], "violations": []}
    assert watch["alerts"] == [], f"{where}: {watch['alerts']}"
    if csp:
        assert watch["violations"] == [], f"{where}: CSP violations {watch['violations']}"
    if inspect:
        assert found["bad"] == [], f"{where}: {found['bad'][:10]}"


def _quiet(beacon: Beacon, where: str) -> None:
    time.sleep(0.5)  # a fetch that started still has to arrive
    assert beacon.hits == [], f"{where}: payloads reached the beacon: {beacon.hits[:10]}"


def _click_every_link(driver: Any, hostile: Hostile, page: str, clicked: set[str]) -> None:
    """Click each link of ``page`` not clicked before, from a fresh load of the page."""
    _load(driver, hostile.base + page)
    hrefs = [str(a.get_attribute("href")) for a in driver.find_elements(By.CSS_SELECTOR, "a[href]")]
    for index, href in enumerate(hrefs):
        # Our own links differ from page to page only by the dispatch id url_for put in them
        # (INSPECT has checked every one of them on every page): one click per kind is enough.
        # A link elsewhere can only have come from a dispatch: each one is clicked.
        kind = re.sub(r"\d+", "N", href) if href.startswith(hostile.base + "/") else href
        if kind in clicked:
            continue
        clicked.add(kind)
        _load(driver, hostile.base + page)
        link = driver.find_elements(By.CSS_SELECTOR, "a[href]")[index]
        assert link.get_attribute("href") == href
        if not link.is_displayed():  # the skip link, until focused
            driver.execute_script("arguments[0].focus()", link)
        link.click()
        time.sleep(0.2)
        ours = driver.current_url.startswith(hostile.base)
        _check(driver, f"{page} → {href}", inspect=ours, csp=ours)


@pytest.fixture(params=["as served", "CSP ignored"])
def mode(request: pytest.FixtureRequest, browser: Any, hostile: Hostile) -> Iterator[bool]:
    """True when the page's policy is enforced; off, escaping alone must hold."""
    enforced = request.param == "as served"
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": not enforced})
    hostile.beacon.hits.clear()
    yield enforced
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})


def _inject(driver: Any, beacon: Beacon) -> None:
    """Put an inline script into the loaded page, as a missed escape would."""
    driver.execute_script(
        "const s = document.createElement('script');"
        f"s.textContent = \"document.title = '{MARK}'; fetch('http://{beacon.address}/control')\";"
        "document.head.append(s);"
    )


def test_the_watch_sees_a_payload_that_runs(browser: Any, hostile: Hostile) -> None:
    """With the policy ignored, an injected script runs and is seen: the checks can fail."""
    hostile.beacon.hits.clear()
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    try:
        _load(browser, f"{hostile.base}/en/")
        _inject(browser, hostile.beacon)
        deadline = time.monotonic() + 5
        while not hostile.beacon.hits and time.monotonic() < deadline:
            time.sleep(0.1)
        assert hostile.beacon.hits == ["GET /control"]
        assert browser.execute_script("return document.title") == MARK
    finally:
        browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})
        hostile.beacon.hits.clear()


def test_our_policy_refuses_a_script_injected_into_a_page(browser: Any, hostile: Hostile) -> None:
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})
    hostile.beacon.hits.clear()
    _load(browser, f"{hostile.base}/en/dispatch/{hostile.dispatch_ids[0]}")
    _inject(browser, hostile.beacon)
    assert browser.execute_script("return document.title") != MARK
    violations = browser.execute_script("return window.__hostile.violations")
    assert any(v.startswith("script-src") for v in violations), violations
    _quiet(hostile.beacon, "injected script")


def test_no_payload_runs_on_any_page(browser: Any, hostile: Hostile, mode: bool) -> None:
    headlines: list[str] = []
    for page in _pages(hostile):
        _load(browser, hostile.base + page)
        _check(browser, page, csp=mode)
        if "/dispatch/" in page:
            headlines.append(browser.find_element(By.TAG_NAME, "h1").text)
    _quiet(hostile.beacon, "pages")
    # The payloads are shown as the text they are, not dropped.
    assert any("<script>fetch(" in headline for headline in headlines), headlines


@pytest.mark.usefixtures("mode")
def test_no_link_on_a_dispatch_page_runs_a_payload(browser: Any, hostile: Hostile) -> None:
    clicked: set[str] = set()
    for dispatch_id in hostile.dispatch_ids:
        _click_every_link(browser, hostile, f"/en/dispatch/{dispatch_id}", clicked)
    _click_every_link(browser, hostile, f"/es/dispatch/{hostile.old_url_id}", clicked)
    _quiet(hostile.beacon, "links")
    assert any(href.endswith("/127.0.0.1:9/library") or ":9/library" in href for href in clicked)


def _feed_fragments(text: str, extension: str) -> list[str]:
    """The HTML each entry of a feed carries for feed readers to render."""
    if extension == "json":
        return [str(item["content_html"]) for item in json.loads(text)["items"]]
    root = ET.fromstring(text)
    if extension == "rss":
        return [str(element.text) for element in root.iter("description") if element.text]
    content = "{http://www.w3.org/2005/Atom}content"
    return [str(element.text) for element in root.iter(content) if element.text]


def _markup_problems(fragment: str) -> list[str]:
    problems: list[str] = []
    for element in html.fragment_fromstring(fragment, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in {"div", "p", "a"}:
            problems.append(element.tag)
        for name, value in element.attrib.items():
            if name.startswith("on") or name == "style":
                problems.append(f"{element.tag}[{name}]")
            if name == "href" and not value.startswith(("http://", "https://")):
                problems.append(f"href={value[:60]}")
    return problems


def test_feeds_carry_no_payload_as_markup(browser: Any, hostile: Hostile, mode: bool) -> None:
    entries = 0
    for lang in ("en", "es"):
        for extension in ("rss", "atom", "json"):
            path = f"/{lang}/feed.{extension}"
            try:
                browser.get(hostile.base + path)
                _check(browser, path, inspect=False, csp=mode)
            except WebDriverException:
                pass  # a download refused: nothing was rendered, so nothing ran
            with urllib.request.urlopen(hostile.base + path, timeout=10) as response:
                fragments = _feed_fragments(response.read().decode(), extension)
            for fragment in fragments:
                assert _markup_problems(fragment) == [], (path, fragment[:200])
            entries += len(fragments)
    assert entries >= 10
    _quiet(hostile.beacon, "feeds")
