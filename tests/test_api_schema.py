"""The OpenAPI 3.1 document: valid as OpenAPI, and the API keeps to it under property tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from publisher.core import Desk
from publisher.settings import load_settings
from publisher.web import create_app
from publisher.web.feed_writers import FEED_FORMATS
from publisher.web.openapi import openapi_document
from publisher.web.params import MAX_QUERY_STRING
from tests.builders import KST, make_dispatch


@pytest.fixture(scope="module")
def api_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("api-schema") / "instance"
    desk = Desk(load_settings({"instance": str(instance), "languages": "ko,es"}))
    make_dispatch(
        desk.store,
        translations={"ko": ("부산항 새 터미널", ["첫 문장.", "둘째 문장."])},
        topics=["transport"],
        published=datetime(2025, 11, 12, 14, 30, tzinfo=KST),
    )
    make_dispatch(desk.store, headline="Unpublished", summary_indexes=None)
    make_dispatch(
        desk.store,
        headline="Rejected",
        translations={"ko": ("거부", ["거부됨."])},
        review_state="rejected",
    )
    yield create_app({"TESTING": True}, desk=desk)
    desk.close()


@pytest.fixture(scope="module")
def api_schema(api_app: Flask) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)


def test_document_is_valid_openapi_3_1() -> None:
    document = openapi_document()
    assert document["openapi"].startswith("3.1.")
    validate(document)


def test_served_document_is_the_same_and_cacheable(api_app: Flask) -> None:
    response = api_app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == openapi_document()
    assert response.headers["ETag"]


def test_a_broken_document_would_be_caught() -> None:
    # Guards the test above against a validator that accepts anything.
    document = openapi_document()
    document["paths"]["/dispatches"]["get"]["responses"]["200"].pop("description")
    with pytest.raises(OpenAPIValidationError):
        validate(document)


def test_every_route_is_documented(api_app: Flask) -> None:
    documented = {"/api/v1" + path for path in openapi_document()["paths"]}
    routes = {
        rule.rule.replace("<id:dispatch_id>", "{dispatch_id}").replace("<day>", "{day}")
        for rule in api_app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.unknown_endpoint"
    }
    assert routes == documented


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]
# The WSGI transport hands the checks raw bytes; a compressed body would not parse as JSON.
IDENTITY = {"Accept-Encoding": "identity"}
PROPERTY_SETTINGS = settings(
    max_examples=25,
    derandomize=True,  # the same cases on every run, so CI is repeatable
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# schemathesis' pytest plugin (`@schema.parametrize()` over `from_fixture`) breaks on pytest 9.2
# (it rewrites a private node attribute), so the strategies drive plain Hypothesis tests.


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("lang", [None, "ko"])
def test_api_conforms_to_its_document(
    api_schema: Any, mode: GenerationMode, lang: str | None
) -> None:
    # Random language codes almost never name a content language; pinning lang to one that has
    # content makes the generated pages, ids and dates reach real 200 answers too.
    query = None if lang is None else {"lang": lang}

    @PROPERTY_SETTINGS
    @given(case=api_schema.as_strategy(mode, query=query))
    def check(case: Any) -> None:
        case.call_and_validate(headers=IDENTITY, checks=CHECKS)

    check()


@pytest.mark.parametrize(
    ("path", "parameters", "query"),
    [
        ("/languages", {}, {}),
        ("/dispatches", {}, {"lang": "ko"}),
        ("/dispatches", {}, {"lang": "en", "page": 2, "per_page": 1}),
        ("/dispatches/{dispatch_id}", {"dispatch_id": 1}, {"lang": "ko"}),
        ("/dispatches/{dispatch_id}", {"dispatch_id": 1}, {}),
        ("/dispatches/{dispatch_id}", {"dispatch_id": 2}, {}),
        ("/dispatches/{dispatch_id}", {"dispatch_id": 3}, {"lang": "ko"}),
        ("/digests/{day}", {"day": "2025-11-12"}, {"lang": "ko"}),
        ("/digests/{day}", {"day": "2025-02-30"}, {"lang": "ko"}),
        ("/openapi.json", {}, {}),
        # hostile values that once reached the database or date arithmetic
        ("/dispatches", {}, {"lang": "ko", "page": "²"}),
        ("/dispatches", {}, {"lang": "ko", "page": 10**20}),
        ("/dispatches", {}, {"lang": "k\x00o"}),
        ("/dispatches/{dispatch_id}", {"dispatch_id": 2**63}, {}),
        ("/dispatches/{dispatch_id}", {"dispatch_id": 1}, {"lang": "\r\n"}),
        ("/digests/{day}", {"day": "0001-01-01"}, {"lang": "ko"}),
        ("/digests/{day}", {"day": "9999-12-31"}, {"lang": "ko"}),
    ],
)
def test_known_cases_conform(
    api_schema: Any, path: str, parameters: dict[str, Any], query: dict[str, Any]
) -> None:
    """Cases that reach real content, which random languages and ids would rarely hit."""
    case = api_schema[path]["GET"].Case(path_parameters=parameters, query=query)
    response = case.call_and_validate(headers=IDENTITY, checks=CHECKS[:-1])
    assert response.status_code in {200, 400, 404}


EXAMPLE_PARAMETERS = {"dispatch_id": 1, "day": "2025-11-12"}


@pytest.mark.parametrize("path", sorted(openapi_document()["paths"]))
@pytest.mark.parametrize(
    ("headers", "query", "status"),
    [
        ({"Host": "exa mple.org"}, {}, 400),
        ({"Host": "a" * 300}, {}, 400),
        ({}, {"lang": "ko", "pad": "x" * MAX_QUERY_STRING}, 414),
    ],
)
def test_requests_broken_as_a_whole_conform(
    api_schema: Any, path: str, headers: dict[str, str], query: dict[str, Any], status: int
) -> None:
    """Every operation answers a broken Host or an over-long query as its document says."""
    operation = api_schema[path]["GET"]
    names = {parameter.name for parameter in operation.path_parameters}
    case = operation.Case(
        path_parameters={name: EXAMPLE_PARAMETERS[name] for name in names}, query=query
    )
    response = case.call_and_validate(headers={**IDENTITY, **headers}, checks=CHECKS[:-1])
    assert response.status_code == status


def test_feed_links_are_documented_from_the_format_registry() -> None:
    schemas = openapi_document()["components"]["schemas"]
    links = schemas["Languages"]["properties"]["content_languages"]["items"]["properties"]["links"]
    assert set(links["properties"]) == {"home", "dispatches", *(fmt.key for fmt in FEED_FORMATS)}
    item = schemas["LocalizedItem"]["properties"]
    assert {"type": "null"} in item["published"]["anyOf"]  # a source may give no time
    assert item["received"]["format"] == "date-time"
