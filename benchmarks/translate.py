"""Translation throughput: our pipeline against the naive path and raw CTranslate2.

Builds three base-size Argos packages (en→ko, en→es, en→fr: d_model 512, 6+6 layers,
8 heads, FFN 2048, 32k vocabulary, int8) with random weights, writes dispatches of our own
text, and measures in one process:

(a) pipeline  the desk: split, summarize, then translate headline + summary sentences of many
              dispatches per batch, through the translation memory;
(b) naive     argostranslate's way: each dispatch's full text, split into sentences and sent
              to translate_batch once per dispatch and language;
(c) raw       CTranslate2 translate_batch alone, once per language, one language after
              another, over exactly the sentences (a) sent to its engine (the memory
              answered the others), already tokenized;
(d) raw-par   (c) with as many languages decoded at once, each on its own thread, as the
              pipeline decodes (``--parallel-languages``, the desk's default 2): what (a)
              would be with no cost beside the engine's.

All four use the same models and decoding settings (argostranslate's: beam 4, length
penalty 0.2, unknown tokens replaced, scores returned). Random weights never emit the end
token, so every sentence decodes to max_decoding_length tokens: the figures measure the work
done, not output length. For the same reason every output would count as cut at the decoding
limit, a known model failure the pipeline decodes once more and keeps out of its translation
memory; the benchmark turns that second try off so that the paths decode the same
sentences once, and (``BenchEngine``) judges the outputs as if the model had stopped there,
as a trained one does, so that the memory remembers them as it would in use (every other
check of degenerate output still applies). ``--judge-cut`` keeps the cut as a problem: then
the memory answers nothing and the updates cost the pipeline as much as new stories. The
paths run interleaved within each repeat (a, c, d, b, a, c, d, b, ...) so machine load falls
on them alike. The naive path
runs on the first ``--naive-dispatches`` dispatches only (it is about ten times slower, and
its rate, not its total, is what is compared), which keeps the whole run under 20 minutes on
two shared cores. Run: ``python benchmarks/translate.py [--dispatches 200]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


from publisher.core import Desk  # noqa: E402
from publisher.settings import load_settings  # noqa: E402
from publisher.text import split_paragraphs  # noqa: E402
from publisher.translate import degenerate  # noqa: E402
from publisher.translate.argos import ARGOS_DECODING, ArgosTranslator, LoadedModel  # noqa: E402
from publisher.translate.argos_packages import install_from_file  # noqa: E402
from publisher.translate.base import EngineOutput  # noqa: E402
from publisher.translate.decoding import MAX_INPUT_TOKENS  # noqa: E402
from tests.tinyargos import build_argos_package  # noqa: E402

LANGUAGES = ("ko", "es", "fr")
BASE_SIZE = {"vocab_size": 32000, "d_model": 512, "layers": 6, "heads": 8, "ffn": 2048}

# Our own vocabulary for synthetic wire copy.
PLACES = ("Busan", "Incheon", "Daegu", "Gwangju", "Ulsan", "Suwon", "Jeonju", "Gangneung")
BODIES = (
    "the port authority",
    "the city council",
    "the national weather office",
    "two rail unions",
    "the transport ministry",
    "a regional hospital",
    "the central bank",
    "a fishing cooperative",
)
ACTIONS = (
    "approved",
    "postponed",
    "questioned",
    "announced",
    "reviewed",
    "rejected",
    "extended",
)
THINGS = (
    "a new ferry schedule",
    "the budget for next year",
    "repairs to the old bridge",
    "a plan to widen the coastal road",
    "higher fees for night parking",
    "a program of free health checks",
    "the merger of two bus operators",
    "limits on catches of squid",
)
CONTEXTS = (
    "after a meeting that lasted into the evening",
    "despite heavy rain across the region",
    "following complaints from residents",
    "ahead of the holiday season",
    "as prices rose for the third month",
    "without giving a reason",
)
DETAILS = (
    "Officials said {n} people would be affected by the change.",
    "The decision follows a survey of {n} households in {place}.",
    "A spokesperson said the cost would reach {n} million won.",
    "Work is expected to begin within {k} weeks.",
    "Opposition members asked for a public hearing on the matter.",
    "Local shop owners welcomed the news on {day}.",
    "The last similar change was made {k} years ago.",
    "Critics said the plan came too late for the {n} workers involved.",
    "Traffic on the main road fell by {k} percent during the trial.",
    "A final vote is planned for {day}.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def make_dispatches(count: int, seed: int) -> list[dict[str, object]]:
    """Synthetic dispatches (ninjs-like objects): a headline and about thirteen sentences each."""
    rng = random.Random(seed)
    items: list[dict[str, object]] = []
    for serial in range(count):
        place, body, action, thing = (
            rng.choice(PLACES),
            rng.choice(BODIES),
            rng.choice(ACTIONS),
            rng.choice(THINGS),
        )
        headline = f"{place}: {body.capitalize()} {action} {thing}"
        lead = (
            f"{place}, {rng.choice(DAYS)} (Desk Wire) -- {body.capitalize()} {action} {thing} "
            f"{rng.choice(CONTEXTS)}, in a move number {serial + 1} this season."
        )
        paragraphs = [lead]
        # 4-5 paragraphs of 2-3 sentences: about twelve body sentences, like a wire story
        for _ in range(rng.randint(4, 5)):
            sentences = [
                rng.choice(DETAILS).format(
                    n=rng.randint(10, 9000),
                    k=rng.randint(2, 40),
                    place=rng.choice(PLACES),
                    day=rng.choice(DAYS),
                )
                for _ in range(rng.randint(2, 3))
            ]
            paragraphs.append(" ".join(sentences))
        items.append(
            {
                "guid": f"bench-{seed}-{serial}",
                "headline": headline,
                "language": "en",
                "body_text": "\n\n".join(paragraphs),
                "versioncreated": f"2025-11-12T{serial % 24:02d}:{serial % 60:02d}:00+09:00",
            }
        )
    return items


def make_updates(
    items: Sequence[dict[str, object]], count: int, seed: int
) -> list[dict[str, object]]:
    """Later versions of earlier stories, as agencies send them: same id, one sentence added.

    A wire desk receives many of these (Yonhap's LEAD / 2nd LD, Reuters' UPDATE 1, 2, ...).
    """
    rng = random.Random(seed + 1)
    updates: list[dict[str, object]] = []
    for original in rng.sample(list(items), count):
        paragraphs = str(original["body_text"]).split("\n\n")
        extra = rng.choice(DETAILS).format(
            n=rng.randint(10, 9000),
            k=rng.randint(2, 40),
            place=rng.choice(PLACES),
            day=rng.choice(DAYS),
        )
        paragraphs.insert(1, f"{extra} The figures were confirmed later in the day.")
        updates.append(
            {
                **original,
                "headline": f"UPDATE 1-{original['headline']}",
                "body_text": "\n\n".join(paragraphs),
            }
        )
    return updates


def training_text(items: Sequence[dict[str, object]]) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines.append(str(item["headline"]))
        lines.extend(str(item["body_text"]).split("\n\n"))
    return lines


def build_packages(folder: Path, items: Sequence[dict[str, object]]) -> Path:
    packages_dir = folder / "packages"
    text = training_text(items)
    for seed, language in enumerate(LANGUAGES):
        archive = build_argos_package(
            folder / "archives",
            "en",
            language,
            seed=seed,
            training_text=text,
            vocab_size=BASE_SIZE["vocab_size"],
            d_model=BASE_SIZE["d_model"],
            layers=BASE_SIZE["layers"],
            heads=BASE_SIZE["heads"],
            ffn=BASE_SIZE["ffn"],
        )
        install_from_file(packages_dir, archive)
    return packages_dir


class BenchEngine:
    """The Argos engine as the pipeline sees it, keeping what it is given to decode (what (c)
    decodes in turn, so that both paths decode the same sentences) and, unless ``judge_cut``,
    judging outputs as if the random model had stopped at the decoding limit (see the
    module's docstring); decoding itself is untouched."""

    name = "argos"

    def __init__(self, engine: ArgosTranslator, *, judge_cut: bool = False) -> None:
        self.engine = engine
        self.judge_cut = judge_cut
        # target language -> the sentences the engine decoded, in order
        self.received: dict[str, list[str]] = {language: [] for language in LANGUAGES}

    def pairs(self) -> set[tuple[str, str]]:
        return self.engine.pairs()

    def model_version(self, source: str, target: str) -> str:
        return self.engine.model_version(source, target)

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return [out.text for out in self.translate_detailed(sentences, source, target)]

    def translate_detailed(
        self, sentences: Sequence[str], source: str, target: str
    ) -> list[EngineOutput]:
        # blank inputs never reach the model (publisher.translate.decoding)
        self.received[target].extend(s.strip() for s in sentences if s.strip())
        outputs = self.engine.translate_detailed(sentences, source, target)
        if self.judge_cut:
            return outputs
        return [
            EngineOutput(out.text, out.score, degenerate.problem(sentence, out.text))
            for sentence, out in zip(sentences, outputs, strict=True)
        ]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def decoding(options: dict[str, int]) -> dict[str, object]:
    """The translate_batch options the pipeline's engine passes (publisher.translate.decoding)."""
    return {
        "max_batch_size": options["batch_size"],
        "beam_size": options["beam_size"],
        "num_hypotheses": 1,
        "max_decoding_length": options["max_decoding_length"],
        "max_input_length": MAX_INPUT_TOKENS,
        "return_scores": True,
        "repetition_penalty": 1.0,
        "no_repeat_ngram_size": 0,
        **ARGOS_DECODING,
    }


# CPU seconds of this process (all threads) spent in timed work since the last reset: less
# sensitive than wall time to other users of a shared machine, but blind to overlap
CPU_SPENT = [0.0]


def timed(work: Callable[[], int]) -> tuple[float, int]:
    start, cpu = time.perf_counter(), time.process_time()
    sentences = work()
    CPU_SPENT[0] += time.process_time() - cpu
    return time.perf_counter() - start, sentences


# seconds, sentences, dispatches of one timed run
Run = tuple[float, int, int]


def run_pipeline(
    folder: Path,
    feeds: Sequence[Path],
    argos: BenchEngine,
    options: dict[str, int],
    repeat: int,
) -> tuple[float, int, Desk]:
    """(a): a fresh desk (empty database and memory); each feed arrives, then is translated."""
    settings = load_settings(
        {
            "instance": str(folder / f"instance-{repeat}"),
            "languages": ",".join(LANGUAGES),
            "beam_size": options["beam_size"],
            "max_decoding_length": options["max_decoding_length"],
            "translate_batch_size": options["batch_size"],
            "parallel_languages": options["parallel_languages"],
        },
        environ={},
    )
    desk = Desk(settings, engines={"argos": argos})
    seconds = 0.0
    sentences = 0
    for feed in feeds:
        report = desk.ingest([str(feed)], enqueue=False)
        if not report.ok:
            raise SystemExit(f"ingest failed: {report.failures[0].reason}")
        spent, translated = timed(lambda: desk.translate(LANGUAGES).sentences)
        seconds += spent
        sentences += translated
    return seconds, sentences, desk


def run_naive(
    items: Sequence[dict[str, object]], models: dict[str, LoadedModel], options: dict[str, int]
) -> tuple[float, int]:
    """(b): full text, one translate_batch per dispatch and language."""

    def work() -> int:
        count = 0
        for item in items:
            paragraphs = str(item["body_text"]).split("\n\n")
            for language in LANGUAGES:
                model = models[language]
                sentences = [str(item["headline"])]
                sentences += [text for _index, text in split_paragraphs(paragraphs, "en")]
                outputs = model.translator.translate_batch(
                    model.encode(sentences), **decoding(options)
                )
                for output in outputs:
                    model.decode(output.hypotheses[0])
                count += len(sentences)
        return count

    return timed(work)


def run_raw(
    received: dict[str, list[str]],
    models: dict[str, LoadedModel],
    options: dict[str, int],
    *,
    parallel: int = 1,
) -> tuple[float, int]:
    """(c): translate_batch alone, over the sentences (a) sent to the engine, pre-tokenized:
    one call per language, one language after another; (d) with ``parallel`` > 1, that many
    languages at once on threads of their own, as the pipeline decodes them."""
    tokenized = {language: models[language].encode(received[language]) for language in LANGUAGES}

    def one(language: str) -> None:
        models[language].translator.translate_batch(tokenized[language], **decoding(options))

    def work() -> int:
        if parallel > 1:
            with ThreadPoolExecutor(max_workers=parallel) as pool:
                list(pool.map(one, LANGUAGES))
        else:
            for language in LANGUAGES:
                one(language)
        return sum(len(received[language]) for language in LANGUAGES)

    return timed(work)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dispatches", type=int, default=200)
    parser.add_argument(
        "--naive-dispatches",
        type=int,
        default=60,
        help="dispatches the naive path translates (its rate is compared)",
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-decoding-length", type=int, default=16)
    parser.add_argument("--beam-size", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--parallel-languages",
        type=int,
        default=2,
        help="languages the pipeline decodes at once (its default setting); 1: one by one",
    )
    parser.add_argument(
        "--judge-cut",
        action="store_true",
        help="count outputs cut at the decoding limit as failures (nothing is remembered)",
    )
    parser.add_argument(
        "--updates",
        type=float,
        default=0.2,
        help="share of the dispatches that update an earlier one",
    )
    args = parser.parse_args(argv)
    options = {
        "beam_size": args.beam_size,
        "max_decoding_length": args.max_decoding_length,
        "batch_size": args.batch_size,
        "parallel_languages": args.parallel_languages,
    }
    updates_count = round(args.dispatches * args.updates)
    originals = make_dispatches(args.dispatches - updates_count, args.seed)
    updates = make_updates(originals, updates_count, args.seed)
    items = originals + updates
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as tmp:
        folder = Path(tmp)
        feeds = []
        for name, batch in (("dispatches", originals), ("updates", updates)):
            if batch:
                feed = folder / f"{name}.jsonl"
                feed.write_text("\n".join(json.dumps(i) for i in batch) + "\n", encoding="utf-8")
                feeds.append(feed)
        start = time.perf_counter()
        packages_dir = build_packages(folder, items)
        print(f"built 3 base-size packages in {time.perf_counter() - start:.1f} s")
        argos = ArgosTranslator(
            packages_dir,
            cache_size=len(LANGUAGES),
            threads=args.threads,
            beam_size=args.beam_size,
            max_decoding_length=args.max_decoding_length,
            batch_size=args.batch_size,
            retry_failures=False,
        )
        models = {language: argos.model("en", language) for language in LANGUAGES}
        for language in LANGUAGES:  # warm up each model once
            argos.translate(["Warm-up sentence."], "en", language)

        runs: dict[str, list[Run]] = {"pipeline": [], "naive": [], "raw": [], "raw-par": []}
        naive_items = items[: args.naive_dispatches]
        engine_rates: list[float] = []
        # per repeat: pipeline engine rate / raw rate, by wall time and by CPU time
        wall_ratios: list[float] = []
        cpu_ratios: list[float] = []
        # and against (d), raw CTranslate2 decoding as many languages at once as the pipeline
        parallel_ratios: list[float] = []
        for repeat in range(args.repeats):
            engine = BenchEngine(argos, judge_cut=args.judge_cut)
            CPU_SPENT[0] = 0.0
            seconds, count, desk = run_pipeline(folder, feeds, engine, options, repeat)
            pipeline_cpu = CPU_SPENT[0]
            runs["pipeline"].append((seconds, count, len(items)))
            hits, misses = desk.memory.hits, desk.memory.misses
            # sentences that reached the engine: the memory answered the rest
            decoded = sum(len(sentences) for sentences in engine.received.values())
            engine_rates.append(decoded / seconds)
            desk.close()
            CPU_SPENT[0] = 0.0
            runs["raw"].append((*run_raw(engine.received, models, options), len(items)))
            raw_seconds, raw_count, _ = runs["raw"][-1]
            wall_ratios.append(engine_rates[-1] / (raw_count / raw_seconds))
            cpu_ratios.append((decoded / pipeline_cpu) / (raw_count / CPU_SPENT[0]))
            at_once = run_raw(engine.received, models, options, parallel=args.parallel_languages)
            runs["raw-par"].append((*at_once, len(items)))
            parallel_ratios.append(engine_rates[-1] / (at_once[1] / at_once[0]))
            runs["naive"].append((*run_naive(naive_items, models, options), len(naive_items)))
            for name, results in runs.items():
                seconds, count, dispatches = results[-1]
                print(
                    f"repeat {repeat + 1} {name:8s} {dispatches:4d} dispatches "
                    f"{count:6d} sentences in {seconds:7.1f} s"
                )
            print(f"translation memory: {hits} hits, {misses} misses; the engine decoded {decoded}")
            print(
                f"repeat {repeat + 1} pipeline engine sentences/s / raw: "
                f"{wall_ratios[-1]:.2f} by wall time, {cpu_ratios[-1]:.2f} by CPU time; "
                f"/ raw with {args.parallel_languages} languages at once: {parallel_ratios[-1]:.2f}"
            )

    def rate(name: str, per: str) -> float:
        values = [
            (count if per == "sentences" else dispatches) / seconds
            for seconds, count, dispatches in runs[name]
        ]
        return statistics.median(values)

    figures = {
        "pipeline_sent_per_s": rate("pipeline", "sentences"),
        "naive_sent_per_s": rate("naive", "sentences"),
        "raw_sent_per_s": rate("raw", "sentences"),
        "ratio_vs_naive": rate("pipeline", "dispatches") / rate("naive", "dispatches"),
        "ratio_vs_raw": rate("pipeline", "sentences") / rate("raw", "sentences"),
        "pipeline_engine_sent_per_s": statistics.median(engine_rates),
        "engine_ratio_vs_raw": statistics.median(engine_rates) / rate("raw", "sentences"),
        "engine_ratio_median_of_repeats": statistics.median(wall_ratios),
        "engine_cpu_ratio_median_of_repeats": statistics.median(cpu_ratios),
        "raw_parallel_sent_per_s": rate("raw-par", "sentences"),
        "engine_ratio_vs_raw_parallel_median_of_repeats": statistics.median(parallel_ratios),
        "peak_rss_mb": peak_rss_mb(),
    }
    print(
        f"{args.dispatches} dispatches ({len(naive_items)} for the naive path) x "
        f"{len(LANGUAGES)} languages, beam {args.beam_size}, "
        f"max_decoding_length {args.max_decoding_length}, batch {args.batch_size}, "
        f"{args.threads} threads, pipeline and (d) {args.parallel_languages} languages at "
        f"once, medians of {args.repeats}"
    )
    for name in ("pipeline", "naive", "raw", "raw-par"):
        print(
            f"{name:8s} {rate(name, 'sentences'):8.2f} sentences/s "
            f"{rate(name, 'dispatches'):8.3f} dispatches/s (all languages)"
        )
    print(f"pipeline/naive dispatches/s: {figures['ratio_vs_naive']:.2f}")
    print(f"pipeline/raw sentences/s:    {figures['ratio_vs_raw']:.2f}")
    print(
        f"pipeline engine sentences/s (memory hits left out) / raw: "
        f"{figures['engine_ratio_vs_raw']:.2f} (medians of the repeats' ratios: "
        f"{figures['engine_ratio_median_of_repeats']:.2f} by wall time, "
        f"{figures['engine_cpu_ratio_median_of_repeats']:.2f} by CPU time)"
    )
    print(
        f"pipeline engine sentences/s / raw with {args.parallel_languages} languages at once: "
        f"{figures['engine_ratio_vs_raw_parallel_median_of_repeats']:.2f} (median of repeats)"
    )
    print(f"peak RSS: {figures['peak_rss_mb']:.0f} MB")
    print(json.dumps({key: round(value, 3) for key, value in figures.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
