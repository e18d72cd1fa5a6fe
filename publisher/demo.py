"""The demo: the main job on the embedded default, from bundled sample dispatches."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from publisher.core import Desk
from publisher.errors import IndexUnreachable, ModelError
from publisher.translate import argos_packages

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
#: Who approves in the demo: recorded in the audit log like any editor.
DEMO_EDITOR = "demo.editor@example.org"
#: Dispatches the demo approves so the reader site is not empty; the rest wait for review.
DEMO_APPROVALS = 2


def sample_files() -> list[Path]:
    """The sample dispatch files listed in samples/index.toml, sorted by name: the order in
    which a desk would receive them (the index itself is not a dispatch)."""
    index = tomllib.loads((SAMPLES_DIR / "index.toml").read_text(encoding="utf-8"))
    return sorted(SAMPLES_DIR / sample["file"] for sample in index["sample"])


def ensure_korean_model(
    desk: Desk, echo: Callable[[str], None], progress: Callable[[int, int], None] | None = None
) -> None:
    """Install the en→ko Argos package from the index when it is missing and we are online."""
    packages_dir = desk.settings.resolved_argos_packages_dir
    if any(
        p.from_code == "en" and p.to_code == "ko"
        for p in argos_packages.installed_packages(packages_dir)
    ):
        return
    try:
        package = argos_packages.install_from_index(
            packages_dir, desk.settings.argos_index_url, "en", "ko", progress=progress
        )
    except IndexUnreachable:
        echo(
            "Korean stays pending: no en→ko model installed and the Argos index is unreachable "
            "(offline); add one with: publisher models install --file PATH.argosmodel"
        )
        return
    except ModelError as error:
        echo(f"Korean stays pending: {error}")
        return
    echo(f"installed Argos package en→ko {package.package_version}")


def run_demo(
    desk: Desk,
    echo: Callable[[str], None],
    progress: Callable[[int, int], None] | None = None,
    site: str = "",
) -> None:
    """Ingest the samples, process everything, and print what came out.

    ``progress`` receives (bytes done, bytes total) while a model downloads; ``site`` is the
    address the demo serves (for the editors' login line).
    """
    ensure_korean_model(desk, echo, progress)
    report = desk.ingest([str(path) for path in sample_files()], enqueue=False)
    echo(
        f"ingested {report.count('added')} new, {report.count('revised')} revised, "
        f"{report.count('duplicate')} already known, {report.count('failed')} failed"
    )
    for failure in report.failures:
        echo(f"  skipped {failure.source_name}: {failure.reason}")
    result = desk.run()
    echo(f"{result.jobs} job(s) run")
    for view in desk.dispatches(limit=50):
        echo("")
        echo(f"#{view.id} r{view.revision} [{view.source_language}] {view.headline}")
        if view.summary:
            echo(f"  summary ({view.summary['method']}): {view.summary['text']}")
        for language, translation in sorted(view.translations.items()):
            if translation.status == "done":
                echo(f"  [{language}] {translation.headline} — {' '.join(translation.sentences)}")
            else:
                echo(f"  [{language}] {translation.status}: {translation.reason}")
    approve_some(desk, echo, site=site)


def demo_editor(desk: Desk) -> str:
    """Make sure the demo editor's account exists with a fresh random password; return it."""
    import secrets

    from publisher.accounts.errors import UnknownUser
    from publisher.accounts.roles import Role

    password = secrets.token_urlsafe(12)
    try:
        desk.users.get(DEMO_EDITOR)
    except UnknownUser:
        desk.users.create(DEMO_EDITOR, Role.EDITOR, password)
    else:
        desk.users.enable(DEMO_EDITOR)
        desk.users.set_password(DEMO_EDITOR, password)
    return password


def approve_some(
    desk: Desk, echo: Callable[[str], None], count: int = DEMO_APPROVALS, site: str = ""
) -> list[int]:
    """Under the review policy, approve (and so publish) every complete language version of
    the ``count`` oldest dispatches as the demo editor, through the same review service as
    `publisher review approve`; the others stay in the queue. Returns the ids approved."""
    from publisher.errors import ReviewError
    from publisher.publication import PublishPolicy

    if desk.publish_policy is not PublishPolicy.REVIEW:
        return []
    password = demo_editor(desk)
    echo(
        f"demo editor: log in at {site}/editor/login as {DEMO_EDITOR} with the password "
        f"{password} (new at every demo run)"
    )
    approved: list[int] = []
    waiting = desk.review.queue(limit=10_000).entries
    for dispatch_id in sorted({entry.dispatch_id for entry in waiting}):
        if len(approved) >= count:
            break
        try:
            outcomes = desk.review.act(dispatch_id, "approve", DEMO_EDITOR)
        except ReviewError:
            continue  # nothing complete yet (still being translated)
        approved.append(dispatch_id)
        languages = sorted({o.language for o in outcomes})
        echo(f"approved #{dispatch_id} as {DEMO_EDITOR}: {', '.join(languages)}")
    left = desk.review.queue(limit=1).total
    echo(
        f"{left} language version(s) wait for an editor: publisher review list "
        "(approve with: publisher review approve ID --user EMAIL)"
    )
    return approved
