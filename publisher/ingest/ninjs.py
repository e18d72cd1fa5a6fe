"""IPTC ninjs (1.x, 2.x and 3.x) as one object, an array or JSON Lines.

Text items become dispatches; pictures, videos, events and the like are passed over with a
note (not a failure); a package is read member by member. ``pubStatus`` is kept as the update
tag: ``canceled`` is a kill (KILL_TAG), ``withheld`` is WITHHELD_TAG.
"""

from __future__ import annotations

import json
from typing import Any

from publisher.errors import MalformedItem
from publisher.ingest.assemble import Draft, apply_conventions, conventions_for, finish
from publisher.ingest.dates import parse_datetime
from publisher.ingest.model import (
    KILL_TAG,
    WITHHELD_TAG,
    ItemFailure,
    ItemNote,
    ParsedDispatch,
    ParsedItem,
    read_item,
)
from publisher.ingest.ninjs_text import ChosenText, headline, story_text, string

# pubStatus values (IPTC: usable, withheld, canceled) as update tags; a canceled item is a kill.
_STATUS_TAGS = {"canceled": KILL_TAG, "cancelled": KILL_TAG, "withheld": WITHHELD_TAG}
# A ninjs item nests a few levels (bodies, subjects, renditions); deeper is not news.
MAX_DEPTH = 32
# What json.loads raises on hostile text besides JSONDecodeError: nesting deeper than the
# interpreter's recursion limit, and integers longer than Python converts (ValueError).
JSON_ERRORS = (ValueError, RecursionError)


def _lower_keys(value: Any, source_name: str, depth: int = 0) -> Any:
    # ninjs 3 renamed fields to camelCase (firstCreated); lower-casing reads every version alike.
    if depth > MAX_DEPTH:
        raise MalformedItem(f"JSON nested more than {MAX_DEPTH} levels deep", source_name)
    if isinstance(value, dict):
        return {
            str(key).casefold(): _lower_keys(item, source_name, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_lower_keys(item, source_name, depth + 1) for item in value]
    return value


def _names(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    names: list[str] = []
    for entry in value:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            name = string(entry.get("name")) or string(entry.get("code"))
            if name:
                names.append(name)
    return names


def _agency(item: dict[str, Any]) -> str | None:
    sources = _names(item.get("infosources"))
    return sources[0] if sources else string(item.get("copyrightholder"))


def _kill_text(item: dict[str, Any]) -> list[str]:
    # A kill often carries no story, only the agency's note on why it is taken back.
    note = string(item.get("ednote"))
    return [note] if note else []


def _status_tag(item: dict[str, Any]) -> str | None:
    return _STATUS_TAGS.get(str(item.get("pubstatus") or "").strip().casefold())


def _text_item(item: dict[str, Any], source_name: str) -> ParsedDispatch:
    """One ninjs text item (keys lower-cased) as a dispatch.

    Raises MalformedItem when it lacks a headline or text.
    """
    title = headline(item)
    if not title:
        raise MalformedItem("ninjs item has no headline", source_name)
    tag = _status_tag(item)
    chosen = story_text(item)
    if chosen is None and tag is not None and _kill_text(item):
        chosen = ChosenText(_kill_text(item), "ednote")
    if chosen is None:
        raise MalformedItem("ninjs item has no body text", source_name)
    firstcreated = parse_datetime(item.get("firstcreated") or item.get("contentcreated"))
    versioncreated = parse_datetime(item.get("versioncreated"))
    draft = Draft(
        headline=title,
        paragraphs=chosen.paragraphs,
        agency=_agency(item),
        byline=string(item.get("by")) or string(item.get("byline")),
        dateline=string(item.get("located")),
        published=firstcreated or versioncreated,
        updated=versioncreated,
        language=string(item.get("language")),
        guid=string(item.get("uri")) or string(item.get("guid")),
        url=string(item.get("url")) or string(item.get("link")),
        update_tag=tag,
        topics=_names(item.get("subjects"))
        + _names(item.get("subject"))
        + _names(item.get("keywords")),
    )
    apply_conventions(draft, conventions_for("\n".join(chosen.paragraphs), draft.agency))
    dispatch = finish(draft, "ninjs", source_name)
    if chosen.origin != "body":
        dispatch.mark_derived(
            "paragraphs", chosen.origin, f"the item has no body: its {chosen.origin} is the text"
        )
    if tag is not None:
        status = item.get("pubstatus")
        dispatch.warnings.append(f"the agency marks the item {status!r}: tagged {tag}")
    return dispatch


def _associations(item: dict[str, Any]) -> list[tuple[str, Any]]:
    """A package's members: 2.x/3.x list them (each with a name), 1.x keys them by name."""
    found = item.get("associations")
    if isinstance(found, dict):
        return [(str(key), value) for key, value in found.items()]
    if isinstance(found, list):
        return [
            (str(member.get("name") or number) if isinstance(member, dict) else str(number), member)
            for number, member in enumerate(found, start=1)
        ]
    return []


def read_ninjs(raw: Any, source_name: str) -> list[ParsedItem]:
    """A ninjs object as what it holds: a text item is a dispatch; a picture, video, event
    (any type that is not text) a note that it is passed over; a package (composite) its
    members, read one by one. Nothing here raises: a bad item is an ItemFailure."""
    try:
        if not isinstance(raw, dict):
            raise MalformedItem(f"expected a JSON object, found {type(raw).__name__}", source_name)
        item = _lower_keys(raw, source_name)
    except MalformedItem as error:
        return [ItemFailure(source_name, error.reason)]
    return _read_item(item, source_name)


def _read_item(item: dict[str, Any], source_name: str) -> list[ParsedItem]:
    kind = (string(item.get("type")) or "text").casefold()
    members = _associations(item)
    if kind == "composite" or (members and story_text(item) is None and kind == "text"):
        items: list[ParsedItem] = []
        for name, member in members:
            member_name = f"{source_name}#{name}"
            if isinstance(member, dict):
                items.extend(_read_item(member, member_name))
            else:
                found = type(member).__name__
                items.append(ItemFailure(member_name, f"expected a JSON object, found {found}"))
        if items:
            return items
        return [ItemNote(source_name, "not a text item: a package with no members", skipped=True)]
    if kind != "text":
        note = f"not a text item (ninjs type {kind!r}): passed over"
        return [ItemNote(source_name, note, skipped=True)]
    return [read_item(lambda: _text_item(item, source_name), source_name)]


def _json_error(error: ValueError | RecursionError, line: int | None) -> str:
    where = f" on line {line}" if line is not None else ""
    if isinstance(error, json.JSONDecodeError):
        if line is not None:
            return f"not valid JSON{where}: column {error.colno} ({error.msg})"
        return f"not valid JSON: line {error.lineno} column {error.colno} ({error.msg})"
    if isinstance(error, RecursionError):
        return f"not readable JSON{where}: nested too deeply"
    # the one other ValueError: an integer longer than Python converts (4300 digits)
    return f"not readable JSON{where}: a number has too many digits"


def load_json(text: str, source_name: str, line: int | None = None) -> Any:
    """``json.loads``; raises MalformedItem, never anything else, for text that is no JSON
    (``line``: the number of a JSON Lines line, for the reason)."""
    try:
        return json.loads(text)
    except JSON_ERRORS as error:
        raise MalformedItem(_json_error(error, line), source_name) from error


def _collect(raw: Any, name: str, items: list[ParsedItem]) -> None:
    items.extend(read_ninjs(raw, name))


def parse_json(text: str, source_name: str) -> list[ParsedItem]:
    """A ninjs object or an array of them; raises MalformedItem for invalid JSON."""
    data = load_json(text, source_name)
    items: list[ParsedItem] = []
    if isinstance(data, list):
        if not data:
            raise MalformedItem("the JSON array is empty", source_name)
        for number, raw in enumerate(data, start=1):
            _collect(raw, f"{source_name}#item-{number}", items)
    else:
        _collect(data, source_name, items)
    return items


def parse_json_lines(text: str, source_name: str) -> list[ParsedItem]:
    """JSON Lines of ninjs objects: a bad line is a failure naming its number, the rest go on."""
    items: list[ParsedItem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{source_name}#line-{number}"
        try:
            raw = load_json(line, name, number)
        except MalformedItem as error:
            items.append(ItemFailure(name, error.reason))
            continue
        _collect(raw, name, items)
    return items


def looks_like_json_lines(text: str) -> bool:
    """Several lines, the first of them a complete JSON object on its own."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except JSON_ERRORS:
        return False
