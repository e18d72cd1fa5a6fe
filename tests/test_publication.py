"""The one publication rule: readers see publications only, and the pipeline never takes away
what is published when it makes new drafts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from publisher.core import Desk
from publisher.db import Publication, Translation
from publisher.publication import Provenance, TranslationStatus, VersionState, publish
from publisher.reading import content_languages, published_in, published_versions
from publisher.settings import load_settings
from tests.doubles import RecordingTranslator
from tests.test_pipeline import write_inputs


def _desk(instance: Path, double: RecordingTranslator, **settings: str) -> Desk:
    return Desk(
        load_settings({"instance": str(instance), "languages": "qaa", **settings}),
        engines={"double": double},
    )


def _readable(desk: Desk, language: str) -> list[str]:
    with desk.store.session() as session:
        items, _total = published_in(session, language)
        return [item.headline for item in items]


def test_auto_policy_publishes_originals_and_marks_machine_output(
    instance: Path, tmp_path: Path
) -> None:
    desk = _desk(instance, RecordingTranslator(pairs={("en", "qaa")}), publish_policy="auto")
    desk.ingest([str(write_inputs(tmp_path / "in"))])
    desk.run()
    with desk.store.session() as session:
        assert content_languages(session) == ["en", "qaa"]
        items, total = published_in(session, "qaa")
    assert total == 2
    assert all(item.machine_translated and not item.reviewed for item in items)
    assert all(item.headline.startswith("[qaa] ") for item in items)
    desk.close()


def test_review_policy_publishes_nothing_by_itself(instance: Path, tmp_path: Path) -> None:
    desk = _desk(instance, RecordingTranslator(pairs={("en", "qaa")}), publish_policy="review")
    desk.ingest([str(write_inputs(tmp_path / "in"))])
    result = desk.run()
    assert len(result.translation.done) == 2  # the drafts exist...
    with desk.store.session() as session:
        assert content_languages(session) == []  # ...and readers see none of them
    assert _readable(desk, "en") == [] and _readable(desk, "qaa") == []
    desk.close()


def test_policy_is_validated(instance: Path) -> None:
    from publisher.errors import ConfigError

    with pytest.raises(ConfigError, match="publish_policy"):
        load_settings({"instance": str(instance), "publish_policy": "sometimes"})


def test_resummarizing_keeps_what_is_published_until_new_output_is_ready(
    instance: Path, tmp_path: Path
) -> None:
    double = RecordingTranslator(pairs={("en", "qaa")})
    desk = _desk(instance, double, publish_policy="review")
    desk.ingest([str(write_inputs(tmp_path / "in"))])
    desk.run()
    view = next(v for v in desk.dispatches() if v.agency == "Coastal Wire")
    with desk.store.session() as session:
        assert publish(session, view.revision_id, "en").published
        assert publish(session, view.revision_id, "qaa").published
    before = _readable(desk, "qaa")
    assert len(before) == 1

    # a different summary: the draft goes stale, the published version stays as it was
    desk.summarize([view.id], replace=True, options=desk.summary_options.__class__("lead", 1))
    again = desk.dispatch(view.id)
    assert again.translations["qaa"].status == TranslationStatus.STALE
    assert _readable(desk, "qaa") == before
    with desk.store.session() as session:
        published = published_versions(session, view.id)["qaa"]
    assert published.source_indexes == view.summary["sentence_indexes"]  # type: ignore[index]

    # re-translating makes a new draft beside it, still not published under review
    desk.run()
    assert desk.dispatch(view.id).translations["qaa"].status == TranslationStatus.DONE
    assert desk.dispatch(view.id).translations["qaa"].source_indexes == [0]
    assert _readable(desk, "qaa") == before
    desk.close()


def test_auto_never_replaces_an_editors_version_of_the_same_revision(
    instance: Path, tmp_path: Path
) -> None:
    double = RecordingTranslator(pairs={("en", "qaa")})
    desk = _desk(instance, double)
    desk.ingest([str(write_inputs(tmp_path / "in"))])
    desk.run()
    view = desk.dispatches()[0]
    with desk.store.session() as session:
        session.execute(
            update(Translation)
            .where(Translation.revision_id == view.revision_id)
            .values(headline="An editor's headline")
        )
        assert publish(session, view.revision_id, "qaa", provenance=Provenance.REVIEWED).published
    desk.translate(["qaa"], [view.id])  # machine output again, for the same revision
    assert desk.dispatch(view.id).translations["qaa"].headline.startswith("[qaa] ")  # type: ignore[union-attr]
    with desk.store.session() as session:
        version = published_versions(session, view.id)["qaa"]
    assert version.headline == "An editor's headline" and version.reviewed
    desk.close()


def test_a_taken_down_version_stays_down_under_auto(instance: Path, tmp_path: Path) -> None:
    desk = _desk(instance, RecordingTranslator(pairs={("en", "qaa")}), publish_policy="auto")
    desk.ingest([str(write_inputs(tmp_path / "in"))])
    desk.run()
    view = desk.dispatches()[0]
    with desk.store.session() as session:
        session.execute(
            update(Publication)
            .where(Publication.dispatch_id == view.id)
            .values(state=VersionState.KILLED.value)
        )
    desk.translate(["qaa"], [view.id])
    with desk.store.session() as session:
        states = set(
            session.scalars(select(Publication.state).where(Publication.dispatch_id == view.id))
        )
        assert states == {VersionState.KILLED.value}
        assert view.id not in {item.dispatch.id for item in published_in(session, "qaa")[0]}
    desk.close()
