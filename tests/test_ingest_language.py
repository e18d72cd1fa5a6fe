"""Offline language detection and source language tags."""

from __future__ import annotations

import pytest

from publisher.ingest import detect_language
from publisher.ingest.language import language_data, normalize_language


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
        ("ko_KR", "ko"),
        (" ES ", "es"),
        ("eng", None),
        ("", None),
        (None, None),
        (7, None),
    ],
)
def test_normalize_language(tag: object, code: str | None) -> None:
    assert normalize_language(tag) == code
