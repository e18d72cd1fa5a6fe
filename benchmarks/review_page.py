"""The editors' review page: how long it takes to render for a 40-sentence dispatch in five
languages (the original and four translations), with the app in this process (Flask's test
client: the time of the view, its queries and the template, no network).

Two cases: the summary as the summarizer chose it, and the worst case of all 40 sentences in
the summary (every one editable in every language, each with its flags). Prints the median
and p90 of each, then one JSON line. Target: median under 100 ms.
Run: ``.venv/bin/python benchmarks/review_page.py [--runs 30]``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from publisher.core import Desk  # noqa: E402
from publisher.settings import load_settings  # noqa: E402
from publisher.web import create_app  # noqa: E402
from tests.doubles import RecordingTranslator  # noqa: E402

TARGET_MS = 100.0
SENTENCES = 40
LANGUAGES = ("ko", "es", "fr", "ja")
EDITOR = "bench@example.org"
PASSWORD = "a long benchmark password"
_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')

# our own words, combined into distinct sentences of wire copy
PLACES = ("Busan", "Incheon", "Daegu", "Gwangju", "Ulsan", "Suwon", "Jeonju", "Mokpo")
BODIES = ("the port authority", "the city council", "two rail unions", "the weather office")
ACTS = ("approved", "postponed", "announced", "rejected", "questioned")
THINGS = ("a new ferry route", "a budget for parks", "a wage deal", "a flood warning")


def story() -> str:
    lines = [
        "---",
        "title: Port cities weigh a winter of changes",
        "agency: Reuters",
        "language: en",
        "guid: review-benchmark-1",
        "---",
        "",
    ]
    for i in range(SENTENCES):
        sentence = (
            f"In {PLACES[i % len(PLACES)]}, {BODIES[i % len(BODIES)]} "
            f"{ACTS[i % len(ACTS)]} {THINGS[i % len(THINGS)]} on day {i + 1} of the month."
        )
        lines.append(sentence + ("\n" if i % 5 == 4 else ""))
    return "\n".join(lines) + "\n"


def median_ms(client, path: str, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        desk = Desk(
            load_settings({"instance": str(root / "desk"), "languages": ",".join(LANGUAGES)}),
            engines={"double": RecordingTranslator(pairs={("en", lang) for lang in LANGUAGES})},
        )
        try:
            source = root / "story.md"
            source.write_text(story(), encoding="utf-8")
            report = desk.ingest([str(source)])
            assert report.ok, report.failures
            desk.run()
            dispatch_id = report.outcomes[0].dispatch_id
            assert dispatch_id is not None
            desk.users.create(EDITOR, "editor", PASSWORD)
            app = create_app({"TESTING": True}, desk=desk)
            client = app.test_client()
            token = _TOKEN.search(client.get("/editor/login").get_data(as_text=True))
            assert token is not None
            logged = client.post(
                "/editor/login",
                data={"email": EDITOR, "password": PASSWORD, "csrf_token": token.group(1)},
            )
            assert logged.status_code == 303
            path = f"/editor/dispatch/{dispatch_id}"
            detail = desk.review.detail(dispatch_id)
            assert len(detail.sentences) == SENTENCES and len(detail.versions) == 5
            summary = sum(s.selected for s in detail.sentences)
            client.get(path)  # warm: templates compiled, caches filled
            chosen = median_ms(client, path, args.runs)
            source_version = detail.versions["en"].lock_version
            desk.review.change_selection(
                dispatch_id,
                EDITOR,
                expected_version=source_version,
                indexes=list(range(SENTENCES)),
            )
            desk.run()
            full = desk.review.detail(dispatch_id)
            assert all(v.complete for v in full.versions.values())
            client.get(path)
            everything = median_ms(client, path, args.runs)
        finally:
            desk.close()
    figures = {
        "sentences": SENTENCES,
        "languages": 1 + len(LANGUAGES),
        "runs": args.runs,
        "summary_sentences": summary,
        "median_ms": round(chosen[0], 1),
        "p90_ms": round(chosen[1], 1),
        "all_in_summary_median_ms": round(everything[0], 1),
        "all_in_summary_p90_ms": round(everything[1], 1),
        "target_ms": TARGET_MS,
    }
    print(f"review page, {SENTENCES} sentences, {1 + len(LANGUAGES)} languages, {args.runs} runs")
    print(f"  summary of {summary} sentences: median {chosen[0]:.1f} ms, p90 {chosen[1]:.1f} ms")
    print(
        f"  all {SENTENCES} in the summary: median {everything[0]:.1f} ms, "
        f"p90 {everything[1]:.1f} ms"
    )
    print(f"  target: median under {TARGET_MS:.0f} ms")
    print(json.dumps(figures))
    return 0 if chosen[0] < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
