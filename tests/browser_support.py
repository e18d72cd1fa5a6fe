"""Helpers for the browser tests and the web benchmark: a site filled with our own dispatches,
the production server in a subprocess, headless Chromium, and axe-core."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from publisher.core import Desk
from tests.builders import make_dispatch

REPO = Path(__file__).resolve().parents[1]
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
KST = timezone(timedelta(hours=9))
# Midday in Seoul: the same calendar day in every page language's time zone (UTC to Asia/Tokyo).
DAY = datetime(2025, 11, 12, 14, 30, tzinfo=KST)


@dataclass(frozen=True)
class Site:
    """What the filled instance holds, for the tests to address."""

    ferry: int  # English original, translated into ko, ja and es
    rail: int  # English original with a topic, translated into ko
    festival: int  # Korean original, translated into en
    harvest: int  # English original translated into es only: missing in Korean
    day: str  # the digest day of all of them, YYYY-MM-DD


def fill_site(desk: Desk) -> Site:
    """Store a handful of published dispatches written for these tests."""
    store = desk.store
    ferry = make_dispatch(
        store,
        headline="Port city opens a new ferry terminal",
        sentences=(
            "Busan opened a new ferry terminal on Monday.",
            "The terminal can handle four ships at once.",
            "Officials expect passenger numbers to double by next year.",
            "Local shops welcomed the news.",
        ),
        summary_indexes=(0, 2),
        published=DAY,
        translations={
            "ko": (
                "항구 도시에 새 여객선 터미널 개장",
                [
                    "부산이 월요일 새 여객선 터미널을 열었다.",
                    "당국은 내년까지 승객 수가 두 배로 늘 것으로 내다봤다.",
                ],
            ),
            "ja": (
                "港町に新しいフェリーターミナルが開業",
                [
                    "釜山は月曜日、新しいフェリーターミナルを開いた。",
                    "当局は来年までに乗客数が倍増すると見込んでいる。",
                ],
            ),
            "es": (
                "Una ciudad portuaria abre una nueva terminal de ferris",
                [
                    "Busan abrió el lunes una nueva terminal de ferris.",
                    "Las autoridades esperan que el número de pasajeros se duplique el año próximo.",
                ],
            ),
        },
    )
    rail = make_dispatch(
        store,
        headline="Rail unions agree to resume talks",
        sentences=(
            "Two rail unions agreed on Tuesday to resume wage talks.",
            "The talks broke down last month over overtime pay.",
            "Trains will run on the normal timetable this week.",
        ),
        summary_indexes=(0, 2),
        topics=("Transport",),
        published=DAY - timedelta(hours=1),
        translations={
            "ko": (
                "철도 노조, 협상 재개에 합의",
                [
                    "철도 노조 두 곳이 화요일 임금 협상을 다시 하기로 합의했다.",
                    "이번 주 열차는 평소 시간표대로 운행한다.",
                ],
            ),
        },
    )
    festival = make_dispatch(
        store,
        headline="전주에서 한지 축제 개막",
        sentences=(
            "전주에서 금요일 한지 축제가 막을 올렸다.",
            "올해 축제에는 장인 마흔 명이 참여한다.",
            "주최 측은 관람객 십만 명을 예상한다.",
        ),
        language="ko",
        agency="Yonhap",
        dateline="전주, 11월 12일",
        summary_indexes=(0, 2),
        published=DAY - timedelta(hours=2),
        translations={
            "en": (
                "Hanji paper festival opens in Jeonju",
                [
                    "A hanji paper festival opened in Jeonju on Friday.",
                    "The organisers expect a hundred thousand visitors.",
                ],
            ),
        },
    )
    harvest = make_dispatch(
        store,
        headline="Olive growers report an early harvest",
        sentences=(
            "Olive growers in the south reported an early harvest this year.",
            "A dry summer ripened the fruit weeks ahead of time.",
            "Prices at the co-operatives held steady.",
        ),
        summary_indexes=(0, 1),
        published=DAY - timedelta(hours=3),
        translations={
            "es": (
                "Los olivareros adelantan la cosecha",
                [
                    "Los olivareros del sur adelantaron este año la cosecha.",
                    "Un verano seco maduró el fruto semanas antes de lo habitual.",
                ],
            ),
        },
    )
    return Site(ferry, rail, festival, harvest, DAY.date().isoformat())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def publisher_command() -> list[str]:
    """The `publisher` console script of the running interpreter's environment."""
    script = Path(sys.executable).with_name("publisher")
    if script.exists():
        return [str(script)]
    found = shutil.which("publisher")
    if found is None:
        raise FileNotFoundError("the publisher command is not installed")
    return [found]


@contextmanager
def served(
    instance: Path,
    *,
    workers: int = 1,
    threads: int = 4,
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    startup_timeout: float = 30.0,
) -> Iterator[str]:
    """Run `publisher serve` (gunicorn) on a free loopback port; yield its base URL.

    Raises RuntimeError when the server exits or does not answer within ``startup_timeout``.
    """
    port = free_port()
    environment = {
        **os.environ,
        # serve refuses the default key, as it should in production
        "PUBLISHER_SECRET_KEY": secrets.token_hex(32),
        **(env or {}),
        "PUBLISHER_INSTANCE": str(instance),
    }
    command = [
        *publisher_command(),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    base = f"http://127.0.0.1:{port}"
    with open(log or os.devnull, "wb") as output:
        process = subprocess.Popen(
            command, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_up(process, base + "/en/", startup_timeout)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"publisher serve exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"publisher serve did not answer {url} within {timeout:.0f} s")


def chrome(user_data_dir: Path) -> Any:
    """A headless Chromium driven by Debian's chromedriver (no Selenium Manager download)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--lang=en-US",
        "--window-size=1366,900",
        f"--user-data-dir={user_data_dir}",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


def set_viewport(driver: Any, width: int, height: int, *, mobile: bool) -> None:
    """Emulate an exact viewport; a phone also honours the page's viewport meta tag."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def run_axe(driver: Any) -> list[dict[str, Any]]:
    """Run axe-core on the loaded page; return its violations (a list of axe result objects)."""
    if not driver.execute_script("return typeof window.axe !== 'undefined';"):
        driver.execute_script(AXE_SCRIPT.read_text(encoding="utf-8"))
    result: dict[str, Any] = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]})
          .then((results) => done({violations: results.violations}))
          .catch((error) => done({error: String(error)}));
        """
    )
    if "error" in result:
        raise RuntimeError(f"axe-core failed: {result['error']}")
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Rule id, impact, help and the offending nodes of each violation, one block per rule."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)
