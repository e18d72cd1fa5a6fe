"""The reader site in a real browser: headless Chromium against `publisher serve`, with axe-core.

One server and one browser serve the whole module; each test sets the viewport it needs.
Screenshots go to a temporary folder (its path is printed with ``pytest -s``), or to
``PUBLISHER_SCREENSHOTS`` when that is set.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from publisher.core import Desk
from publisher.settings import load_settings
from tests.browser_support import (
    AXE_SCRIPT,
    CHROMEDRIVER,
    CHROMIUM,
    Site,
    chrome,
    describe_violations,
    fill_site,
    run_axe,
    served,
    set_viewport,
)
from tests.conftest import need

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    mobile: bool


PHONE = Viewport("phone", 390, 844, mobile=True)
DESKTOP = Viewport("desktop", 1366, 900, mobile=False)


@dataclass(frozen=True)
class Live:
    base: str
    site: Site
    shots: Path


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """`publisher serve` over an instance holding the test site."""
    need(CHROMIUM.exists() and shutil.which("chromium") is not None, "chromium")
    need(CHROMEDRIVER.exists(), "chromium-driver")
    need(AXE_SCRIPT.exists(), "axe-core (npm install --no-save axe-core)")
    instance = tmp_path_factory.mktemp("browser-instance")
    desk = Desk(load_settings({"instance": str(instance)}))
    try:
        site = fill_site(desk)
    finally:
        desk.close()
    shots = Path(os.environ.get("PUBLISHER_SCREENSHOTS") or tmp_path_factory.mktemp("screens"))
    shots.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots in {shots}")
    # Only this server's instance, whatever the developer's shell exports.
    clean = {key: value for key, value in os.environ.items() if not key.startswith("PUBLISHER_")}
    log = instance / "serve.log"
    with served(instance, workers=1, threads=4, env=clean, log=log) as base:
        yield Live(base, site, shots)


@pytest.fixture(scope="module")
def browser(live: Live, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    try:
        driver = chrome(profile)
    except WebDriverException as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"headless Chromium does not start here: {error.msg}")
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(20)
    # Load the site once so that cookies can be cleared for its origin between tests.
    driver.get(live.base + "/en/")
    yield driver
    driver.quit()


def _at(browser: Any, viewport: Viewport) -> Any:
    set_viewport(browser, viewport.width, viewport.height, mobile=viewport.mobile)
    browser.delete_all_cookies()
    return browser


@pytest.fixture(params=[PHONE, DESKTOP], ids=lambda v: v.name)
def window(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, Viewport]]:
    viewport: Viewport = request.param
    yield _at(browser, viewport), viewport


def _open(driver: Any, live: Live, path: str) -> None:
    driver.get(live.base + path)
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def _shoot(driver: Any, live: Live, name: str) -> Path:
    path = live.shots / f"{name}.png"
    # A full-page capture: fit the window to the document height for the shot.
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    width = int(driver.execute_script("return window.innerWidth"))
    mobile = width < 600
    set_viewport(driver, width, min(max(height, 600), 4000), mobile=mobile)
    driver.save_screenshot(str(path))
    return path


def _rect(element: WebElement) -> dict[str, float]:
    rect: dict[str, float] = element.rect
    return rect


def _no_horizontal_scroll(driver: Any) -> None:
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
    )
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"


def _platform_fonts(driver: Any, css: str) -> list[str]:
    """Families Chromium actually used to draw the text of the first ``css`` element."""
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})
    found = driver.execute_cdp_cmd(
        "DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": css}
    )
    fonts = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": found["nodeId"]})
    return [font["familyName"] for font in fonts["fonts"]]


# -- pages ---------------------------------------------------------------------------------


def test_home_page(window: tuple[Any, Viewport], live: Live) -> None:
    driver, viewport = window
    _open(driver, live, "/ko/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ko"
    heading = driver.find_element(By.TAG_NAME, "h1")
    assert heading.is_displayed() and heading.text
    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".card-title a")]
    # Ferry, rail and the Korean original; the olive harvest has no Korean version.
    assert "항구 도시에 새 여객선 터미널 개장" in titles
    assert "전주에서 한지 축제 개막" in titles
    assert "Olive growers report an early harvest" not in titles
    assert len(titles) == 3
    # Korean is drawn with a CJK font, not boxes from a Latin-only fallback.
    fonts = _platform_fonts(driver, ".card-title a")
    assert any("CJK" in family or "KR" in family for family in fonts), fonts
    word_break = driver.execute_script(
        "return getComputedStyle(document.querySelector('.card-title')).wordBreak"
    )
    assert word_break == "keep-all"
    # The language list lines up with the rest of the header instead of the window's edge.
    brand = _rect(driver.find_element(By.CSS_SELECTOR, ".brand"))
    first_language = _rect(driver.find_element(By.CSS_SELECTOR, "nav.languages a"))
    assert abs(brand["x"] - first_language["x"]) <= 2, (brand, first_language)
    _no_horizontal_scroll(driver)
    _shoot(driver, live, f"home-ko-{viewport.name}")


def _translated_sentences(driver: Any) -> list[WebElement]:
    sentences: list[WebElement] = driver.find_elements(
        By.CSS_SELECTOR, ".side-by-side [data-source]"
    )
    assert sentences, "no translated sentence carries data-source"
    return sentences


def _sources_of(driver: Any, sentence: WebElement) -> list[WebElement]:
    index = sentence.get_attribute("data-source")
    found: list[WebElement] = driver.find_elements(By.CSS_SELECTOR, f'[data-sentence="{index}"]')
    return found


def _highlighted(element: WebElement) -> bool:
    return "is-source" in (element.get_attribute("class") or "").split()


def test_dispatch_sentence_highlighting(window: tuple[Any, Viewport], live: Live) -> None:
    driver, viewport = window
    _open(driver, live, f"/ko/dispatch/{live.site.ferry}")
    sentences = _translated_sentences(driver)
    assert [s.get_attribute("data-source") for s in sentences] == ["0", "2"]
    first, second = sentences
    first_sources = _sources_of(driver, first)
    # The sentence in the original summary and the same sentence in the full text.
    assert len(first_sources) == 2
    assert not any(_highlighted(s) for s in first_sources)

    ActionChains(driver).move_to_element(first).perform()
    WebDriverWait(driver, 5).until(lambda _d: all(_highlighted(s) for s in first_sources))
    assert not any(_highlighted(s) for s in _sources_of(driver, second))
    _shoot(driver, live, f"dispatch-ko-hover-{viewport.name}")

    heading = driver.find_element(By.TAG_NAME, "h1")
    ActionChains(driver).move_to_element(heading).perform()
    WebDriverWait(driver, 5).until(lambda _d: not any(_highlighted(s) for s in first_sources))

    # Keyboard: TAB from the top of the page reaches the translated sentences in order.
    driver.execute_script("document.activeElement && document.activeElement.blur();")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _step in range(40):
        active = driver.switch_to.active_element
        if active.get_attribute("data-source") == "2":
            break
        active.send_keys(Keys.TAB)
    else:
        pytest.fail("TAB never reached the second translated sentence")
    second_sources = _sources_of(driver, second)
    assert all(_highlighted(s) for s in second_sources)
    assert not any(_highlighted(s) for s in first_sources)
    outline = driver.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return [s.outlineStyle, parseFloat(s.outlineWidth)];"
    )
    assert outline[0] != "none" and outline[1] >= 2, f"focus is not visible: {outline}"
    _shoot(driver, live, f"dispatch-ko-focus-{viewport.name}")


def test_dispatch_layout(window: tuple[Any, Viewport], live: Live) -> None:
    driver, viewport = window
    _open(driver, live, f"/ko/dispatch/{live.site.ferry}")
    translated, original = driver.find_elements(By.CSS_SELECTOR, ".side-by-side > .panel")
    assert original.find_element(By.CSS_SELECTOR, "[lang]").get_attribute("lang") == "en"
    left, right = _rect(translated), _rect(original)
    if viewport is DESKTOP:
        assert abs(left["y"] - right["y"]) < 2, (left, right)
        assert right["x"] >= left["x"] + left["width"], (left, right)
    else:
        assert right["y"] >= left["y"] + left["height"], (left, right)
        assert abs(left["x"] - right["x"]) < 2, (left, right)
        assert left["width"] <= viewport.width
    _no_horizontal_scroll(driver)


def test_missing_language_is_said(browser: Any, live: Live) -> None:
    driver = _at(browser, DESKTOP)
    _open(driver, live, f"/ko/dispatch/{live.site.harvest}")
    notice = driver.find_element(By.CSS_SELECTOR, ".notice")
    assert notice.is_displayed()
    links = notice.find_elements(By.CSS_SELECTOR, "a[hreflang]")
    assert [a.get_attribute("hreflang") for a in links] == ["en", "es"]
    assert driver.find_element(By.TAG_NAME, "h1").get_attribute("lang") == "en"


def test_language_switcher(window: tuple[Any, Viewport], live: Live) -> None:
    driver, viewport = window
    path = f"/en/dispatch/{live.site.ferry}"
    _open(driver, live, path)
    switch = driver.find_element(By.CSS_SELECTOR, 'nav.languages a[hreflang="ko"]')
    assert switch.is_displayed()
    switch.click()
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("/ko/"))
    assert urlsplit(driver.current_url).path == f"/ko/dispatch/{live.site.ferry}"
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ko"
    current = driver.find_element(By.CSS_SELECTOR, "nav.languages a[aria-current]")
    assert current.get_attribute("hreflang") == "ko"
    _shoot(driver, live, f"switched-ko-{viewport.name}")
    # The choice is remembered: the bare address now leads to Korean, not the browser's English.
    _open(driver, live, "/")
    assert urlsplit(driver.current_url).path == "/ko/"
    # Switching again replaces the remembered choice.
    driver.find_element(By.CSS_SELECTOR, 'nav.languages a[hreflang="de"]').click()
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("/de/"))
    _open(driver, live, "/")
    assert urlsplit(driver.current_url).path == "/de/"


def test_search(window: tuple[Any, Viewport], live: Live) -> None:
    driver, viewport = window
    _open(driver, live, "/ko/")
    box = driver.find_element(By.ID, "site-search")
    assert box.is_displayed()
    box.send_keys("ferry")
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("/ko/search"))
    status = driver.find_element(By.CSS_SELECTOR, "[role=status]")
    assert "1" in status.text
    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".card-title a")]
    assert titles == ["항구 도시에 새 여객선 터미널 개장"]
    # The query stays in the search field of the results page.
    assert driver.find_element(By.ID, "search-query").get_attribute("value") == "ferry"
    _shoot(driver, live, f"search-ko-{viewport.name}")

    # A Korean word (trigram search, no spaces needed) from the results page's own form.
    field = driver.find_element(By.ID, "search-query")
    field.clear()
    field.send_keys("한지 축제")
    driver.find_element(By.CSS_SELECTOR, ".search-page-form button[type=submit]").click()
    WebDriverWait(driver, 10).until(expected_conditions.url_contains(quote("한지")))
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, ".card mark")]
    assert "한지" in marks or "축제" in marks, marks

    field = driver.find_element(By.ID, "search-query")
    field.clear()
    field.send_keys("zeppelin")
    field.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("zeppelin"))
    assert not driver.find_elements(By.CSS_SELECTOR, ".card")
    assert "zeppelin" in driver.find_element(By.CSS_SELECTOR, ".empty[role=status]").text


# -- accessibility -------------------------------------------------------------------------


def _axe_pages(site: Site) -> dict[str, str]:
    return {
        "home": "/{lang}/",
        "dispatch": f"/{{lang}}/dispatch/{site.ferry}",
        "original": f"/{{lang}}/dispatch/{site.festival}",
        "missing": f"/{{lang}}/dispatch/{site.harvest}",
        "digest": f"/{{lang}}/digest/{site.day}",
        "search": "/{lang}/search?q=ferry",
        "no-results": "/{lang}/search?q=zeppelin",
        "404": "/{lang}/no-such-page",
    }


# Every kind of page in English and Korean; the main pages in the other UI languages.
AXE_RUNS = [
    ("en", DESKTOP, None),
    ("ko", DESKTOP, None),
    ("en", PHONE, ("home", "dispatch", "search")),
    ("ko", PHONE, ("home", "dispatch", "search")),
    *((lang, DESKTOP, ("home", "dispatch", "404")) for lang in ("ja", "zh", "es", "fr", "de")),
]


@pytest.mark.parametrize(
    ("lang", "viewport", "only"), AXE_RUNS, ids=[f"{r[0]}-{r[1].name}" for r in AXE_RUNS]
)
def test_axe(
    browser: Any, live: Live, lang: str, viewport: Viewport, only: tuple[str, ...] | None
) -> None:
    """No serious or critical axe-core violation on these pages."""
    failures: list[str] = []
    driver = _at(browser, viewport)
    for name, template in _axe_pages(live.site).items():
        if only is None or name in only:
            _open(driver, live, template.format(lang=lang))
            blocking = [v for v in run_axe(driver) if v["impact"] in BLOCKING_IMPACTS]
            if blocking:
                failures.append(
                    f"{template.format(lang=lang)} ({viewport.name}):\n"
                    + describe_violations(blocking)
                )
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


def test_axe_check_can_fail(browser: Any, live: Live) -> None:
    """The check above would see a violation: an image without a text alternative."""
    driver = _at(browser, DESKTOP)
    _open(driver, live, "/en/")
    driver.execute_script(
        "const img = document.createElement('img');"
        "img.src = '/static/site.css'; img.width = 20; img.height = 20;"
        "document.querySelector('main').append(img);"
    )
    rules = {v["id"]: v["impact"] for v in run_axe(driver)}
    assert rules.get("image-alt") in BLOCKING_IMPACTS, rules
