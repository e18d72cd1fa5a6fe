"""The multi-machine mode for real: PostgreSQL for storage, Redis for the queue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher import schema
from publisher.core import Desk
from publisher.db import Store
from publisher.settings import load_settings
from tests.conftest import need, need_apertium
from tests.doubles import RecordingTranslator
from tests.test_pipeline import write_inputs

REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_url() -> Iterator[str]:
    import redis

    client = redis.Redis.from_url(REDIS)
    try:
        client.ping()
    except redis.ConnectionError:
        need(False, "Redis on 127.0.0.1:6379")
    client.flushdb()
    yield REDIS
    client.flushdb()
    client.close()


@pytest.mark.postgres
@pytest.mark.redis
def test_postgres_and_redis_with_a_worker_process(
    postgres_url: str, redis_url: str, tmp_path: Path
) -> None:
    need_apertium("eng-spa")
    environment = {
        **os.environ,
        "PUBLISHER_INSTANCE": str(tmp_path / "worker-instance"),
        "PUBLISHER_DATABASE_URL": postgres_url,
        "PUBLISHER_QUEUE_URL": redis_url,
        "PUBLISHER_LANGUAGES": "es",
    }
    script = Path(sys.executable).with_name("publisher")
    # A deployment brings the shared database to the code's revision before anything runs.
    upgraded = subprocess.run(
        [str(script), "db", "upgrade"], env=environment, capture_output=True, text=True
    )
    assert upgraded.returncode == 0, upgraded.stderr
    assert "upgraded database from nothing to" in upgraded.stdout
    settings = load_settings(
        {
            "instance": str(tmp_path / "instance"),
            "database_url": postgres_url,
            "queue_url": redis_url,
            "languages": "es",
        }
    )
    desk = Desk(settings)
    report = desk.ingest([str(write_inputs(tmp_path / "in"))])
    assert report.count("added") == 2
    assert desk.queue.huey.pending_count() > 0  # the jobs wait in Redis

    # A second machine: a worker process on the same database and queue.
    worker = subprocess.Popen(
        [str(script), "worker", "--workers", "2"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            views = desk.dispatches()
            states = [v.translations["es"].status for v in views if "es" in v.translations]
            if len(states) == 2 and set(states) == {"done"}:
                break
            if worker.poll() is not None:
                pytest.fail(
                    f"the worker exited: {worker.stderr.read().decode() if worker.stderr else ''}"
                )
            time.sleep(0.3)
        else:
            pytest.fail("the worker did not finish the work within 90 s")
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        if worker.stderr:
            worker.stderr.close()
    market = next(v for v in desk.dispatches() if v.agency == "Valley Post")
    assert market.published == "2026-03-04T08:00:00+01:00"
    spanish = market.translations["es"]
    assert spanish.engine == "apertium"
    assert market.summary and len(spanish.sentences) == len(market.summary["sentence_indexes"])
    desk.close()


@pytest.mark.postgres
def test_postgres_concurrent_translation_writes_one_row(postgres_url: str, tmp_path: Path) -> None:
    """Two machines finishing the same translation at once leave one row, not an error."""
    double = RecordingTranslator()
    settings = load_settings(
        {"instance": str(tmp_path / "instance"), "database_url": postgres_url, "languages": "qaa"}
    )
    store = Store(postgres_url)
    schema.upgrade(store)
    store.dispose()
    first = Desk(settings, engines={"double": double})
    second = Desk(settings, engines={"double": double})
    first.ingest([str(write_inputs(tmp_path / "in"))], enqueue=False)
    first.summarize()
    revision_ids = [v.revision_id for v in first.dispatches()]
    errors: list[BaseException] = []

    def translate(desk: Desk) -> None:
        try:
            desk.translate_revisions(revision_ids, "qaa")
        except BaseException as error:  # noqa: BLE001 - collected and re-raised by the test
            errors.append(error)

    threads = [threading.Thread(target=translate, args=(d,)) for d in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for view in first.dispatches():
        assert view.translations["qaa"].status == "done"
    first.close()
    second.close()
