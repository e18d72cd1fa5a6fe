"""Language tags: BCP 47 parsed with the IANA registry, reduced to what we translate by."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.errors import PublisherError
from publisher.languages import (
    Language,
    UnknownLanguage,
    from_argos,
    language_data,
    parse_languages,
    to_argos,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("es", "es"),
        ("ES", "es"),
        (" ko ", "ko"),
        ("KO", "ko"),
        ("en_US", "en"),
        ("en-us", "en"),
        ("en-GB", "en"),
        ("eng", "en"),  # ISO 639-2 written as the 639-1 code
        ("iw", "he"),  # deprecated code replaced
        ("zh", "zh"),
        ("zh-CN", "zh"),
        ("zh-Hans", "zh"),
        ("zh-Hans-CN", "zh"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-Hant", "zh-Hant"),
        ("zh-Hant-TW", "zh-Hant"),
        ("zh_hant", "zh-Hant"),
        ("pt", "pt"),
        ("pt-PT", "pt"),
        ("pt-BR", "pt-BR"),
        ("pt-br", "pt-BR"),
        ("pt-Latn-BR", "pt-BR"),
        ("sr-Latn", "sr-Latn"),
        ("sr-Cyrl-RS", "sr"),
        ("es-419", "es"),
        ("en-x-house-style", "en"),
        ("yue", "yue"),
    ],
)
def test_tags_are_normalized(text: str, expected: str) -> None:
    language = Language.parse(text)
    assert isinstance(language, Language) and isinstance(language, str)
    assert language == expected
    assert Language.parse(language) == language  # normal form is a fixed point


@pytest.mark.parametrize(
    "text",
    [
        "klingon",
        "xx-!!",
        "",
        "   ",
        "xx",
        "und",
        "x-klingon",
        "en US",
        "en--US",
        "-en",
        "ko\n1",
        "한국어",
        "e" * 100,
        "de-1901-1901",
        "1234",
    ],
)
def test_bad_tags_are_refused(text: str) -> None:
    with pytest.raises(UnknownLanguage) as caught:
        Language.parse(text)
    message = str(caught.value)
    assert "is not a language code" in message and "BCP 47" in message
    assert "\n" not in message
    assert isinstance(caught.value, PublisherError)


@pytest.mark.parametrize("value", [None, 7, ["ko"], b"ko"])
def test_non_strings_are_refused(value: object) -> None:
    with pytest.raises(UnknownLanguage, match="not a string"):
        Language.parse(value)


@given(st.text(max_size=30))
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    try:
        language = Language.parse(text)
    except UnknownLanguage:
        return
    assert 2 <= len(language) <= 16 and Language.parse(language) == language


def test_a_language_is_only_made_by_parse() -> None:
    with pytest.raises(TypeError, match="Language.parse"):
        Language("ko")


def test_a_language_survives_pickle_and_copy() -> None:
    language = Language.parse("zh-TW")
    for clone in (pickle.loads(pickle.dumps(language)), copy.copy(language)):
        assert type(clone) is Language and clone == "zh-Hant"
    assert {language: 1}["zh-Hant"] == 1
    assert language.base == "zh"


def test_lists_drop_blanks_and_duplicates() -> None:
    assert parse_languages("ko, ES,es,,zh-TW") == ["ko", "es", "zh-Hant"]
    assert parse_languages(["pt-BR", "pt"]) == ["pt-BR", "pt"]
    assert parse_languages("") == []
    with pytest.raises(UnknownLanguage, match="'klingon'"):
        parse_languages("ko,klingon")


@pytest.mark.parametrize(
    ("argos", "ours"),
    [
        ("zt", "zh-Hant"),
        ("pb", "pt-BR"),
        ("tl", "fil"),
        ("zh", "zh"),
        ("pt", "pt"),
        ("en", "en"),
        ("ko", "ko"),
        ("nb", "nb"),
    ],
)
def test_argos_codes_map_both_ways(argos: str, ours: str) -> None:
    assert from_argos(argos) == ours
    assert to_argos(ours) == argos
    assert to_argos(from_argos(argos)) == argos


def test_argos_mapping_accepts_our_spellings_too() -> None:
    assert to_argos("zh-TW") == "zt"
    assert from_argos("ZT") == "zh-Hant"
    with pytest.raises(UnknownLanguage):
        from_argos("klingon")


def test_the_data_file_holds_only_normal_forms() -> None:
    data = language_data()
    for ours in data.argos_to_ours.values():
        assert Language.parse(ours) == ours
    for tag in data.distinct_regions:
        assert Language.parse(tag) == tag
