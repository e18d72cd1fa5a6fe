"""IPTC ninjs 3.1 (pinned): one JSON object per dispatch and language.

A translation links to its original through ``associations`` (``rel: translationOf``); a
version an editor killed is ``pubStatus: canceled`` without its text. The engine and the
review state go where the schema has room for them: ``infoSources`` and ``edNote``.
"""

from __future__ import annotations

import json
from typing import Any

from publisher.export.labels import ENGLISH, labels_for
from publisher.export.model import ExportItem, iso, join_sentences

VERSION = "3.1"
SCHEMA = f"http://www.iptc.org/std/ninjs/ninjs-schema_{VERSION}.json"


def item_uri(dispatch_id: int, language: str, base_url: str | None) -> str:
    """The ninjs ``uri`` of a language version: its reader page under ``base_url`` when the
    desk has one, else a URN of our own."""
    if base_url:
        return f"{base_url.rstrip('/')}/{language}/dispatch/{dispatch_id}"
    return f"urn:publisher:dispatch:{dispatch_id}:{language}"


def _info_sources(item: ExportItem) -> list[dict[str, str]]:
    sources: list[dict[str, str]] = []
    if item.agency:
        agency = {"name": item.agency, "role": "originatingAgency"}
        if item.url:
            agency["uri"] = item.url
        sources.append(agency)
    if item.engine and not item.is_original:
        sources.append({"name": item.engine, "role": "machineTranslation", "literal": item.engine})
    return sources


def to_ninjs(item: ExportItem, *, base_url: str | None, canceled: bool = False) -> dict[str, Any]:
    """The ninjs object of ``item``; ``canceled`` for a version taken down by an editor."""
    data: dict[str, Any] = {
        "uri": item_uri(item.dispatch_id, item.language, base_url),
        "type": "text",
        "profile": "publisher-summary",
        "representationType": "partial",  # the summary, not the whole story
        "language": item.language,
        "firstCreated": iso(item.published or item.received),
        "versionCreated": iso(item.published or item.received),
        "pubStatus": "canceled" if canceled else "usable",
        "altIds": [{"role": "publisher:dispatch", "value": str(item.dispatch_id)}],
        # a note for the receiving desk's systems and editors: always in English
        "edNote": f"{labels_for(ENGLISH).provenance(item)}; review state: {item.review_state.value}",
    }
    if canceled:
        data["edNote"] = "Withdrawn by an editor: do not use. " + data["edNote"]
    else:
        data["headlines"] = [{"role": "main", "value": item.headline}]
        if item.summary:
            body = join_sentences(item.summary, item.language)
            data["bodies"] = [
                {
                    "role": "summary",
                    "contentType": "text/plain",
                    "value": body,
                    "charCount": len(body),
                }
            ]
        if item.dateline:
            data["located"] = item.dateline
        if item.topics:
            data["subjects"] = [{"name": topic} for topic in item.topics]
    sources = _info_sources(item)
    if sources:
        data["infoSources"] = sources
    if not item.is_original:
        data["associations"] = [
            {
                "name": "original",
                "rel": "translationOf",
                "uri": item_uri(item.dispatch_id, item.source_language, base_url),
                "type": "text",
                "language": item.source_language,
                "headlines": [{"value": item.source_headline}],
            }
        ]
    return data


def write(item: ExportItem, *, base_url: str | None = None, canceled: bool = False) -> bytes:
    """The item as a ninjs 3.1 JSON document, UTF-8 encoded."""
    data = to_ninjs(item, base_url=base_url, canceled=canceled)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
