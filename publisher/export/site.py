"""A static copy of the reader site: the pages, feeds, downloads and assets as plain files.

Every page is rendered by the real app (its test client), so the copy is what readers see
online; only the links change. An address inside the copy becomes a relative link to its
file (``/ko/dispatch/7`` → ``dispatch/7.html`` seen from ``ko/index.html``); an address
outside it (another language, a day with nothing published, the search) loses its link, so
the copy has no dead links and opens from a folder without a server.

Which addresses belong to the copy is decided up front from what is published (languages,
digest days, dispatches, home pages); then the pages are crawled from there, following only
those addresses, so the query variants the pages link to (``?by=agency``, ``?page=2``) come too.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from math import ceil
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import select

from publisher.db import Publication, Revision
from publisher.errors import ConfigError
from publisher.export.files import write_file
from publisher.publication import READABLE

if TYPE_CHECKING:
    from flask import Flask

    from publisher.core import Desk

_LINK = re.compile(r'\b(href|src|action)="([^"]*)"')
_SAFE_QUERY = re.compile(r"[^A-Za-z0-9_-]+")
_DISPATCH = re.compile(r"/([^/]+)/dispatch/([0-9]+)")
_DIGEST = re.compile(r"/([^/]+)/digest/([0-9]{4}-[0-9]{2}-[0-9]{2})")
_DISPATCH_FILE = re.compile(r"/([^/]+)/download/dispatch/([0-9]+)\.(txt|md|html|epub|docx)")
_DIGEST_FILE = re.compile(r"/([^/]+)/download/digest/([0-9]{4}-[0-9]{2}-[0-9]{2})\.(epub|docx)")
_FEED = re.compile(r"/([^/]+)/feed\.(rss|atom|json)")
_HOME = re.compile(r"/([^/]+)/")

Progress = Callable[[int], None]


@dataclass(frozen=True)
class SiteReport:
    files: int
    pages: int


@dataclass
class Scope:
    """The addresses that belong to the copy, from what is published."""

    languages: set[str]
    dispatches: dict[str, set[int]]  # language → dispatch ids published in it
    days: dict[str, set[str]]  # language → digest days with something published
    home_pages: dict[str, int]  # language → number of home pages

    def allows(self, path: str, query: dict[str, str]) -> bool:
        """Whether ``path`` with ``query`` (without the mount point) is part of the copy."""
        if path.startswith("/static/"):
            return True
        if path == "/":
            return not query
        if match := _DISPATCH.fullmatch(path):
            return not query and self._published(match[1], match[2])
        if match := _DISPATCH_FILE.fullmatch(path):
            return not query and self._published(match[1], match[2])
        if match := _DIGEST.fullmatch(path):
            return match[2] in self.days.get(match[1], set()) and _by_only(query)
        if match := _DIGEST_FILE.fullmatch(path):
            return not query and match[2] in self.days.get(match[1], set())
        if match := _FEED.fullmatch(path):
            return not query and match[1] in self.languages
        if match := _HOME.fullmatch(path):
            return match[1] in self.languages and self._page_ok(match[1], query)
        return False

    def _published(self, language: str, dispatch_id: str) -> bool:
        return int(dispatch_id) in self.dispatches.get(language, set())

    def _page_ok(self, language: str, query: dict[str, str]) -> bool:
        if not query:
            return True
        page = query.get("page", "")
        return (
            set(query) == {"page"}
            and page.isdigit()
            and 1 <= int(page) <= self.home_pages[language]
        )


def _by_only(query: dict[str, str]) -> bool:
    return not query or (set(query) == {"by"} and query["by"] in ("topic", "agency"))


def file_for(path: str, query: dict[str, str]) -> str:
    """The file (relative to the copy's root) that holds ``path`` with ``query``."""
    if path.startswith("/static/"):
        return path.lstrip("/")  # the content hash in ?v= is for caches, not the file
    name = path.lstrip("/")
    if not name or name.endswith("/"):
        name += "index.html"
    elif "." not in PurePosixPath(name).name:
        name += ".html"
    if query:
        stem, dot, extension = name.rpartition(".")
        words = "-".join(_SAFE_QUERY.sub("-", f"{k}-{v}") for k, v in sorted(query.items()))
        name = f"{stem}.{words}{dot}{extension}"
    return name


def _scope(desk: Desk, languages: Sequence[str], zone_for: Callable[[str], str]) -> Scope:
    page_size = max(desk.settings.page_size, 1)
    dispatches: dict[str, set[int]] = {code: set() for code in languages}
    days: dict[str, set[str]] = {code: set() for code in languages}
    with desk.store.session() as session:
        when = Revision.published_at.label("when")
        rows = session.execute(
            select(Publication.language, Publication.dispatch_id, when, Revision.ingested_at)
            .join(Revision, Revision.id == Publication.revision_id)
            .where(READABLE, Publication.language.in_(list(languages)))
        )
        for language, dispatch_id, published, ingested in rows:
            dispatches[language].add(dispatch_id)
            moment = _aware(published or ingested)
            days[language].add(moment.astimezone(ZoneInfo(zone_for(language))).date().isoformat())
    return Scope(
        languages=set(languages),
        dispatches=dispatches,
        days=days,
        home_pages={code: max(1, ceil(len(dispatches[code]) / page_size)) for code in languages},
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class _Crawler:
    def __init__(self, app: Flask, scope: Scope, root: str, origins: set[str]) -> None:
        self.client = app.test_client(use_cookies=False)
        self.scope = scope
        self.root = root  # the mount point, "" or "/news"
        self.origins = origins  # absolute addresses of the site itself
        self.queue: deque[tuple[str, dict[str, str]]] = deque()
        self.seen: set[str] = set()

    def local(self, url: str) -> tuple[str, dict[str, str], str] | None:
        """(path, query, fragment) of an address of the site itself, else None."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            if f"{parts.scheme}://{parts.netloc}" not in self.origins:
                return None
        elif not parts.path.startswith("/"):
            return None
        path = parts.path
        if self.root and path.startswith(self.root + "/"):
            path = path[len(self.root) :]
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if path.endswith("/choose") and "next" in query:  # the language switch: go there
            target = urlsplit(query["next"])
            return target.path, dict(parse_qsl(target.query)), parts.fragment
        return path, query, parts.fragment

    def want(self, path: str, query: dict[str, str]) -> bool:
        if not self.scope.allows(path, query):
            return False
        key = file_for(path, query)
        if key not in self.seen:
            self.seen.add(key)
            self.queue.append((path, query))
        return True

    def rewrite(self, page: str, text: str) -> str:
        """``text`` (a page stored at ``page``) with its links made relative or dropped."""
        here = posixpath.dirname(page)

        def replace(match: re.Match[str]) -> str:
            attribute, raw = match[1], html.unescape(match[2])
            if raw.startswith("#") or raw == "":
                return match[0]
            found = self.local(raw)
            if found is None:
                return match[0]  # another site: as it is
            path, query, fragment = found
            if not self.want(path, query):
                return f'data-offline-{attribute}=""'  # outside the copy: no link
            relative = posixpath.relpath(file_for(path, query), here or ".")
            return f'{attribute}="{html.escape(relative + (f"#{fragment}" if fragment else ""))}"'

        return _LINK.sub(replace, text)

    def fetch(self, path: str, query: dict[str, str]) -> tuple[int, bytes, str]:
        url = path + (f"?{urlencode(query)}" if query else "")
        # mounted under a path (base_url https://host/news/): that path is the script name,
        # as a proxy passes it, not part of the route
        response = self.client.get(url, base_url=sorted(self.origins)[0] + self.root)
        try:
            return response.status_code, response.get_data(), response.mimetype or ""
        finally:
            response.close()


def write_site(
    desk: Desk, folder: Path, languages: Sequence[str] | None, progress: Progress
) -> SiteReport:
    """Write the reader site in ``languages`` (default: every page language with content)
    into ``folder``; return how many files and pages. Raises ConfigError when a language has
    no pages (the interface languages only) or nothing is published."""
    from publisher.reading import content_languages
    from publisher.web import create_app
    from publisher.web.i18n import UI_LANGUAGES
    from publisher.web.urls import base_url_of
    from publisher.web.zones import zone_choice

    with desk.store.session() as session:
        published = content_languages(session)
    chosen = list(languages) if languages else [c for c in published if c in UI_LANGUAGES]
    pageless = [code for code in chosen if code not in UI_LANGUAGES]
    if pageless:
        raise ConfigError(
            f"no reader pages in {', '.join(pageless)}: the site has {', '.join(UI_LANGUAGES)}"
        )
    if not chosen:
        raise ConfigError("nothing is published in a language the site has pages in")
    app = create_app({"TESTING": True}, desk=desk)
    base = base_url_of(app)
    root = "" if base is None or base.root == "/" else base.root
    origins = {base.origin} if base is not None else {"http://localhost"}
    scope = _scope(desk, chosen, zone_choice(desk.settings).zone_for)
    crawler = _Crawler(app, scope, root, origins)
    for language in chosen:
        crawler.want(f"/{language}/", {})
        for day in sorted(scope.days[language]):
            crawler.want(f"/{language}/digest/{day}", {})
        for dispatch_id in sorted(scope.dispatches[language]):
            crawler.want(f"/{language}/dispatch/{dispatch_id}", {})
    folder.mkdir(parents=True, exist_ok=True)
    files = pages = 0
    while crawler.queue:
        path, query = crawler.queue.popleft()
        status, body, mimetype = crawler.fetch(path, query)
        if status != 200:
            raise ConfigError(f"the site answered {status} for {path}: cannot copy it")
        name = file_for(path, query)
        if mimetype == "text/html":
            body = crawler.rewrite(name, body.decode("utf-8")).encode("utf-8")
            pages += 1
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_file(target, body)
        files += 1
        progress(1)
    index = folder / "index.html"
    if not index.exists():
        write_file(index, _index(chosen))
        files += 1
    return SiteReport(files=files, pages=pages)


def _index(languages: Sequence[str]) -> bytes:
    """The copy's front door: a link to each language's home page."""
    links = "\n".join(
        f'<li><a href="{html.escape(code)}/index.html" lang="{html.escape(code)}">'
        f"{html.escape(code)}</a></li>"
        for code in languages
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>News</title>'
        f"</head>\n<body>\n<ul>\n{links}\n</ul>\n</body>\n</html>\n"
    ).encode()
