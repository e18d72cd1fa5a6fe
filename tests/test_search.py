"""Search over headlines and summaries in every language, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from publisher import schema
from publisher.db import Dispatch, Publication, Store, Translation
from publisher.publication import VersionState, publish
from publisher.search import is_cjk, rebuild_index, search, sync_index
from tests.builders import make_dispatch

KOREAN = (
    "부산에 새 여객 터미널 개장",
    ["부산이 월요일 새 여객 터미널을 열었다.", "승객이 늘 것으로 본다."],
)
JAPANESE = ("東京で新しい路面電車", ["東京で新しい路面電車が走り始めた。", "利用者は多い。"])


def _ids(store: Store, query: str, *, language: str | None = None) -> list[int]:
    with store.session() as session:
        results = search(session, query, language=language)
        return [hit.dispatch.id for hit in results.hits]


def _filled(store: Store) -> dict[str, int]:
    ids = {
        "ferry": make_dispatch(store, translations={"ko": KOREAN}),
        "tram": make_dispatch(
            store,
            headline="Tokyo opens a new tram line",
            sentences=("Tokyo opened a tram line.", "Riders queued early.", "Fares stay low."),
            summary_indexes=(0, 1),
            translations={"ja": JAPANESE},
        ),
        "draft": make_dispatch(store, headline="Harbour crane draft", summary_indexes=None),
    }
    rebuild_index(store)
    return ids


def _check_backend(store: Store) -> None:
    ids = _filled(store)
    assert _ids(store, "터미널") == [ids["ferry"]]
    assert _ids(store, "부산") == [ids["ferry"]]  # shorter than a trigram
    assert _ids(store, "路面電車") == [ids["tram"]]
    assert _ids(store, "東京") == [ids["tram"]]
    assert _ids(store, "ferry") == [ids["ferry"]]
    assert _ids(store, "TRAM line") == [ids["tram"]]
    assert sorted(_ids(store, "opens")) == sorted([ids["ferry"], ids["tram"]])
    assert _ids(store, "crane") == []  # no summary: not published in any language
    assert _ids(store, "nothing-like-this") == []
    assert _ids(store, '" OR ( *') == []  # operators are text, not syntax
    assert _ids(store, "") == []
    assert _ids(store, "ferry", language="ko") == []
    assert _ids(store, "터미널", language="ko") == [ids["ferry"]]
    with store.session() as session:
        result = search(session, "터미널")
        assert result.total == 1
        assert result.hits[0].languages == ["ko"]
        assert search(session, "opens", limit=1, offset=1).total == 2
        assert len(search(session, "opens", limit=1, offset=1).hits) == 1


def test_search_on_sqlite(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/search.db")
    schema.upgrade(store)
    _check_backend(store)
    store.dispose()


@pytest.fixture
def postgres_store() -> Iterator[Store]:
    from tests.conftest import need

    psycopg = pytest.importorskip("psycopg")
    name = f"publisher_search_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    except psycopg.OperationalError:
        need(False, "PostgreSQL on 127.0.0.1:5432")
        raise
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    store = Store(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
    schema.upgrade(store)
    yield store
    store.dispose()
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}"')


@pytest.mark.postgres
def test_search_on_postgres(postgres_store: Store) -> None:
    _check_backend(postgres_store)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path}/search.db")
    schema.upgrade(store)
    yield store
    store.dispose()


def test_drafts_are_never_searchable(store: Store) -> None:
    make_dispatch(
        store,
        headline="Quay draft",
        translations={"ko": ("부두 초안", ["초안 문장이다.", "검토 전이다."])},
        review_state="draft",
    )
    make_dispatch(
        store,
        headline="Rejected quay",
        translations={"ko": ("거부된 부두", ["거부된 문장이다.", "다시 본다."])},
        review_state="rejected",
    )
    rebuild_index(store)
    assert _ids(store, "초안") == []
    assert _ids(store, "거부된") == []
    assert len(_ids(store, "quay")) == 2  # the originals are published


def test_sync_index_follows_publications_not_drafts(store: Store) -> None:
    ids = _filled(store)
    with store.session() as session:
        assert sync_index(session) == 0
    late = make_dispatch(
        store,
        headline="Lighthouse keeper retires",
        translations={"ko": ("등대지기 은퇴", ["등대지기가 은퇴했다.", "마을이 축하했다."])},
        search_index=False,
    )
    assert _ids(store, "Lighthouse") == []
    with store.session() as session:
        assert sync_index(session) == 2  # the English original and the Korean version
        assert sync_index(session) == 0
    assert _ids(store, "등대지기") == [late]
    # editing a draft changes nothing readers can find...
    with store.session() as session:
        session.execute(
            update(Translation)
            .where(Translation.headline == KOREAN[0])
            .values(headline="부산 여객선 부두 문 열어", updated_at=datetime.now(UTC))
        )
        assert sync_index(session) == 0
    assert _ids(store, "여객선") == []
    # ...until it is published
    with store.session() as session:
        revision_id = session.scalar(
            select(Dispatch.current_revision_id).where(Dispatch.id == ids["ferry"])
        )
        assert revision_id is not None
        assert publish(session, revision_id, "ko").published
        assert sync_index(session) == 1
    assert _ids(store, "여객선") == [ids["ferry"]]
    assert _ids(store, "터미널 개장") == []


def test_a_version_taken_down_leaves_the_results_at_once(store: Store) -> None:
    ids = _filled(store)
    with store.session() as session:
        session.execute(
            update(Publication)
            .where(Publication.dispatch_id == ids["ferry"], Publication.language == "ko")
            .values(state=VersionState.KILLED.value)
        )
    # before the index catches up, the publication has the last word
    assert _ids(store, "터미널") == []
    assert _ids(store, "ferry") == [ids["ferry"]]
    with store.session() as session:
        sync_index(session)
        count = session.scalar(text("SELECT count(*) FROM search_fts WHERE language = 'ko'"))
    assert count == 0


def test_search_before_indexing_finds_nothing_without_error(store: Store) -> None:
    make_dispatch(store, translations={"ko": KOREAN}, search_index=False)
    with store.session() as session:
        assert search(session, "ferry").total == 0  # nothing indexed yet, but no error
        sync_index(session)
        assert search(session, "ferry").total == 1


def test_is_cjk() -> None:
    assert is_cjk("부산") and is_cjk("東京") and is_cjk("ひらがな")
    assert not is_cjk("ferry") and not is_cjk("café")
