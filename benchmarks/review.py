"""What the review page costs the service: ``ReviewService.detail`` of a 40-sentence dispatch
with every sentence in its summary, translated into 5 languages (the page's target: under
100 ms in all), plus one approval of all languages and one sentence save.

Run: ``python benchmarks/review.py [--repeats 30]`` (SQLite in a temporary folder).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from publisher.core import Desk  # noqa: E402
from publisher.settings import load_settings  # noqa: E402
from tests.builders import make_dispatch  # noqa: E402

SENTENCES = 40
LANGUAGES = ("ko", "ja", "zh", "es", "fr")
EDITOR = "bench@example.org"


def _dispatch(desk: Desk) -> int:
    sentences = [
        f"Sentence {i} of the benchmark dispatch says something new." for i in range(SENTENCES)
    ]
    translations = {
        lang: (f"[{lang}] headline", [f"[{lang}] {text}" for text in sentences])
        for lang in LANGUAGES
    }
    dispatch_id = make_dispatch(
        desk.store,
        sentences=sentences,
        summary_indexes=range(SENTENCES),
        translations=translations,
        review_state="draft",
        publish_original=False,
    )
    desk.review.sync([dispatch_id])
    return dispatch_id


def _median_ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:7.2f} ms  max {max(samples) * 1000:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        desk = Desk(load_settings({"instance": folder, "languages": ",".join(LANGUAGES)}))
        try:
            dispatch_id = _dispatch(desk)
            desk.review.detail(dispatch_id)  # warm: imports, statement caches
            detail = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                view = desk.review.detail(dispatch_id)
                detail.append(time.perf_counter() - start)
            assert len(view.versions) == len(LANGUAGES) + 1
            assert all(len(v.sentences) == SENTENCES for v in view.versions.values())
            saves = []
            for i in range(args.repeats):
                lock = desk.review.detail(dispatch_id).versions["ko"].lock_version
                start = time.perf_counter()
                desk.review.edit(
                    dispatch_id,
                    "ko",
                    EDITOR,
                    expected_version=lock,
                    sentences={i % SENTENCES: f"edit {i}"},
                )
                saves.append(time.perf_counter() - start)
            approvals = []
            for _ in range(max(3, args.repeats // 10)):
                other = _dispatch(desk)
                start = time.perf_counter()
                desk.review.act(other, "approve", EDITOR)
                approvals.append(time.perf_counter() - start)
        finally:
            desk.close()
    print(
        f"review detail, {SENTENCES} sentences x {len(LANGUAGES)} languages + source: {_median_ms(detail)}"
    )
    print(f"one sentence save (optimistic lock, audit):        {_median_ms(saves)}")
    print(
        f"approve + publish all {len(LANGUAGES) + 1} versions (search index): {_median_ms(approvals)}"
    )


if __name__ == "__main__":
    main()
