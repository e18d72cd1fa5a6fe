"""Hostile and broken input: one bad item never takes the others down, nor the machine."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import event, select, text

from publisher.cli import cli
from publisher.core import Desk
from publisher.db import Revision, Store
from publisher.errors import MalformedItem, StorageFailure
from publisher.ingest import ParsedDispatch, parse_items
from publisher.ingest.markdown import parse_markdown
from publisher.ingest.model import LIMITS, MAX_PARAGRAPHS, MAX_TOPICS, STORY_KEY_CHARS
from publisher.pipeline.intake import store_dispatch
from publisher.settings import load_settings

BROKEN = Path(__file__).resolve().parent / "data" / "broken"
CLOSED_PORT = 1  # nothing listens there

# Every item of the corpus that is good (some once their control characters are stripped).
GOOD = {
    "atom_mixed.atom#entry-1",
    "html_good.html",
    "jsonl_mixed.jsonl#line-1",
    "markdown_good.md",
    "ninjs_lone_surrogate.json",
    "ninjs_nul_in_text.json",
    "rss_mixed.rss#entry-1",
    "rss_mixed.rss#entry-2",  # no title: its headline is derived from its text
    "rss_truncated.rss#entry-1",
    "wire_good_with_controls.txt",
}
# Every failure of the corpus, with (part of) the reason it must give.
FAILED = {
    "atom_mixed.atom#entry-2": "guid is 1104 characters long, over the limit of 1024",
    "html_no_article.html": "holds no article text",
    "html_no_title.html": "has no title or headline",
    "jsonl_mixed.jsonl#line-2": "nested too deeply",
    "jsonl_mixed.jsonl#line-3": "nested too deeply",
    "jsonl_mixed.jsonl#line-4": "a number has too many digits",
    "jsonl_mixed.jsonl#line-5": "not valid JSON on line 5",
    "jsonl_mixed.jsonl#line-6": "2100 paragraphs, over the limit of 2000",
    "jsonl_mixed.jsonl#line-7": "60 topics, over the limit of 50",
    "jsonl_mixed.jsonl#line-8": "topic is 150 characters long",
    "markdown_alias_bomb_title.md": "aliases (*name) are not accepted",
    "markdown_alias_bomb_topics.md": "aliases (*name) are not accepted",
    "markdown_bad_yaml.md": "front matter is not valid YAML at line 2",
    "markdown_deep_yaml.md": "front matter is nested too deeply",
    "markdown_front_matter_list.md": "front matter is not a mapping",
    "markdown_too_many_topics.md": "80 topics, over the limit of 50",
    "ninjs_deep.json": "nested too deeply",
    "ninjs_guid_control.json": "guid holds control characters",
    "ninjs_huge_number.json": "a number has too many digits",
    "ninjs_invalid.json": "not valid JSON: line 1 column 30",
    "ninjs_long_byline.json": "byline is 899 characters long, over the limit of 500",
    "ninjs_nested_33.json": "JSON nested more than 32 levels deep",
    "ninjs_not_object.json#item-1": "expected a JSON object, found int",
    "ninjs_not_object.json#item-2": "expected a JSON object, found str",
    "ninjs_not_object.json#item-3": "expected a JSON object, found NoneType",
    "rss_mixed.rss#entry-3": "feed entry has no text",
    "rss_not_a_feed.xml": "not an RSS or Atom feed",
    "rss_truncated.rss": "the feed is cut off",
    "rss_truncated.rss#entry-2": "cut off before its end",
    "wire_empty.txt": "empty input",
    "wire_headline_only.txt": "no body text found",
    "wire_long_headline.txt": "headline is 1999 characters long, over the limit of 1000",
    "wire_nul_bytes.txt": "binary data (NUL bytes)",
}
# The alias bomb of the issue: 385 bytes that PyYAML's safe loader expands to 387 million strings.
ALIAS_BOMB = (
    "---\n"
    'a: &a ["lolol","lolol","lolol","lolol","lolol","lolol","lolol","lolol","lolol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "title: [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "---\n"
    "Body text here.\n"
)


def _name(source_name: str) -> str:
    return source_name.removeprefix(str(BROKEN) + "/")


@pytest.fixture
def postgres_desk(postgres_url: str, tmp_path: Path) -> Iterator[Desk]:
    from publisher import schema

    store = Store(postgres_url)
    schema.upgrade(store)
    store.dispose()
    desk = Desk(load_settings({"instance": str(tmp_path / "pg"), "database_url": postgres_url}))
    yield desk
    desk.close()


def _cli(instance: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, as a user runs it."""
    script = Path(sys.executable).with_name("publisher")
    environment = {**os.environ, "PUBLISHER_INSTANCE": str(instance), **env}
    return subprocess.run(
        [str(script), *args], env=environment, capture_output=True, text=True, timeout=120
    )


def _invoke(instance: Path, *args: str, **env: str) -> Result:
    """The command in this process; anything but a clean exit raises (no traceback hides)."""
    return CliRunner().invoke(
        cli, ["--instance", str(instance), *args], env=env, catch_exceptions=False
    )


# -- the corpus ---------------------------------------------------------------


def test_broken_corpus_in_one_ingest_reports_every_failure_and_stores_every_good_item(
    instance: Path,
) -> None:
    result = CliRunner().invoke(
        cli, ["--instance", str(instance), "ingest", "--json", str(BROKEN)], catch_exceptions=False
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    items = {_name(item["source_name"]): item for item in report["items"]}
    assert {name for name, item in items.items() if item["status"] == "added"} == GOOD
    failed = {name: item["reason"] for name, item in items.items() if item["status"] == "failed"}
    assert set(failed) == set(FAILED)
    for name, reason in FAILED.items():
        assert reason in failed[name], name
    assert report["counts"]["added"] == len(GOOD)
    assert report["counts"]["failed"] == len(FAILED)
    # every file of the corpus was read, and no reason leaks a traceback
    assert {name.split("#")[0] for name in items} == {p.name for p in BROKEN.iterdir()}
    assert not any("Traceback" in reason for reason in failed.values())


def test_broken_corpus_on_the_command_line_one_line_per_failure(tmp_path: Path) -> None:
    done = _cli(tmp_path / "instance", "ingest", str(BROKEN))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    failed_lines = [line for line in done.stderr.splitlines() if line.startswith("failed ")]
    assert len(failed_lines) == len(FAILED)
    assert f"{len(GOOD)} added, 0 revised, 0 duplicate, {len(FAILED)} failed" in done.stdout


def test_cleaned_items_are_stored_without_their_control_characters(desk: Desk) -> None:
    report = desk.ingest(
        [str(BROKEN / "ninjs_nul_in_text.json"), str(BROKEN / "ninjs_lone_surrogate.json")]
    )
    assert [o.status for o in report.outcomes] == ["added", "added"]
    with desk.store.session() as session:
        revisions = session.scalars(select(Revision).order_by(Revision.id)).all()
        stored = [(r.headline, r.dateline, r.paragraphs) for r in revisions]
    assert stored[0] == (
        "Tram line extended to the port",
        "Busan",
        ["The tram line will reach the port by autumn, the city said."],
    )
    assert stored[1][0] == "Orchestra tours the coast"
    for headline, _dateline, paragraphs in stored:
        (headline + "".join(paragraphs)).encode("utf-8")  # no lone surrogate left


@pytest.mark.postgres
def test_broken_corpus_on_postgresql(postgres_desk: Desk) -> None:
    report = postgres_desk.ingest([str(BROKEN)])
    assert {_name(o.source_name) for o in report.outcomes if o.status == "added"} == GOOD
    assert {_name(o.source_name) for o in report.failures} == set(FAILED)


@pytest.mark.postgres
def test_a_field_longer_than_its_column_fails_its_item_only_on_postgresql(
    postgres_desk: Desk,
) -> None:
    # language is checked as a BCP 47 tag by the readers; a dispatch built around them is not
    good = ParsedDispatch("Ferry line opens", ["The ferry line opened."], "wire", "good")
    too_long = replace(good, headline="Other", language="x" * 40, source_name="bad")
    outcomes = [store_dispatch(postgres_desk.store, item) for item in (too_long, good)]
    assert [o.status for o in outcomes] == ["failed", "added"]
    assert outcomes[0].reason is not None
    assert outcomes[0].reason.startswith("cannot be stored: value too long")


# -- limits -------------------------------------------------------------------


def _dispatch(**fields: object) -> ParsedDispatch:
    values: dict[str, object] = {
        "headline": "Port city opens a new ferry terminal",
        "paragraphs": ["Busan opened a new ferry terminal on Monday."],
        "source_format": "wire",
        "source_name": "test",
    }
    values.update(fields)
    return ParsedDispatch(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["headline", "byline", "agency", "dateline", "update_tag"])
def test_text_fields_are_held_to_their_limit(name: str) -> None:
    limit = LIMITS[name].chars
    assert getattr(_dispatch(**{name: "x" * limit}), name) == "x" * limit
    with pytest.raises(MalformedItem, match=f"{name} is {limit + 1} characters long"):
        _dispatch(**{name: "x" * (limit + 1)})


@pytest.mark.parametrize("name", ["guid", "url"])
def test_identifiers_are_held_to_their_limit_and_refuse_controls(name: str) -> None:
    limit = LIMITS[name].chars
    assert getattr(_dispatch(**{name: "u" * limit}), name) == "u" * limit
    with pytest.raises(MalformedItem, match=f"{name} is {limit + 1} characters long"):
        _dispatch(**{name: "u" * (limit + 1)})
    with pytest.raises(MalformedItem, match=f"{name} holds control characters"):
        _dispatch(**{name: "urn:a\x00b"})


def test_topics_and_paragraphs_are_bounded() -> None:
    assert len(_dispatch(topics=[f"t{i}" for i in range(MAX_TOPICS)]).topics) == MAX_TOPICS
    with pytest.raises(MalformedItem, match="topics, over the limit"):
        _dispatch(topics=[f"t{i}" for i in range(MAX_TOPICS + 1)])
    with pytest.raises(MalformedItem, match="topic is 101 characters long"):
        _dispatch(topics=["t" * 101])
    with pytest.raises(MalformedItem, match="paragraphs, over the limit"):
        _dispatch(paragraphs=["p."] * (MAX_PARAGRAPHS + 1))
    paragraph = LIMITS["paragraph"].chars
    with pytest.raises(MalformedItem, match=f"paragraph is {paragraph + 1} characters long"):
        _dispatch(paragraphs=["p" * (paragraph + 1)])


def test_controls_and_lone_surrogates_are_stripped_from_text() -> None:
    item = _dispatch(
        headline="Ferry\x00 line\udfff opens\x1b",
        byline="By\x07 A. Writer",
        topics=["sea\x00", "\x00"],
        paragraphs=["One\x00two.", "\x00\x01"],
    )
    assert item.headline == "Ferry line opens"
    assert item.byline == "By A. Writer"
    assert item.topics == ["sea"]
    assert item.paragraphs == ["One two."]
    item.content_hash()  # encodes as UTF-8


def test_a_long_source_name_is_cut_and_a_long_story_key_fits_its_column() -> None:
    item = _dispatch(source_name="d/" * 1000, agency="a" * 200, headline="h " * 500)
    assert len(item.source_name) == LIMITS["source_name"].chars
    key = item.story_key()
    assert len(key) == STORY_KEY_CHARS
    assert key == _dispatch(agency="a" * 200, headline="h " * 500).story_key()
    assert key != _dispatch(agency="a" * 200, headline="h " * 499 + "i").story_key()
    assert _dispatch(guid="g" * 1000).story_key() != _dispatch(guid="g" * 999).story_key()
    assert _dispatch(guid="urn:short").story_key() == "urn:short"  # keys that fit stay as they are


# -- the alias bomb -----------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "topics"])
def test_the_yaml_alias_bomb_is_refused_quickly_with_little_memory(field: str) -> None:
    bomb = ALIAS_BOMB.replace("title:", f"{field}:")
    assert len(bomb.encode()) == (385 if field == "title" else 386)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(MalformedItem, match=r"aliases \(\*name\) are not accepted"):
            parse_markdown(bomb, "bomb.md")
        elapsed = time.perf_counter() - started
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 0.5
    assert peak < 2_000_000  # bytes


def test_front_matter_is_bounded() -> None:
    long_meta = "---\ntitle: Ferry\nnote: " + "x" * 20_000 + "\n---\nBody.\n"
    with pytest.raises(MalformedItem, match="front matter is 200.. characters long"):
        parse_markdown(long_meta, "long.md")


# -- races --------------------------------------------------------------------


def _revisions(count: int) -> list[ParsedDispatch]:
    return [
        _dispatch(
            headline=f"Ferry terminal opens, update {n}",
            paragraphs=[f"Busan opened a new ferry terminal on Monday. Update number {n}."],
            guid="urn:race:ferry",
            source_name=f"revision-{n}",
        )
        for n in range(1, count + 1)
    ]


def _race(url: str, items: list[ParsedDispatch]) -> list[str]:
    """Store each item from its own thread and its own database connection, all at once."""
    stores = [Store(url) for _ in items]
    barrier = threading.Barrier(len(items))
    statuses: list[str] = [""] * len(items)

    def store_one(index: int) -> None:
        barrier.wait()
        statuses[index] = store_dispatch(stores[index], items[index]).status

    threads = [threading.Thread(target=store_one, args=(i,)) for i in range(len(items))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.dispose()
    return statuses


def _check_every_revision_stored(store: Store, statuses: list[str], count: int) -> None:
    assert sorted(statuses) == ["added"] + ["revised"] * (count - 1)
    with store.session() as session:
        rows = session.execute(select(Revision.number, Revision.source_name)).all()
    assert sorted(number for number, _name in rows) == list(range(1, count + 1))
    assert {name for _number, name in rows} == {f"revision-{n}" for n in range(1, count + 1)}


def _check_one_stored_others_duplicate(statuses: list[str], stored: str = "added") -> None:
    assert sorted(statuses) == sorted([stored] + ["duplicate"] * (len(statuses) - 1))


def test_concurrent_revisions_of_one_story_are_all_stored_on_sqlite(desk: Desk) -> None:
    statuses = _race(desk.store.url, _revisions(8))
    _check_every_revision_stored(desk.store, statuses, 8)
    _check_one_stored_others_duplicate(
        _race(desk.store.url, [_revisions(9)[8]] * 6), stored="revised"
    )


@pytest.mark.postgres
def test_concurrent_revisions_of_one_story_are_all_stored_on_postgresql(
    postgres_desk: Desk,
) -> None:
    statuses = _race(postgres_desk.store.url, _revisions(8))
    _check_every_revision_stored(postgres_desk.store, statuses, 8)
    _check_one_stored_others_duplicate(
        _race(postgres_desk.store.url, [_revisions(9)[8]] * 6), stored="revised"
    )


def test_processes_racing_on_one_file_report_duplicate_not_failed(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    assert _invoke(instance, "db", "upgrade").exit_code == 0
    source = BROKEN / "markdown_good.md"
    script = Path(sys.executable).with_name("publisher")
    environment = {**os.environ, "PUBLISHER_INSTANCE": str(instance)}
    processes = [
        subprocess.Popen(
            [str(script), "ingest", "--json", str(source)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 3, [err for _o, err in results]
    statuses = [json.loads(out)["items"][0]["status"] for out, _err in results]
    _check_one_stored_others_duplicate(statuses)


# -- the machine failing --------------------------------------------------------


def test_a_read_only_database_stops_the_ingest_with_one_line(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    assert _invoke(instance, "db", "upgrade").exit_code == 0
    # mode=ro is refused by SQLite itself, so this holds for root too
    url = f"sqlite:///file:{instance / 'publisher.db'}?mode=ro&uri=true"
    done = _invoke(instance, "ingest", str(BROKEN / "markdown_good.md"), PUBLISHER_DATABASE_URL=url)
    assert done.exit_code == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: cannot store in the database {url.replace('file:', 'file%3A')}: "
        "attempt to write a readonly database"
    ]


def test_a_full_disk_stops_the_ingest_after_the_items_before(desk: Desk) -> None:
    # SQLite's page limit is a real "database or disk is full", for root as for anyone
    with desk.store.session() as session:
        pages = session.execute(text("PRAGMA page_count")).scalar_one()
    desk.store.engine.dispose()

    @event.listens_for(desk.store.engine, "connect")
    def _full(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 2}")  # type: ignore[attr-defined]

    big = [
        _dispatch(headline=f"Story {n}", paragraphs=[f"Text {n} " * 2000], source_name=f"s{n}")
        for n in range(10)
    ]
    stored: list[str] = []
    with pytest.raises(StorageFailure, match="database or disk is full"):
        for item in big:
            stored.append(store_dispatch(desk.store, item).status)
    assert stored == ["added"] * len(stored)
    with desk.store.session() as session:
        assert len(session.scalars(select(Revision)).all()) == len(stored)


def test_an_instance_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = _invoke(blocker / "instance", "ingest", str(BROKEN / "markdown_good.md"))
    assert done.exit_code == 1
    assert done.stderr.strip() == f"Error: Not a directory: {blocker / 'instance'}"


def test_an_unreachable_postgresql_is_one_line(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{CLOSED_PORT}/test"
    done = _cli(
        tmp_path / "i", "ingest", str(BROKEN / "markdown_good.md"), PUBLISHER_DATABASE_URL=url
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: cannot reach the database {url}")


def test_an_unreachable_redis_is_one_line_for_ingest_and_run(tmp_path: Path) -> None:
    queue = {"PUBLISHER_QUEUE_URL": f"redis://127.0.0.1:{CLOSED_PORT}/0"}
    instance = tmp_path / "instance"
    ingested = _invoke(instance, "ingest", str(BROKEN / "markdown_good.md"), **queue)
    assert ingested.exit_code == 1
    assert "1 added" in ingested.stdout
    assert ingested.stderr.strip().splitlines() == [
        "Error: cannot queue the stored dispatches: the task queue is unreachable (Error 111 "
        "connecting to 127.0.0.1:1. Connection refused.); `publisher run` or a worker queues "
        "them once it is back"
    ]
    ran = _invoke(instance, "run", **queue)
    assert ran.exit_code == 1
    assert ran.stderr.strip().splitlines() == [
        "Error: the task queue is unreachable: Error 111 connecting to 127.0.0.1:1. "
        "Connection refused."
    ]


def test_a_worker_started_before_redis_keeps_trying_until_stopped(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("publisher")
    environment = {
        **os.environ,
        "PUBLISHER_INSTANCE": str(tmp_path / "instance"),
        "PUBLISHER_QUEUE_URL": f"redis://127.0.0.1:{CLOSED_PORT}/0",
    }
    worker = subprocess.Popen(
        [str(script), "worker"], env=environment, stderr=subprocess.PIPE, text=True
    )
    assert worker.stderr is not None
    try:
        lines = [worker.stderr.readline() for _ in range(2)]
        worker.send_signal(signal.SIGTERM)
        rest = worker.communicate(timeout=30)[1]
    finally:
        if worker.poll() is None:
            worker.kill()
    assert lines[0].startswith("queue unreachable (Error 111 connecting to 127.0.0.1:1.")
    assert lines[0].rstrip().endswith("trying again in 1 s")
    assert lines[1].rstrip().endswith("trying again in 2 s")
    assert worker.returncode == 0
    assert "Traceback" not in rest
    assert "stopped before the queue could be reached" in rest


def test_parse_items_raises_nothing_but_malformed_item_for_the_corpus() -> None:
    for path in sorted(BROKEN.iterdir()):
        try:
            parse_items(path.read_bytes(), path.name)
        except MalformedItem:
            pass


def test_an_unwritable_queue_file_is_one_line(tmp_path: Path) -> None:
    # nobody, root included, creates a file in /proc
    queue = {"PUBLISHER_QUEUE_URL": "sqlite:////proc/publisher-queue.db"}
    instance = tmp_path / "instance"
    ingested = _invoke(instance, "ingest", str(BROKEN / "markdown_good.md"), **queue)
    assert ingested.exit_code == 1
    assert "1 added" in ingested.stdout
    assert "the task queue is unreachable (unable to open database file)" in ingested.stderr
    ran = _invoke(instance, "run", **queue)
    assert ran.exit_code == 1
    assert ran.stderr.strip() == "Error: the task queue failed: unable to open database file"


def test_a_reader_crashing_on_one_entry_fails_that_entry_only(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publisher.ingest import feeds

    real_entry = feeds._entry

    def crash_on_first(entry: object, feed: object, source_format: str, name: str) -> object:
        if name.endswith("#entry-1"):
            raise RuntimeError("a bug in a reader")
        return real_entry(entry, feed, source_format, name)

    monkeypatch.setattr(feeds, "_entry", crash_on_first)
    report = desk.ingest([str(BROKEN / "atom_mixed.atom"), str(BROKEN / "markdown_good.md")])
    statuses = {_name(o.source_name): (o.status, o.reason) for o in report.outcomes}
    assert statuses["atom_mixed.atom#entry-1"] == (
        "failed",
        "cannot be read (RuntimeError: a bug in a reader)",
    )
    assert statuses["markdown_good.md"] == ("added", None)


def test_storing_that_raises_anything_fails_that_item_only(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publisher.pipeline import intake

    real_find = intake._find_story

    def crash_on_one(session: object, item: ParsedDispatch) -> object:
        if item.headline == "Boom":
            raise ValueError("not what the database expected")
        return real_find(session, item)  # type: ignore[arg-type]

    monkeypatch.setattr(intake, "_find_story", crash_on_one)
    outcomes = [
        store_dispatch(desk.store, _dispatch(headline=headline, source_name=headline))
        for headline in ("Boom", "Calm")
    ]
    assert [(o.status, o.reason) for o in outcomes] == [
        ("failed", "cannot be stored (ValueError: not what the database expected)"),
        ("added", None),
    ]
