"""Known model failures (loops, empty output, copied source, runaway length) are told apart from
sound output, decoded once more, and carried with their problem and score to the caller."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from publisher.translate.argos import ArgosTranslator, Decoding
from publisher.translate.argos_packages import install_from_file
from publisher.translate.base import DetailedTranslator
from publisher.translate.degenerate import problem, repeats
from publisher.translate.router import TranslationRouter
from tests.doubles import DetailedDouble, reported_loop_desk
from tests.tinyargos import build_argos_package


@pytest.mark.parametrize(
    ("source", "output", "expected"),
    [
        ("The council met on Monday.", "", "empty output"),
        ("The council met on Monday.", "   ", "empty output"),
        ("The council met.", "el el el el el consejo", "output repeats itself"),
        ("The council met.", "se reunió el consejo el consejo el consejo el consejo", "output repeats itself"),
        ("The council met on Monday.", "회의회의회의회의회의회의 열렸다", "output repeats itself"),
        ("The council met on Monday.", "The council met on Monday.", "source copied through untranslated"),
        ("The council met on Monday.", "the council met on monday", "source copied through untranslated"),
    ],
)  # fmt: skip
def test_failures_are_named(source: str, output: str, expected: str) -> None:
    assert problem(source, output) == expected


@pytest.mark.parametrize(
    ("source", "output"),
    [
        ("The council met on Monday.", "El consejo se reunió el lunes."),
        ("NASA", "NASA"),  # a name comes through unchanged, rightly
        ("Samsung Q3", "Samsung Q3"),
        ("No, no, no, no, said the mayor.", "No, no, no, no, dijo el alcalde."),  # the source repeats
        ("시장은 월요일에 회의를 열었다.", "The mayor held a meeting on Monday."),
        ("", ""),
    ],
)  # fmt: skip
def test_sound_output_passes(source: str, output: str) -> None:
    assert problem(source, output) is None


def test_a_cut_output_is_a_problem() -> None:
    assert problem("A long sentence.", "Una frase", hit_length_limit=True) == (
        "output cut at the decoding limit"
    )


def test_repeats_counts_runs_not_scattered_words() -> None:
    assert repeats(["a", "b", "a", "b", "a", "b", "a", "b"])
    assert not repeats(["the", "cat", "and", "the", "dog", "and", "the", "bird"])


def test_the_decoding_limit_follows_the_source() -> None:
    decoding = Decoding(max_length=100)
    assert decoding.length_limit(5) == 25
    assert decoding.length_limit(60) == 100  # never over the cap
    retry = decoding.retry()
    assert retry.repetition_penalty == 1.2 and retry.no_repeat_ngram_size == 3
    assert retry.length_limit(5) == 40
    assert (
        Decoding(repetition_penalty=1.5, no_repeat_ngram_size=2).retry().repetition_penalty == 1.5
    )


class _Memory:
    def __init__(self) -> None:
        self.saved: list[tuple[str, str]] = []

    def lookup(self, *_args: Any) -> dict[int, str]:
        return {}

    def save(self, *args: Any) -> None:
        self.saved += list(args[-1])


def test_the_router_carries_problems_and_scores_and_does_not_remember_failures() -> None:
    engine = DetailedDouble()
    assert isinstance(engine, DetailedTranslator)
    memory = _Memory()
    routed = TranslationRouter({"detailed": engine}).translate(
        ["A fine sentence.", "A loop sentence.", "A fine sentence."], "en", "qaa", memory=memory
    )
    assert routed.problems == {1: "output repeats itself"}
    assert routed.scores == {0: -0.5, 1: -0.5, 2: -0.5}
    assert routed.texts[1] == "[qaa] A loop sentence."  # kept for the editor to see
    assert memory.saved == [("A fine sentence.", "[qaa] A fine sentence.")]


class _RecordingModel:
    """Wraps a real CTranslate2 translator and records the options of every call."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[dict[str, Any]] = []

    def translate_batch(self, tokens: list[list[str]], **options: Any) -> Any:
        self.calls.append({"inputs": len(tokens), **options})
        return self.real.translate_batch(tokens, **options)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_argos_package(tmp_path_factory.mktemp("archives"), "en", "ko", seed=11)


def _recording(
    tmp_path: Path, archive: Path, **options: Any
) -> tuple[ArgosTranslator, _RecordingModel]:
    install_from_file(tmp_path / "packages", archive)
    translator = ArgosTranslator(tmp_path / "packages", **options)
    model = translator.model("en", "ko")
    recorder = _RecordingModel(model.translator)
    translator._loaded[("en", "ko")] = dataclasses.replace(model, translator=recorder)  # type: ignore[arg-type]
    return translator, recorder


SENTENCES = [
    "The port authority approved a new ferry schedule on Monday.",
    "Officials counted 12 passengers.",
    "A city council questioned the budget for next year after a long meeting.",
]


def test_argos_decodes_with_upstream_defaults_scores_and_a_limit_per_batch(
    tmp_path: Path, archive: Path
) -> None:
    translator, recorder = _recording(tmp_path, archive, retry_failures=False, batch_size=2)
    outputs = translator.translate_detailed(SENTENCES, "en", "ko")
    assert all(isinstance(o.score, float) and o.score <= 0 for o in outputs)
    assert [c["beam_size"] for c in recorder.calls] == [4, 4]
    assert all(c["return_scores"] and c["replace_unknowns"] for c in recorder.calls)
    assert all(c["length_penalty"] == 0.2 for c in recorder.calls)
    # sorted by length: the two shorter sentences share a batch with a smaller limit
    lengths = sorted(len(p) for p in translator.model("en", "ko").encode(SENTENCES))
    assert [c["max_decoding_length"] for c in recorder.calls] == [
        min(512, 3 * lengths[1] + 10),
        min(512, 3 * lengths[2] + 10),
    ]
    assert [o.text for o in outputs] == translator.translate(SENTENCES, "en", "ko")


def test_argos_decodes_a_failed_sentence_once_more_and_keeps_its_problem(
    tmp_path: Path, archive: Path
) -> None:
    # random weights loop and run to the limit: exactly the failures to catch
    translator, recorder = _recording(tmp_path, archive, max_decoding_length=12)
    outputs = translator.translate_detailed(SENTENCES, "en", "ko")
    first, *again = recorder.calls
    assert first["inputs"] == 3 and first["repetition_penalty"] == 1.0
    assert again, "random weights gave sound output; the retry was not exercised"
    retried = again[0]
    assert retried["repetition_penalty"] == 1.2 and retried["no_repeat_ngram_size"] == 3
    assert all(o.problem is None or isinstance(o.problem, str) for o in outputs)
    assert any(o.problem for o in outputs)  # still bad after the retry: kept with the problem
    # without retries, the same failures are reported and nothing is decoded twice
    plain, plain_recorder = _recording(
        tmp_path / "b", archive, max_decoding_length=12, retry_failures=False
    )
    assert any(o.problem for o in plain.translate_detailed(SENTENCES, "en", "ko"))
    assert len(plain_recorder.calls) == 1


def test_an_engine_reported_failure_is_stored_and_flagged_for_editors(tmp_path: Path) -> None:
    desk = reported_loop_desk(tmp_path)
    flags = [f for f in desk.flags() if f.check_id == "engine"]
    assert flags and all("repeats itself" in f.message for f in flags)
    view = desk.dispatch(1)
    assert view.translations["qab"].status == "done"  # kept for the editor to mend
    assert not view.publications  # under review nothing reached readers
    # the review queue puts it first and can show only flagged versions
    flagged = desk.review.queue(flagged_only=True).entries
    assert [(e.dispatch_id, e.language) for e in flagged] == [(1, "qab")] and flagged[0].flags
    first = desk.review.queue(flagged_first=True).entries[0]
    assert (first.dispatch_id, first.language) == (1, "qab")
