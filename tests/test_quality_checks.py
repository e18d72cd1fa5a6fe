"""Each quality check on its hard cases: the false alarms it must not raise, the faults it must
find. Pairs are written here; the development set is scored in test_quality_eval.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from publisher.quality.base import Context, Pair, Segment, Severity, Version, fingerprint
from publisher.quality.checks.confidence import ConfidenceCheck
from publisher.quality.checks.length import LengthCheck, SentenceCountCheck
from publisher.quality.checks.numbers import NumbersCheck
from publisher.quality.checks.output import EmptyCheck, IdenticalCheck, RepetitionCheck
from publisher.quality.checks.script import ScriptCheck
from publisher.quality.checks.terminology import TerminologyCheck
from publisher.quality.numbers import extract_numbers, literal_values
from publisher.quality.registry import BY_ID, CHECKS, check_pair, source_problems

NO_CONTEXT = Context()


def flags(check_id: str, source: str, target: str, pair: str = "en-ko") -> list[str]:
    source_language, target_language = pair.split("-")
    found = BY_ID[check_id].check(
        Pair(source, target, source_language, target_language), NO_CONTEXT
    )
    return [flag.message for flag in found]


@pytest.mark.parametrize(
    ("pair", "source", "target"),
    [
        ("en-ko", "About 3.5 million people came.", "약 350만 명이 왔다."),
        ("en-ja", "About 3.5 million people came.", "約350万人が来た。"),
        ("en-zh", "About 3.5 million people came.", "约350万人来了。"),
        ("en-es", "About 3.5 million people came.", "Vinieron unos 3,5 millones de personas."),
        ("en-es", "The plant employs 1,200 workers.", "La planta emplea a 1.200 trabajadores."),
        ("en-es", "The plant employs 1,200 workers.", "La planta emplea a 1,200 trabajadores."),
        ("en-ko", "Prices rose 2.5% in a year.", "물가는 1년 새 2.5% 올랐다."),
        ("en-ko", "The talks open on Nov 12.", "회담은 11월 12일 열린다."),
        ("en-ja", "The talks open on Nov. 12.", "会談は11月12日に始まる。"),
        (
            "en-es",
            "The talks open on Nov. 12, 2026.",
            "Las conversaciones empiezan el 12 de noviembre de 2026.",
        ),
        ("en-ko", "The fund holds 350 million won.", "기금은 3억 5000만 원을 보유하고 있다."),
        ("en-ko", "Sales reached 1.2 trillion won.", "매출은 1조 2000억 원에 달했다."),
        ("en-ko", "They will hire 1,500 people.", "1천500명을 채용한다."),
        ("en-zh", "Profit rose to 9.18 trillion won.", "利润增至9.18万亿韩元。"),
        (
            "en-es",
            "Profit rose to 9.18 trillion won.",
            "El beneficio subió a 9,18 billones de wones.",
        ),
        ("en-es", "They spend 1.2 billion dollars.", "Gastan 1.200 millones de dólares."),
        ("en-ko", "The meeting starts at 15:00.", "회의는 오후 3시에 시작한다."),
        ("en-es", "He was arrested at 3:30 p.m.", "Fue detenido a las 15:30."),
        ("en-ko", "Output fell in the third quarter.", "3분기 생산이 줄었다."),
        ("en-ko", "Unemployment fell in October.", "10월 실업률이 떨어졌다."),
        ("en-ko", "The two leaders met.", "두 정상이 만났다."),
        ("en-ja", "The two leaders met.", "両首脳が会談した。"),
        ("en-ko", "Twelve people were hurt.", "12명이 다쳤다."),
        ("en-ko", "Gasoline costs 1,750 won a liter.", "휘발유는 1ℓ에 1천750원이다."),
        ("en-ko", "Protesters may march again.", "시위대가 다시 행진할 수도 있다."),
        ("en-ja", "The index rose to １２.５%.", "指数は12.5％に上昇した。"),
    ],
)
def test_numbers_written_differently_are_no_false_alarm(
    pair: str, source: str, target: str
) -> None:
    assert flags("numbers", source, target, pair) == []


@pytest.mark.parametrize(
    ("pair", "source", "target", "missing", "extra"),
    [
        ("en-ko", "About 3.5 million people came.", "약 35만 명이 왔다.", "3.5 million", "35만"),
        (
            "en-es",
            "The plant employs 1,200 workers.",
            "La planta emplea a 1.300 trabajadores.",
            "1,200",
            "1.300",
        ),
        ("en-ko", "The talks open on Nov 12.", "회담은 12월 12일 열린다.", "Nov", "12"),
        (
            "en-es",
            "The talks open on Nov. 12.",
            "Las conversaciones empiezan el 12 de octubre.",
            "Nov.",
            "octubre",
        ),
        ("en-ko", "Prices rose 2.5% in a year.", "물가는 1년 새 올랐다.", "2.5", ""),
        ("en-ko", "Output fell in the third quarter.", "분기 생산이 줄었다.", "third", ""),
        ("en-zh", "Sales rose 12%.", "销售额增长了12%，达到5亿。", "", "5亿"),
    ],
)
def test_numbers_missing_or_changed_are_flagged_both_ways(
    pair: str, source: str, target: str, missing: str, extra: str
) -> None:
    (message,) = flags("numbers", source, target, pair)
    if missing:
        assert f"not in the translation: {missing}" in message
    if extra:
        assert f"not in the source: {extra}" in message


def test_number_values_of_separators_and_units() -> None:
    assert literal_values("1,200") == literal_values("1.200") == {Decimal(1200), Decimal("1.2")}
    assert literal_values("3,5") == {Decimal("3.5")}
    assert literal_values("1.234.567") == {1234567}
    assert literal_values("1,234.5") == literal_values("1.234,5")
    (fund,) = extract_numbers("3억 5000만 원", "ko")
    assert fund.values == {350_000_000}
    assert [n.values for n in extract_numbers("May 3", "en")] == [{5}, {3}]
    # a modal "may" is no month; "in November" is one
    assert extract_numbers("Prices may rise", "en")[0].required is False
    assert extract_numbers("in November", "en")[0].required is True


def test_empty_output_says_only_that() -> None:
    found = check_pair(Pair("The storm left 27 people dead.", " 。", "en", "ko"), NO_CONTEXT)
    assert [flag.check_id for flag in found] == ["empty"]
    assert found[0].severity is Severity.ERROR
    assert flags("empty", "", "", "en-ko") == []


def test_identical_output_is_untranslated_but_a_name_may_stay() -> None:
    source = "The storm left 27 people dead."
    found = check_pair(Pair(source, source, "en", "ko"), NO_CONTEXT)
    assert [flag.check_id for flag in found] == ["identical"]
    assert flags("identical", "BTS", "BTS") == []
    assert flags("identical", "Samsung Electronics", "Samsung Electronics", "en-es") == []
    assert flags("identical", source, "the storm left 27 people dead", "en-es")


def test_repetition_loops_and_what_is_no_loop() -> None:
    loop = "정부는 " + "정부는 " * 20 + "발표했다."
    assert "repeated" in flags("repetition", "The government announced it.", loop)[0]
    assert flags("repetition", "x", "主催者によると" + "主催" * 12, "en-ja")
    phrase = "La ciudad de Seúl " * 6
    assert flags("repetition", "Seoul is big.", phrase, "en-es")
    assert flags("repetition", "It was very, very cold.", "Hacía mucho, mucho frío.", "en-es") == []
    assert flags("repetition", "Sales hit 1,000,000.", "매출은 1000000원이었다.") == []
    # a source that repeats itself may be translated as it is
    chant = "Go! Go! Go! Go! Go!"
    assert flags("repetition", chant, "¡Vamos! ¡Vamos! ¡Vamos! ¡Vamos! ¡Vamos!", "en-es") == []


@pytest.mark.parametrize(
    ("pair", "target", "flagged"),
    [
        ("en-ko", "한국은행은 11월 12일 기준금리를 3.5%로 인상했다.", False),
        ("en-ko", "BTS는 Samsung Electronics 본사에서 공연했다.", False),
        ("en-ko", "The central bank raised rates to 3.5% today.", True),
        ("en-ko", "中央銀行は11月12日、政策金利を引き上げた。", True),
        ("en-ja", "中央銀行は11月12日、政策金利を引き上げた。", False),
        ("en-ja", "中央银行于11月12日将基准利率上调至3.5%。", True),
        ("en-zh", "中央银行于11月12日将基准利率上调至3.5%。", False),
        ("en-zh", "中央銀行は11月12日、政策金利を引き上げた。", True),
        ("en-es", "El banco central subió los tipos de interés al 3,5 % hoy.", False),
        ("en-es", "The central bank raised its interest rates to 3.5% today.", True),
        ("en-es", "Hola", False),  # too short to identify
    ],
)
def test_script_and_language_of_the_output(pair: str, target: str, flagged: bool) -> None:
    source = "The central bank raised its interest rates to 3.5% today."
    assert bool(flags("script", source, target, pair)) is flagged


def test_length_outliers_by_pair() -> None:
    source = "The new subway line, 38.5 kilometers long, will open on Dec. 20."
    assert flags("length", source, "총연장 38.5㎞의 새 지하철 노선은 12월 20일 개통한다.") == []
    assert "cut short" in flags("length", source, "총연장 38.5㎞의")[0]
    assert "added text" in flags("length", source, "총연장 38.5㎞의 새 지하철 노선은 " * 5)[0]
    assert flags("length", "Short headline", "짧") == []  # short sources vary too much


def test_sentence_count_per_pair_and_per_version() -> None:
    source = "The storm left 27 people dead."
    assert flags("sentence_count", source, "폭풍으로 27명이 숨졌다. 피해가 컸다.")
    assert flags("sentence_count", source, "폭풍으로 27명이 숨졌다.") == []
    check = SentenceCountCheck()
    version = Version(["One.", "Two."], ["하나."], "en", "ko")
    (flag,) = check.check_version(version, NO_CONTEXT)
    assert flag.pair.segment is Segment.VERSION and "1 translated sentences for 2" in flag.message
    assert check.check_version(Version(["One."], ["하나."], "en", "ko"), NO_CONTEXT) == []


def test_low_confidence_only_where_a_score_is_given() -> None:
    check = ConfidenceCheck()
    assert check.check(Pair("a b", "가 나", "en", "ko"), NO_CONTEXT) == []
    assert check.check(Pair("a b", "가 나", "en", "ko", score=-0.4), NO_CONTEXT) == []
    (flag,) = check.check(Pair("a b", "가 나", "en", "ko", score=-3.2), NO_CONTEXT)
    assert "-3.20" in flag.message


def test_terminology_calls_the_context_term_checker() -> None:
    def glossary(source: str, target: str) -> list[str]:
        if "Lee Jae Myung" in source and "이재명" not in target:
            return ["Lee Jae Myung must be 이재명"]
        return []

    check = TerminologyCheck()
    context = Context(term_checker=glossary, glossary_version="g1")
    bad = Pair(
        "Lee Jae Myung spoke.", "이재명 씨가 말했다.".replace("이재명", "리재명"), "en", "ko"
    )
    (flag,) = check.check(bad, context)
    assert flag.message == "Lee Jae Myung must be 이재명" and flag.issue_type.value == "terminology"
    assert check.check(Pair("Lee Jae Myung spoke.", "이재명이 말했다.", "en", "ko"), context) == []
    assert check.check(bad, NO_CONTEXT) == []  # no glossary, no terminology flags
    # a new glossary version gives another fingerprint: an old dismissal no longer applies
    (again,) = check.check(bad, Context(term_checker=glossary, glossary_version="g2"))
    assert again.fingerprint != flag.fingerprint


def test_fingerprint_follows_source_target_and_glossary() -> None:
    pair = Pair("Two.", "둘.", "en", "ko")
    same = fingerprint("numbers", pair, "g")
    assert same == fingerprint("numbers", Pair("Two.", "둘.", "en", "ko"), "g")
    assert same != fingerprint("numbers", Pair("Two.", "둘!", "en", "ko"), "g")
    assert same != fingerprint("numbers", Pair("Two!", "둘.", "en", "ko"), "g")
    assert same != fingerprint("numbers", pair, "h")


def test_registry_lists_each_check_once_with_its_its_type() -> None:
    ids = [check.check_id for check in CHECKS]
    assert len(ids) == len(set(ids))
    assert {check.issue_type.value for check in CHECKS} <= {
        "mistranslation",
        "omission",
        "untranslated",
        "terminology",
        "numbers",
        "duplication",
        "length",
    }
    assert isinstance(BY_ID["length"], LengthCheck) and isinstance(BY_ID["numbers"], NumbersCheck)
    assert isinstance(BY_ID["empty"], EmptyCheck) and isinstance(BY_ID["identical"], IdenticalCheck)
    assert isinstance(BY_ID["repetition"], RepetitionCheck) and isinstance(
        BY_ID["script"], ScriptCheck
    )


def test_a_check_failing_in_every_language_is_the_source() -> None:
    def numbers_flag(language: str, index: int) -> object:
        pair = Pair("It costs 5.", "x", "en", language, Segment.SENTENCE, index)
        return BY_ID["numbers"].flag(pair, NO_CONTEXT, "differs")

    both = {"ko": [numbers_flag("ko", 2), numbers_flag("ko", 3)], "ja": [numbers_flag("ja", 2)]}
    assert source_problems(both) == [("numbers", "sentence", 2)]  # type: ignore[arg-type]
    assert source_problems({"ko": [numbers_flag("ko", 2)]}) == []  # type: ignore[dict-item]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "target",
    [
        "정부는 " * 5000,
        "1:11 " * 4000,
        "1.200 " * 3000,
        "Nov 3 " * 3000,
        "主催" * 10000,
    ],
)
def test_hostile_sentences_of_the_longest_kind_are_checked_in_bounded_time(target: str) -> None:
    source = "Nov 1 1.2 " * 2000
    found = {flag.check_id for flag in check_pair(Pair(source, target, "en", "ko"), NO_CONTEXT)}
    assert found  # each of these is wrong in some way; what matters is that it ends
