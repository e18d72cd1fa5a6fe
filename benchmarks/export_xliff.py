"""Editor export cost against the number of dispatches: time and peak memory.

Fills a fresh SQLite instance with N dispatches of generated text (an English original of
8 sentences, a 3-sentence summary, drafts in ko, es and ja), then, in a fresh subprocess per
measure, exports every pair as XLIFF 2.1 (three documents) and as one bilingual CSV with
the same code the CLI runs, to files. Reports wall time and the peak of Python allocations
(tracemalloc) and the resident-set growth: memory should stay flat as N grows, since items
are loaded ``drafts.CHUNK`` dispatches at a time and written as they come.

Run: ``python benchmarks/export_xliff.py [--sizes 1000,3000,10000] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

LANGUAGES = ("ko", "es", "ja")
WORDS = "port city ferry terminal opened monday officials expect passengers double shops".split()


def sentence(serial: int, index: int) -> str:
    words = [WORDS[(serial * 7 + index * 3 + k) % len(WORDS)] for k in range(9)]
    return f"{' '.join(words).capitalize()} number {serial}-{index}."


def fill(instance: Path, count: int) -> None:
    from publisher.core import Desk
    from publisher.db import Dispatch, Revision, Sentence, Summary, Translation
    from publisher.settings import load_settings

    desk = Desk(load_settings({"instance": str(instance)}))
    try:
        for start in range(0, count, 1000):
            with desk.store.session() as session:
                for serial in range(start, min(start + 1000, count)):
                    dispatch = Dispatch(story_key=f"bench:{serial}", agency="Bench Wire")
                    session.add(dispatch)
                    session.flush()
                    texts = [sentence(serial, i) for i in range(8)]
                    revision = Revision(
                        dispatch_id=dispatch.id,
                        content_hash=hashlib.sha256(f"bench{serial}".encode()).hexdigest(),
                        source_format="wire",
                        language="en",
                        headline=f"Headline {serial}",
                        paragraphs=[" ".join(texts)],
                    )
                    session.add(revision)
                    session.flush()
                    dispatch.current_revision_id = revision.id
                    session.add_all(
                        Sentence(revision_id=revision.id, index=i, paragraph=0, text=t)
                        for i, t in enumerate(texts)
                    )
                    session.add(
                        Summary(
                            revision_id=revision.id, method="default", sentence_indexes=[0, 2, 5]
                        )
                    )
                    session.add_all(
                        Translation(
                            revision_id=revision.id,
                            language=language,
                            status="done",
                            engine="bench",
                            headline=f"[{language}] Headline {serial}",
                            source_indexes=[0, 2, 5],
                            sentences=[f"[{language}] {texts[i]}" for i in (0, 2, 5)],
                        )
                        for language in LANGUAGES
                    )
    finally:
        desk.close()


def _export(desk: object, out: Path) -> None:
    from publisher.export import csv_bilingual, xliff2
    from publisher.export.drafts import all_dispatch_ids, translator_items

    with desk.store.session() as session:  # type: ignore[attr-defined]
        ids = all_dispatch_ids(session)
        for language in LANGUAGES:
            with open(out / f"en-{language}.xlf", "wb") as stream:
                xliff2.write(translator_items(session, ids, [language]), stream, "en", language)
        with open(out / "translations.csv", "wb") as stream:
            csv_bilingual.write(translator_items(session, ids, None), stream)


def measure(instance: str, out: str) -> dict[str, float]:
    """Export everything twice in this process: timed, then under tracemalloc (which slows
    Python down, so it is not timed). Seconds, peak MiB, RSS growth MiB, output MiB."""
    from publisher.core import Desk
    from publisher.export.drafts import all_dispatch_ids
    from publisher.settings import load_settings

    desk = Desk(load_settings({"instance": instance}))
    with desk.store.session() as session:
        all_dispatch_ids(session)  # warm: connection, mappers
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    _export(desk, Path(out))
    seconds = time.perf_counter() - began
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
    tracemalloc.start()
    _export(desk, Path(out))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    desk.close()
    size = sum(p.stat().st_size for p in Path(out).iterdir())
    return {
        "seconds": seconds,
        "peak_mib": peak / 2**20,
        "rss_growth_mib": grown / 1024,
        "output_mib": size / 2**20,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--measure", nargs=2, metavar=("INSTANCE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    results = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as folder:
            instance = Path(folder) / "instance"
            fill(instance, size)
            runs = []
            for _ in range(args.repeats):
                out = Path(tempfile.mkdtemp(dir=folder))
                done = subprocess.run(
                    [sys.executable, __file__, "--measure", str(instance), str(out)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            results[size] = median
            print(
                f"{size:>6} dispatches x {len(LANGUAGES)} languages: {median['seconds']:.2f} s, "
                # every dispatch and language is written twice: in its XLIFF and in the CSV
                f"{2 * size * len(LANGUAGES) / median['seconds']:.0f} items written/s, "
                f"peak {median['peak_mib']:.1f} MiB (tracemalloc), RSS +{median['rss_growth_mib']:.1f} MiB, "
                f"output {median['output_mib']:.1f} MiB",
                flush=True,
            )
    sizes = sorted(results)
    if len(sizes) > 1:
        ratio = results[sizes[-1]]["peak_mib"] / results[sizes[0]]["peak_mib"]
        print(f"peak memory ratio {sizes[-1]} / {sizes[0]} dispatches: {ratio:.2f} (flat is 1.0)")
    print(json.dumps({"medians": results}))


if __name__ == "__main__":
    main()
