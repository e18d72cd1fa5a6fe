"""Sentence splitting per language: abbreviations, decimals, quotes, CJK and Korean endings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.text import normalize_language, split_paragraphs, split_sentences
from publisher.text.rules import load_rules

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "U.S. officials met on Nov. 12 in Geneva. Talks resume next week.",
            ["U.S. officials met on Nov. 12 in Geneva.", "Talks resume next week."],
        ),
        (
            "en",
            "Mr. Park and Dr. Lee of Acme Inc. said output rose 3.5 percent. Shares fell.",
            ["Mr. Park and Dr. Lee of Acme Inc. said output rose 3.5 percent.", "Shares fell."],
        ),
        (
            "en",
            "He now lives in the U.S. The move was announced on Friday.",
            ["He now lives in the U.S.", "The move was announced on Friday."],
        ),
        (
            "en",
            "U.S. President Lee spoke at 5 p.m. Thursday. No. 2 seed Kim won.",
            ["U.S. President Lee spoke at 5 p.m. Thursday.", "No. 2 seed Kim won."],
        ),
        (
            "en",
            '"We will not give up." she said. "The port stays open," he added.',
            ['"We will not give up." she said.', '"The port stays open," he added.'],
        ),
        (
            "en",
            "The count went on... and on. Then it stopped... The hall emptied.",
            ["The count went on... and on.", "Then it stopped...", "The hall emptied."],
        ),
        (
            "en",
            "Did it work? Yes! Yahoo! agreed, and John F. Kennedy airport reopened.",
            ["Did it work?", "Yes!", "Yahoo! agreed, and John F. Kennedy airport reopened."],
        ),
        (
            "en",
            "Visit example.com/news for v2.1 of the rules. It is free.",
            ["Visit example.com/news for v2.1 of the rules.", "It is free."],
        ),
        (
            "ko",
            '정부는 3.5% 인상을 발표했다. 그는 "좋다."라고 말했다.이어 회의가 열렸어요? 네!',
            [
                "정부는 3.5% 인상을 발표했다.",
                '그는 "좋다."라고 말했다.',
                "이어 회의가 열렸어요?",
                "네!",
            ],
        ),
        (
            "ko",
            "U.S. 정부와 Acme Inc. 관계자가 만났다. 결과는 내일 나온다.",
            ["U.S. 정부와 Acme Inc. 관계자가 만났다.", "결과는 내일 나온다."],
        ),
        (
            "ja",
            "「会議は終わった。結論は出ない。」と彼は述べた。価格は3.5ドルだ！本当か？",
            ["「会議は終わった。結論は出ない。」と彼は述べた。", "価格は3.5ドルだ！", "本当か？"],
        ),
        (
            "ja",
            "『新しい港。』が開いた。次の船は明日。",
            ["『新しい港。』が開いた。", "次の船は明日。"],
        ),
        (
            "zh",
            "他说：“我们会去。”然后离开了。价格为3.5元！为什么？",
            ["他说：“我们会去。”然后离开了。", "价格为3.5元！", "为什么？"],
        ),
        (
            "es",
            "¿Quién ganó? El Sr. García llegó a EE.UU. el lunes. La empresa S.A. cerró el núm. 5.",
            [
                "¿Quién ganó?",
                "El Sr. García llegó a EE.UU. el lunes.",
                "La empresa S.A. cerró el núm. 5.",
            ],
        ),
        (
            "fr",
            "M. Dupont est arrivé. Il a dit : « Bonjour. » Puis il est parti, etc. Le soir tombait.",
            [
                "M. Dupont est arrivé.",
                "Il a dit : « Bonjour. »",
                "Puis il est parti, etc.",
                "Le soir tombait.",
            ],
        ),
        (
            "de",
            "Am 3. Oktober kam Hr. Müller. Er brachte z.B. Brot mit usw. Die Feier war 2019. Danach nicht.",
            [
                "Am 3. Oktober kam Hr. Müller.",
                "Er brachte z.B. Brot mit usw.",
                "Die Feier war 2019.",
                "Danach nicht.",
            ],
        ),
    ],
)
def test_split_sentences(language: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, language) == expected


def test_line_breaks_end_headlines_but_not_wrapped_lines() -> None:
    text = (
        "Ferry terminal opens\nBy Desk Wire\nBusan, Nov 10 The terminal opened\n"
        "on Monday with four berths,\nTwo cranes and a quay.\n\nfinal note"
    )
    assert split_sentences(text, "en") == [
        "Ferry terminal opens",
        "By Desk Wire",
        "Busan, Nov 10 The terminal opened\non Monday with four berths,\nTwo cranes and a quay.",
        "final note",
    ]


def test_language_tags_are_normalized() -> None:
    assert normalize_language("en-US") == "en"
    assert normalize_language("zh_Hans") == "zh"
    assert split_sentences("Mr. Kim left. He came back.", "EN-gb") == [
        "Mr. Kim left.",
        "He came back.",
    ]


def test_unknown_language_uses_generic_rules() -> None:
    rules = load_rules("xx")
    assert rules.abbreviations == {}
    assert split_sentences("Ala ma kota. Kot ma Ale.", "xx") == ["Ala ma kota.", "Kot ma Ale."]


def test_empty_and_blank_text() -> None:
    assert split_sentences("", "en") == []
    assert split_sentences(" \n\n ", "ko") == []


def test_split_paragraphs_keeps_paragraph_indexes() -> None:
    paragraphs = ["First one. Second one.", "", "第三句。第四句。"]
    assert split_paragraphs(paragraphs, "zh") == [
        (0, "First one."),
        (0, "Second one."),
        (2, "第三句。"),
        (2, "第四句。"),
    ]


def test_seed_dispatch_loses_no_text() -> None:
    seed = next(SEEDS.glob("*.txt"), None)
    if seed is None:
        pytest.skip("no seed dispatch in ../shared/seeds")
    text = seed.read_text(encoding="utf-8")
    sentences = split_sentences(text, "en")
    assert _squeeze("".join(sentences)) == _squeeze(text)
    assert len(sentences) > 10
    assert all(sentence == sentence.strip() and sentence for sentence in sentences)


_ALPHABET = st.sampled_from(list("ab Z.?!。！」「\"'3\n…다 ") + ["U.S.", "Mr.", " No. 2"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_ALPHABET, max_size=60).map("".join),
    st.sampled_from(["en", "ko", "ja", "zh", "de", "fr", "es", "xx"]),
)
def test_no_text_lost_and_deterministic(text: str, language: str) -> None:
    sentences = split_sentences(text, language)
    assert _squeeze("".join(sentences)) == _squeeze(text)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)
    assert split_sentences(text, language) == sentences
