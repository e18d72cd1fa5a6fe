"""Jobs that tell the truth: each stage once per revision, and every engine failure recorded,
counted against the attempt limit, listed by `publisher jobs` and reflected in exit codes."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from publisher.cli import cli
from publisher.core import Desk
from publisher.db import Job
from publisher.pipeline import stages
from publisher.pipeline.jobs import MAX_ATTEMPTS
from publisher.settings import load_settings
from tests.doubles import RecordingTranslator
from tests.test_pipeline import write_inputs
from tests.tinyargos import build_argos_package


def test_ingest_then_run_does_each_stage_once_per_revision(
    instance: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: Counter[str] = Counter()
    translated: Counter[tuple[int, str]] = Counter()
    # the work itself, not the idempotent checks around it
    split, summarize, translate = (
        stages.split_paragraphs,
        stages.summarize,
        stages.translate_revisions,
    )

    def counting_split(*args: object, **kwargs: object) -> object:
        calls["split"] += 1
        return split(*args, **kwargs)  # type: ignore[arg-type]

    def counting_summarize(*args: object, **kwargs: object) -> object:
        calls["summarize"] += 1
        return summarize(*args, **kwargs)  # type: ignore[arg-type]

    def counting_translate(store, router, memory, revision_ids, language, **kwargs):  # type: ignore[no-untyped-def]
        for revision_id in revision_ids:
            translated[(revision_id, language)] += 1
        return translate(store, router, memory, revision_ids, language, **kwargs)

    monkeypatch.setattr(stages, "split_paragraphs", counting_split)
    monkeypatch.setattr(stages, "summarize", counting_summarize)
    monkeypatch.setattr(stages, "translate_revisions", counting_translate)
    double = RecordingTranslator(pairs={("en", "qaa"), ("en", "qab")})
    desk = Desk(
        load_settings({"instance": str(instance), "languages": "qaa,qab"}), engines={"d": double}
    )
    desk.ingest([str(write_inputs(tmp_path / "in"))])
    result = desk.run()
    assert len(result.translation.done) == 4
    assert calls == {"split": 2, "summarize": 2}
    assert sorted(translated.values()) == [1, 1, 1, 1]
    assert len(double.calls) == 2  # one batch per language, both dispatches in it
    # nothing is left to do, so a second run runs nothing
    assert desk.run().jobs == 0
    assert calls == {"split": 2, "summarize": 2}
    desk.close()


def _broken_argos(packages_dir: Path, tmp_path: Path) -> None:
    """Install a real tiny en→qaa Argos package, then corrupt its model file."""
    from publisher.translate.argos_packages import install_from_file

    archive = build_argos_package(tmp_path / "archives", "en", "qaa", seed=3)
    package = install_from_file(packages_dir, archive)
    (package.path / "model" / "model.bin").write_bytes(b"not a model")


def invoke(instance: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--instance", str(instance), *args])
    return result.exit_code, result.output


def test_a_corrupt_model_is_a_failed_job_with_its_reason(instance: Path, tmp_path: Path) -> None:
    packages = tmp_path / "argos"
    _broken_argos(packages, tmp_path)
    (instance / "publisher.toml").write_text(
        f'languages = "qaa"\nargos_packages_dir = "{packages}"\n', encoding="utf-8"
    )
    assert invoke(instance, "ingest", str(write_inputs(tmp_path / "in")))[0] == 0
    code, output = invoke(instance, "run")
    assert code == 1, output
    assert "0 failed" not in output and "2 failed" in output
    assert "cannot load" in output
    code, output = invoke(instance, "jobs")
    assert code == 0 and output.count("translate → qaa") == 2 and "cannot load" in output

    # every run is one more attempt, until the limit; then the sweep leaves it alone
    for _ in range(MAX_ATTEMPTS - 1):
        assert invoke(instance, "run")[0] == 1
    desk = Desk(load_settings({"instance": str(instance)}))
    with desk.store.session() as session:
        attempts = session.scalars(select(Job.attempts).where(Job.stage == "translate")).all()
    assert attempts == [MAX_ATTEMPTS, MAX_ATTEMPTS]
    assert desk.queue.sweep() == 0
    desk.close()
    code, output = invoke(instance, "run")
    assert code == 1 and "2 failed" in output  # still failed, and still said

    # `translate` on the broken model tells the truth too
    code, output = invoke(instance, "translate", "--to", "qaa", "1")
    assert code == 1 and "1 failed" in output

    # the model repaired (removed here: nothing serves the pair), a retry takes them again
    shutil.rmtree(packages)
    code, output = invoke(instance, "run", "--retry-failed")
    assert "retrying 2 failed job(s)" in output
    assert "pending: no en\u2192qaa model installed" in output


def test_an_unexpected_engine_exception_is_recorded_not_raised(
    instance: Path, tmp_path: Path
) -> None:
    class Exploding(RecordingTranslator):
        def translate(self, *_args: object) -> list[str]:
            raise MemoryError("std::bad_alloc")

    desk = Desk(
        load_settings({"instance": str(instance), "languages": "qaa"}),
        engines={"boom": Exploding(pairs={("en", "qaa")})},
    )
    desk.ingest([str(write_inputs(tmp_path / "in"))])
    result = desk.run()
    assert len(result.translation.failed) == 2
    assert {reason for _d, _l, reason in result.translation.failed} == {
        "engine failed: MemoryError: std::bad_alloc"
    }
    assert [job.error for job in desk.failed_jobs()] == [
        "engine failed: MemoryError: std::bad_alloc"
    ] * 2
    desk.close()
