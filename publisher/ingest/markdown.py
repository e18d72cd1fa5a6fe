"""Markdown or plain text with optional YAML front matter between ``---`` fences."""

from __future__ import annotations

import re
from typing import Any

import yaml

from publisher.errors import MalformedItem
from publisher.ingest.assemble import Draft, conventions_for, finish
from publisher.ingest.dates import parse_datetime
from publisher.ingest.model import ParsedDispatch, normalize_text
from publisher.ingest.wire import body_from_lines

_FENCE = re.compile(r"\A---[ \t]*\r?\n(?P<meta>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
# Inline Markdown reduced to its text; the order matters (images before links).
_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
)
# Front matter is a few metadata lines; more than this is not front matter but an attack.
MAX_FRONT_MATTER_CHARS = 16_384
_BLOCK_PREFIX = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d{1,3}[.)]\s+)")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")


class FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases.

    An alias (``*name``) repeats what its anchor holds: a few nested ones make a few hundred
    bytes stand for gigabytes of text (the "billion laughs"). Metadata never needs them, so the
    first one is refused as it is read, before anything is expanded.
    """

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not accepted", event.start_mark
            )
        return super().compose_node(parent, index)


def split_front_matter(text: str, source_name: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter off ``text``.

    Raises MalformedItem when it is not a YAML mapping, uses aliases, nests too deeply or is
    longer than MAX_FRONT_MATTER_CHARS.
    """
    found = _FENCE.match(text)
    if not found:
        return {}, text
    if len(found["meta"]) > MAX_FRONT_MATTER_CHARS:
        raise MalformedItem(
            f"front matter is {len(found['meta'])} characters long, over the limit of "
            f"{MAX_FRONT_MATTER_CHARS}",
            source_name,
        )
    try:
        meta = yaml.load(found["meta"], Loader=FrontMatterLoader)  # noqa: S506 - a safe loader
    except RecursionError as error:
        raise MalformedItem("front matter is nested too deeply", source_name) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "cannot be read"
        raise MalformedItem(
            f"front matter is not valid YAML{where}: {problem}", source_name
        ) from error
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise MalformedItem("front matter is not a mapping of field names to values", source_name)
    return {str(key).casefold(): value for key, value in meta.items()}, text[found.end() :]


def _plain(line: str) -> str:
    if _RULE.match(line):
        return ""
    line = _BLOCK_PREFIX.sub("", line)
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return normalize_text(line)


def _first(meta: dict[str, Any], *names: str) -> Any:
    for name in names:
        value = meta.get(name)
        if value not in (None, "", []):
            return value
    return None


def _text(value: Any) -> str | None:
    return normalize_text(str(value)) if value not in (None, "") else None


def _topics(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(item) for item in value if item not in (None, "")]
    return []


def parse_markdown(text: str, source_name: str) -> ParsedDispatch:
    """Read a Markdown dispatch; front matter fields win over what the text itself shows.

    Raises MalformedItem for bad front matter or when no headline or body text is found.
    """
    meta, body = split_front_matter(text, source_name)
    lines = body.splitlines()
    title = _text(_first(meta, "title", "headline"))
    if title is None:
        for index, line in enumerate(lines):
            if not line.strip():
                continue
            heading = _HEADING.match(line.strip())
            if heading:
                title = _plain(heading["text"])
                lines = lines[index + 1 :]
            break
    plain = [_plain(_HEADING.sub(r"\g<text>", line.strip())) for line in lines]
    draft = Draft(
        headline=title or "",
        agency=_text(_first(meta, "agency", "source", "provider")),
        byline=_text(_first(meta, "byline", "author", "by")),
        dateline=_text(_first(meta, "dateline", "located")),
        published=parse_datetime(_first(meta, "published", "date", "firstcreated")),
        updated=parse_datetime(_first(meta, "updated", "modified", "versioncreated")),
        language=_text(_first(meta, "language", "lang")),
        guid=_text(_first(meta, "guid", "id", "uri")),
        url=_text(_first(meta, "url", "link")),
        update_tag=_text(_first(meta, "update_tag", "update")),
        topics=_topics(_first(meta, "topics", "tags", "keywords", "categories")),
    )
    conventions = conventions_for(body, draft.agency)
    body_from_lines(plain, draft, conventions, take_headline=title is None)
    return finish(draft, "markdown", source_name)
