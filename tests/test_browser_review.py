"""The editors' review pages in headless Chromium: hostile dispatches run nothing on the queue,
the review page or the preview, the keyboard shortcuts work, and axe-core finds nothing
serious.

The hostile corpus of tests/test_browser_hostile.py is ingested under the review policy and
translated by the recording double (in this process, before the server starts), so that
every hostile field sits in a draft an editor reviews, in the original and in Spanish.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from publisher.core import Desk
from publisher.settings import load_settings
from tests.browser_support import (
    AXE_SCRIPT,
    CHROMEDRIVER,
    CHROMIUM,
    chrome,
    describe_violations,
    run_axe,
    served,
)
from tests.conftest import need
from tests.doubles import RecordingTranslator
from tests.test_browser_hostile import CORPUS, HOSTILE, WATCH, Beacon, _check, _load

pytestmark = pytest.mark.browser

EDITOR = "ed@example.org"
PASSWORD = "a long test password"
BLOCKING_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class Desk_:
    base: str
    beacon: Beacon
    dispatch_ids: list[int]
    instance: Path


@pytest.fixture(scope="module")
def hostile_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk_]:
    need(CHROMIUM.exists() and shutil.which("chromium") is not None, "chromium")
    need(CHROMEDRIVER.exists(), "chromium-driver")
    with Beacon() as beacon:
        inputs = tmp_path_factory.mktemp("review-hostile-inputs")
        for name in CORPUS:
            text = (HOSTILE / name).read_text(encoding="utf-8")
            (inputs / name).write_text(text.replace("BEACON", beacon.address), encoding="utf-8")
        instance = tmp_path_factory.mktemp("review-hostile-instance")
        desk = Desk(
            load_settings({"instance": str(instance), "languages": "es"}),
            engines={"double": RecordingTranslator(pairs={("en", "es")})},
        )
        try:
            report = desk.ingest([str(inputs / name) for name in CORPUS], enqueue=False)
            assert report.ok
            desk.run()
            desk.users.create(EDITOR, "editor", PASSWORD)
            ids = sorted({entry.dispatch_id for entry in desk.review.queue().entries})
            assert len(ids) >= 5
        finally:
            desk.close()
        clean = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISHER_")}
        env = {**clean, "PUBLISHER_LANGUAGES": "es"}
        with served(instance, env=env, log=instance / "serve.log") as base:
            yield Desk_(base, beacon, ids, instance)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, hostile_desk: Desk_) -> Iterator[Any]:
    try:
        driver = chrome(tmp_path_factory.mktemp("review-profile"))
    except WebDriverException as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"headless Chromium does not start here: {error.msg}")
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(20)
    driver.execute_cdp_cmd("Page.enable", {})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "deny"})
    _load(driver, hostile_desk.base + "/editor/login")
    driver.find_element(By.NAME, "email").send_keys(EDITOR)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/editor/"))
    yield driver
    driver.quit()


def _pages(desk: Desk_) -> list[str]:
    pages = ["/editor/queue", "/editor/queue?lang=es", "/editor/queue?flagged=1"]
    for dispatch_id in desk.dispatch_ids:
        pages += [f"/editor/dispatch/{dispatch_id}", f"/editor/dispatch/{dispatch_id}/preview/es"]
        pages.append(f"/editor/dispatch/{dispatch_id}/preview/en")
    return pages


@pytest.mark.parametrize("enforced", [True, False], ids=["as served", "CSP ignored"])
def test_no_payload_runs_on_the_review_pages(
    browser: Any, hostile_desk: Desk_, enforced: bool
) -> None:
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": not enforced})
    hostile_desk.beacon.hits.clear()
    shown = 0
    try:
        for page in _pages(hostile_desk):
            _load(browser, hostile_desk.base + page)
            assert "/editor/login" not in browser.current_url, page
            _check(browser, page, csp=enforced)
            text = browser.execute_script(
                "return document.body.innerText + ' ' + "
                "Array.from(document.querySelectorAll('textarea, input')).map(e => e.value).join(' ')"
            )
            shown += "<script" in text or "onerror" in text
    finally:
        browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})
    assert shown >= 5, "the payloads are on the pages, as text"
    import time

    time.sleep(0.5)  # a fetch that started still has to arrive
    assert hostile_desk.beacon.hits == [], hostile_desk.beacon.hits[:10]


def _press(driver: Any, *keys: str) -> None:
    for key in keys:
        ActionChains(driver).send_keys(key).perform()


def test_the_queue_keys_move_open_and_approve(browser: Any, hostile_desk: Desk_) -> None:
    _load(browser, hostile_desk.base + "/editor/queue?lang=es")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.queue-row")
    assert len(rows) >= 2
    browser.find_element(By.TAG_NAME, "h1").click()  # focus on the page, not a field
    _press(browser, "j", "j", "k")
    selected = browser.find_elements(By.CSS_SELECTOR, "tr.queue-row.selected")
    assert len(selected) == 1 and selected[0] == rows[0]
    first = rows[0].get_attribute("data-open")
    _press(browser, "o")
    WebDriverWait(browser, 10).until(lambda d: "/editor/dispatch/" in d.current_url)
    assert browser.current_url.endswith(first.split("/editor", 1)[1].split("#")[0] + "#lang-es")
    # back to the queue: approve the first Spanish version with "a"
    _load(browser, hostile_desk.base + "/editor/queue?lang=es")
    before = len(browser.find_elements(By.CSS_SELECTOR, "tr.queue-row"))
    browser.find_element(By.TAG_NAME, "h1").click()
    _press(browser, "j", "a")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".flash li"))
    assert "es: Published" in browser.find_element(By.CSS_SELECTOR, ".flash").text
    _load(browser, hostile_desk.base + "/editor/queue?lang=es")
    assert len(browser.find_elements(By.CSS_SELECTOR, "tr.queue-row")) == before - 1
    # "r" goes to the reason of the selected version's reject form
    browser.find_element(By.TAG_NAME, "h1").click()
    _press(browser, "j", "r")
    focused = browser.switch_to.active_element
    assert focused.get_attribute("name") == "reason"
    assert browser.find_element(By.CSS_SELECTOR, "tr.queue-row.selected input.reason") == focused


def test_the_review_page_keys(browser: Any, hostile_desk: Desk_) -> None:
    dispatch_id = hostile_desk.dispatch_ids[-1]
    _load(browser, f"{hostile_desk.base}/editor/dispatch/{dispatch_id}")
    browser.find_element(By.TAG_NAME, "h1").click()
    _press(browser, "q")
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/editor/queue"))


def test_axe_finds_nothing_serious_on_the_review_pages(browser: Any, hostile_desk: Desk_) -> None:
    need(AXE_SCRIPT.exists(), "axe-core (npm install --no-save axe-core)")
    failures = []
    for page in ("/editor/queue", f"/editor/dispatch/{hostile_desk.dispatch_ids[0]}"):
        _load(browser, hostile_desk.base + page)
        blocking = [v for v in run_axe(browser) if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            failures.append(f"{page}:\n{describe_violations(blocking)}")
    assert not failures, "axe-core violations:\n" + "\n".join(failures)
