"""The OpenAPI 3.1 document of the read-only API, as data (served at /api/v1/openapi.json).

Written as Python rather than a JSON file so the shared pieces (the item, the error, the
paging parameters) are defined once and the limits match the ones the views enforce.
"""

from __future__ import annotations

from typing import Any

from publisher.web.downloads import DIGEST_FORMATS, DISPATCH_FORMATS
from publisher.web.feed_writers import FEED_FORMATS
from publisher.web.params import MAX_ID, MAX_PAGE, MAX_PATH, MAX_PER_PAGE, MAX_QUERY_STRING

Schema = dict[str, Any]

_REF = "#/components/schemas/"


def _ref(name: str) -> Schema:
    return {"$ref": _REF + name}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Schema], *, description: str = "") -> Schema:
    schema: Schema = {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


_STRING: Schema = {"type": "string"}
_URI: Schema = {"type": "string", "format": "uri"}
_DATE_TIME: Schema = {"type": "string", "format": "date-time"}
_LANGUAGE: Schema = {"type": "string", "minLength": 1, "examples": ["en", "ko"]}
_COUNT: Schema = {"type": "integer", "minimum": 0}
_INDEXES: Schema = {"type": "array", "items": _COUNT}


def _item_properties() -> dict[str, Schema]:
    return {
        "id": {"type": "integer", "minimum": 1},
        "revision": {"type": "integer", "minimum": 1},
        "language": {**_LANGUAGE, "description": "The language of headline and summary."},
        "language_tag": {**_STRING, "description": "BCP 47 tag for lang/hreflang attributes."},
        "source_language": _LANGUAGE,
        "headline": _STRING,
        "summary": {"type": "array", "items": _STRING, "description": "Summary sentences."},
        "source_indexes": {
            **_INDEXES,
            "description": "summary[i] renders the original sentence source_indexes[i].",
        },
        "machine_translated": {"type": "boolean"},
        "reviewed": {"type": "boolean", "description": "An editor approved the translation."},
        "revision_kind": {
            **_nullable({"enum": ["update", "correction"]}),
            "description": "update: a newer version replaced the first one published; "
            "correction: that version corrected the story.",
        },
        "corrected": {"type": "boolean", "description": "Readers see a correction note."},
        "agency": _nullable(_STRING),
        "dateline": _nullable(_STRING),
        "topics": {"type": "array", "items": _STRING},
        "published": {
            **_nullable(_DATE_TIME),
            "description": "First publication, in the source's offset; null when the source gave no time.",
        },
        "received": {**_DATE_TIME, "description": "When the desk received this revision."},
        "updated": {**_DATE_TIME, "description": "Last change of this language's version."},
        "links": _ref("DispatchLinks"),
    }


def _downloads(formats: tuple[str, ...]) -> Schema:
    return _object({fmt: _URI for fmt in formats})


def _schemas() -> dict[str, Schema]:
    paging = {
        "language": _LANGUAGE,
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "total": _COUNT,
        "pages": _COUNT,
        "links": _ref("PageLinks"),
        "items": {"type": "array", "items": _ref("LocalizedItem")},
    }
    aligned = {"type": "array", "items": _object({"text": _STRING, "source_index": _COUNT})}
    localized = {
        **_item_properties(),
        "sentences": aligned,
        "full_text": {
            **_nullable(
                _object(
                    {
                        "engine": _nullable(_STRING),
                        "reviewed": {
                            "type": "boolean",
                            "description": "An editor published the full text.",
                        },
                        "sentences": aligned,
                    }
                )
            ),
            "description": "The whole text in this language, each sentence beside the index "
            "of the original sentence it translates; null when only the summary is translated.",
        },
        "downloads": {
            **_downloads(DISPATCH_FORMATS),
            "description": "This language version as files.",
        },
    }
    sentence = _object({"index": _COUNT, "paragraph": _COUNT, "text": _STRING})
    summary = _object({"method": _STRING, "sentence_indexes": _INDEXES, "text": _STRING})
    language = {
        "code": _LANGUAGE,
        "tag": _STRING,
        "name": _STRING,
        "english_name": _STRING,
    }
    return {
        "Error": _object(
            {
                "error": _object(
                    {
                        "code": {"type": "integer", "minimum": 400, "maximum": 599},
                        "message": _STRING,
                    }
                )
            },
            description="Every error the API answers.",
        ),
        "DispatchLinks": _object(
            {
                "self": _URI,
                "html": {**_URI, "description": "The reader page in this language."},
                "original": {**_URI, "description": "The reader page in the source language."},
                "source": {**_nullable(_STRING), "description": "Where the agency published it."},
            }
        ),
        "PageLinks": _object(
            {
                "self": _URI,
                "first": _URI,
                "last": _URI,
                "next": _nullable(_URI),
                "prev": _nullable(_URI),
            }
        ),
        "LocalizedItem": _object(
            _item_properties(), description="A dispatch as readers of one language see it."
        ),
        "LocalizedDispatch": _object(
            localized,
            description="The localized item with each summary sentence beside its source index.",
        ),
        "Original": _object(
            {
                "language": _LANGUAGE,
                "headline": _STRING,
                "agency": _nullable(_STRING),
                "byline": _nullable(_STRING),
                "dateline": _nullable(_STRING),
                "published": {
                    **_nullable(_STRING),
                    "description": "The publication time the source gave, as it gave it.",
                },
                "received": {**_DATE_TIME, "description": "When the desk received it."},
                "updated": _nullable(_STRING),
                "url": _nullable(_STRING),
                "topics": {"type": "array", "items": _STRING},
                "paragraphs": {"type": "array", "items": _STRING},
                "sentences": {"type": "array", "items": sentence},
                "summary": _nullable(summary),
            },
            description="The dispatch as the agency wrote it, with its summary.",
        ),
        "Dispatch": _object(
            {
                "id": {"type": "integer", "minimum": 1},
                "revision": {"type": "integer", "minimum": 1},
                "original": _ref("Original"),
                "available_languages": {"type": "array", "items": _LANGUAGE, "minItems": 1},
                "localized": _nullable(_ref("LocalizedDispatch")),
                "links": _ref("DispatchLinks"),
            }
        ),
        "Canceled": _object(
            {
                "id": {"type": "integer", "minimum": 1},
                "pubstatus": {"const": "canceled"},
                "notice": {
                    **_nullable(_STRING),
                    "description": "The editors' public notice, if they wrote one.",
                },
                "killed_languages": {"type": "array", "items": _LANGUAGE},
                "killed_at": _DATE_TIME,
            },
            description="A dispatch withdrawn (killed): its notice, never its text.",
        ),
        "DispatchList": _object(paging),
        "Digest": _object(
            {
                **paging,
                "date": {"type": "string", "format": "date"},
                "downloads": {**_downloads(DIGEST_FORMATS), "description": "The day as a book."},
                "timezone": {
                    **_STRING,
                    "description": "IANA zone the day is counted in: the language's own zone unless the site fixes one.",
                },
            }
        ),
        "Languages": _object(
            {
                "content_languages": {
                    "type": "array",
                    "items": _object(
                        {
                            **language,
                            "links": _object(
                                {
                                    "home": _URI,
                                    "dispatches": _URI,
                                    **{
                                        fmt.key: {**_URI, "description": f"The {fmt.label} feed."}
                                        for fmt in FEED_FORMATS
                                    },
                                }
                            ),
                        }
                    ),
                },
                "ui_languages": {"type": "array", "items": _object(language)},
            }
        ),
    }


def _error(description: str) -> Schema:
    return {
        "description": description,
        "headers": {"Access-Control-Allow-Origin": {"$ref": "#/components/headers/AllowOrigin"}},
        "content": {"application/json": {"schema": _ref("Error")}},
    }


def _ok(description: str, schema: Schema) -> Schema:
    return {
        "description": description,
        "headers": {
            "ETag": {"$ref": "#/components/headers/ETag"},
            "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
            "Access-Control-Allow-Origin": {"$ref": "#/components/headers/AllowOrigin"},
        },
        "content": {"application/json": {"schema": schema}},
    }


def _canceled() -> Schema:
    return {
        "description": "The dispatch was withdrawn (killed) by the agency or an editor.",
        "headers": {"Access-Control-Allow-Origin": {"$ref": "#/components/headers/AllowOrigin"}},
        "content": {"application/json": {"schema": _ref("Canceled")}},
    }


def _get(
    operation_id: str,
    summary: str,
    parameters: list[Schema],
    ok: Schema,
    errors: dict[str, str],
    *,
    gone: Schema | None = None,
) -> Schema:
    responses: dict[str, Schema] = {
        "200": ok,
        "304": {"$ref": "#/components/responses/NotModified"},
    }
    if gone is not None:
        responses["410"] = gone
    # Any request can be malformed as a whole (see publisher/web/params.py).
    errors = {
        "400": "A malformed request: a Host that is no host name, an address that is not UTF-8.",
        **errors,
        "414": f"An address longer than {MAX_PATH} characters or a query of over "
        f"{MAX_QUERY_STRING} bytes.",
    }
    responses.update({code: _error(text) for code, text in errors.items()})
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": parameters,
            "responses": responses,
        }
    }


def _query_lang(required: bool) -> Schema:
    return {
        "name": "lang",
        "in": "query",
        "required": required,
        "description": "Content language code, as listed by /languages.",
        "schema": _LANGUAGE,
    }


_PAGING_PARAMETERS: list[Schema] = [
    {
        "name": "page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "required": False,
        "description": "Items per page; the default is the site's page size.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
    },
]


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description of every /api/v1 endpoint."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Publisher read API",
            "version": "1.0.0",
            "summary": "Published wire dispatches, their summaries and translations.",
            "description": (
                "Read-only. Only published content appears: an original with its summary, or a "
                "translation approved by an editor (or, when the site allows it, a complete "
                "machine translation). Every error has the shape of the Error schema."
            ),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/languages": _get(
                "listLanguages",
                "Content languages (with their feeds) and reader-interface languages.",
                [],
                _ok("The languages.", _ref("Languages")),
                {},
            ),
            "/dispatches": _get(
                "listDispatches",
                "Published dispatches in one language, newest first.",
                [_query_lang(True), *_PAGING_PARAMETERS],
                _ok("One page of dispatches.", _ref("DispatchList")),
                {
                    "400": "A missing lang or a bad page or per_page.",
                    "404": "The language has no content.",
                },
            ),
            "/dispatches/{dispatch_id}": _get(
                "getDispatch",
                "One published dispatch: the original, its languages and one translation.",
                [
                    {
                        "name": "dispatch_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    },
                    {
                        **_query_lang(False),
                        "description": "Also return the dispatch as readers of this language see it.",
                    },
                ],
                _ok("The dispatch.", _ref("Dispatch")),
                {
                    "400": "A lang that is not a language code.",
                    "404": "No such published dispatch, or it is not published in lang.",
                },
                gone=_canceled(),
            ),
            "/digests/{day}": _get(
                "getDigest",
                "Dispatches published on one day (in the language's time zone).",
                [
                    {
                        "name": "day",
                        "in": "path",
                        "required": True,
                        "schema": {
                            "type": "string",
                            "format": "date",
                            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                            "examples": ["2025-11-12"],
                        },
                    },
                    _query_lang(True),
                    *_PAGING_PARAMETERS,
                ],
                _ok("One page of that day's dispatches.", _ref("Digest")),
                {
                    "400": "A bad date, a missing lang, or a bad page or per_page.",
                    "404": "The language has no content.",
                },
            ),
            "/openapi.json": _get(
                "getOpenAPI",
                "This document.",
                [],
                _ok("The OpenAPI 3.1 document.", {"type": "object"}),
                {},
            ),
        },
        "components": {
            "schemas": _schemas(),
            "headers": {
                "ETag": {
                    "description": "Validator for If-None-Match.",
                    "required": True,
                    "schema": _STRING,
                },
                "CacheControl": {"description": "How long caches may keep it.", "schema": _STRING},
                "AllowOrigin": {
                    "description": "Any origin may read this public API.",
                    "required": True,
                    "schema": {"type": "string", "const": "*"},
                },
            },
            "responses": {
                "NotModified": {"description": "The copy named by If-None-Match is current."}
            },
        },
    }
