"""Offline language detection and source language tags."""

from __future__ import annotations

import json
import logging

import pytest

from publisher.ingest import detect_language, parse_bytes
from publisher.ingest.language import (
    declared_language,
    language_data,
    page_language,
    source_language,
)
from publisher.languages import UnknownLanguage


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The city council approved the budget for the new bridge on Tuesday evening.", "en"),
        ("시의회는 화요일 저녁 새 다리 건설 예산을 승인했다.", "ko"),
        ("市議会は火曜日の夜、新しい橋の建設予算を承認した。", "ja"),
        ("市议会周二晚上批准了新桥的建设预算。", "zh"),
        ("El ayuntamiento aprobó el martes por la noche el presupuesto del nuevo puente.", "es"),
        ("Le conseil municipal a approuvé mardi soir le budget du nouveau pont.", "fr"),
        ("Der Stadtrat hat am Dienstagabend den Haushalt für die neue Brücke gebilligt.", "de"),
        # short headlines are decided by their script
        ("북한, 미사일 발사", "ko"),
        ("東京で初雪", "ja"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_kanji_without_kana_is_chinese_not_japanese() -> None:
    assert detect_language("北京市政府宣布了新的城市交通计划") == "zh"


def test_english_with_a_korean_name_stays_english() -> None:
    text = "The minister, Kim Min-jun (김민준), told reporters the talks would resume next week."
    assert detect_language(text) == "en"


def test_no_letters_is_undetermined() -> None:
    assert detect_language("") == "und"
    assert detect_language("2025-11-12 10:00 +09:00 ... 123") == "und"


def test_answers_stay_within_the_candidates() -> None:
    candidates = set(language_data().candidates)
    for text in ("Ok", "xyzzy plugh", "Lorem ipsum dolor sit amet", "Tá sé fuar inniu"):
        assert detect_language(text) in candidates


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en", "en"),
        ("en-US", "en"),
        ("en-us", "en"),
        ("ko_KR", "ko"),
        (" ES ", "es"),
        ("eng", "en"),
        ("zh-TW", "zh-Hant"),
        ("zh-CN", "zh"),
        ("pt-BR", "pt-BR"),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_declared_language(tag: object, code: str | None) -> None:
    assert declared_language(tag) == code


@pytest.mark.parametrize("tag", ["klingon", "xx-!!", "xx", 7, ["en"]])
def test_declared_language_refuses_what_is_no_language(tag: object) -> None:
    with pytest.raises(UnknownLanguage):
        declared_language(tag)


ENGLISH = "The harbour authority opened the new ferry terminal on Monday morning."


def test_a_bad_declared_tag_gives_way_to_detection_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="publisher.ingest.language"):
        assert source_language("klingon", ENGLISH, "feed.xml") == "en"
    (record,) = caplog.records
    assert "feed.xml" in record.getMessage() and "'klingon' is not a language code" in (
        record.getMessage()
    )
    assert source_language("pt-BR", ENGLISH, "x.md") == "pt-BR"  # a declared tag is believed
    assert source_language(None, ENGLISH, "x.md") == "en"
    assert source_language(None, "12:00 ... 3", "x.md") == "und"


def _markdown(language: str) -> bytes:
    return (
        f"---\nheadline: Ferry terminal opens\nlanguage: {language}\n---\n\n{ENGLISH}\n"
    ).encode()


@pytest.mark.parametrize(
    ("declared", "stored"), [("EN-us", "en"), ("zh-TW", "zh-Hant"), ("pt_BR", "pt-BR")]
)
def test_front_matter_language_is_normalized(declared: str, stored: str) -> None:
    (item,) = parse_bytes(_markdown(declared), "story.md")
    assert item.language == stored


def test_front_matter_with_a_bad_language_keeps_the_detected_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    (item,) = parse_bytes(_markdown("klingon"), "story.md")
    assert item.language == "en"
    assert "story.md" in caplog.text and "klingon" in caplog.text


def test_ninjs_and_feed_languages_are_normalized() -> None:
    ninjs = {"uri": "urn:x", "headline": "Ferry terminal opens", "body_text": ENGLISH}
    (item,) = parse_bytes(json.dumps({**ninjs, "language": "EN-GB"}).encode(), "a.json")
    assert item.language == "en"
    (item,) = parse_bytes(json.dumps({**ninjs, "language": "xx-!!"}).encode(), "b.json")
    assert item.language == "en"
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        "<language>pt-br</language><item><title>Ferry terminal opens</title>"
        f"<description>{ENGLISH}</description><guid>g1</guid></item></channel></rss>"
    )
    (item,) = parse_bytes(feed.encode(), "desk.rss")
    assert item.language == "pt-BR"


# --- short and mixed texts: a headline and two sentences in each UI language ------------------

SHORT_TEXTS = {
    "en": "Council delays vote on bus lanes. The plan drew hundreds of comments. "
    "A decision is now expected in March.",
    "de": "Stadtrat vertagt Abstimmung über Busspuren. Der Plan sorgte für viele Einwände. "
    "Eine Entscheidung wird nun im März erwartet.",
    "es": "El ayuntamiento aplaza la votación sobre los carriles bus. El plan recibió cientos "
    "de comentarios. Ahora se espera una decisión en marzo.",
    "fr": "Le conseil reporte le vote sur les voies de bus. Le projet a suscité des centaines "
    "de remarques. Une décision est attendue en mars.",
    "ja": "市議会、バス専用レーンの採決を延期。計画には数百件の意見が寄せられた。結論は三月に出る見通しだ。",
    "ko": "시의회, 버스전용차로 표결 연기. 계획에 수백 건의 의견이 접수됐다. 결정은 3월에 나올 전망이다.",
    "zh": "市议会推迟公交专用道表决。该计划收到数百条意见。预计三月作出决定。",
}
MIXED_TEXTS = [
    ("ja", "岸田首相、訪米へ。日米首脳会談で経済安保協議。"),  # one kana among kanji
    ("ja", "Apple、新型iPhoneを発表。価格は据え置き。発売は来月。"),
    ("ko", "삼성전자, 새 Galaxy 스마트폰 공개. 가격은 동결됐다. 출시는 다음 달이다."),
    ("zh", "苹果发布新款iPhone。价格不变。下月上市。"),
    ("zh", "台北市長宣布新政策。市民反應熱烈。"),
    (
        "fr",
        "Le PSG bat le Real Madrid. Kylian Mbappé marque deux buts. Le match s'est joué à Paris.",
    ),
    (
        "de",
        "Bayern München gewinnt gegen Real Madrid. Harry Kane trifft zweimal. Das Spiel fand in München statt.",
    ),
    ("es", "Real Madrid gana al Bayern. Vinícius marca dos goles. El partido se jugó en Madrid."),
]


@pytest.mark.parametrize("code", sorted(SHORT_TEXTS))
def test_short_text_in_each_ui_language(code: str) -> None:
    assert detect_language(SHORT_TEXTS[code]) == code


@pytest.mark.parametrize(("code", "text"), MIXED_TEXTS)
def test_mixed_text_with_foreign_names(code: str, text: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("code", sorted(SHORT_TEXTS))
def test_a_declaration_stands_over_a_short_text(code: str) -> None:
    other = "de" if code != "de" else "fr"
    # too short to overrule: the page's own word is kept, even when it disagrees
    assert page_language(other, SHORT_TEXTS[code]) == other
    assert page_language(code, SHORT_TEXTS[code]) == code


def test_a_long_text_that_clearly_disagrees_overrules_the_declaration() -> None:
    spanish = " ".join([SHORT_TEXTS["es"]] * 3)
    assert page_language("en", spanish) == "es"
    assert page_language("es-MX", spanish) == "es"  # agreeing: the declaration stands
    assert page_language(None, spanish) is None
    assert page_language("not a tag!", spanish) is None
