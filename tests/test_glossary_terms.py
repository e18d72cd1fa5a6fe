"""Glossary terms: matching, Korean particles, placeholders around the engine, the checker."""

from __future__ import annotations

import pytest

from publisher.glossary.check import ProblemKind, term_problems
from publisher.glossary.korean import Final, final_sound, fix_particle
from publisher.glossary.matching import find_terms, occurrences
from publisher.glossary.model import GlossaryError, TermKind, make_term, parse_pair
from publisher.glossary.protect import protect, restore

LEE = make_term("Lee Jae Myung", "이재명", TermKind.FORCED)
UN = make_term("UN", "유엔", TermKind.FORCED)
COMMITTEE = make_term("UN Third Committee", "유엔 총회 제3위원회", TermKind.FORCED)
SEOUL = make_term("Seoul", "서울", TermKind.FORCED)
IPHONE = make_term("iPhone", None, TermKind.DNT, case_sensitive=False)
BACKING_BAD = make_term("backing", "recular", TermKind.FORBIDDEN)
BACKING = make_term("backing", "respaldo", TermKind.FORCED)


# -- terms and pairs -----------------------------------------------------------------------


def test_make_term_folds_whitespace_and_refuses_what_is_not_a_term() -> None:
    assert make_term("  Lee \n Jae  Myung ", " 이재명 ", TermKind.FORCED).source == "Lee Jae Myung"
    assert make_term("NATO", "", TermKind.DNT).target == "NATO"
    with pytest.raises(GlossaryError, match="needs a rendering"):
        make_term("UN", "", TermKind.FORCED)
    with pytest.raises(GlossaryError, match="no rendering of its own"):
        make_term("UN", "유엔", TermKind.DNT)
    with pytest.raises(GlossaryError, match="control or invisible"):
        make_term("U\u200bN", "유엔", TermKind.FORCED)
    with pytest.raises(GlossaryError, match="over 300"):
        make_term("x" * 301, "y", TermKind.FORCED)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("en-ko", "en-ko"),
        ("EN:ko", "en-ko"),
        ("zh-Hant-en", "zh-Hant-en"),
        ("pt-BR-es", "pt-BR-es"),
    ],
)
def test_pairs_parse_with_their_codes_checked(text: str, pair: str) -> None:
    assert str(parse_pair(text)) == pair


@pytest.mark.parametrize("text", ["en", "en-xx", "ko-ko", "klingon-en", ""])
def test_bad_pairs_are_refused(text: str) -> None:
    with pytest.raises(GlossaryError):
        parse_pair(text)


# -- matching ------------------------------------------------------------------------------


def test_whole_words_only_and_possessives_match() -> None:
    lee = make_term("Lee", "이", TermKind.FORCED)
    assert occurrences("Lee's plan", "Lee") == [(0, 3)]
    assert occurrences("Lee\u2019s plan", "Lee") == [(0, 3)]
    assert occurrences("Leeds United and Kim Lee-won", "Lee") == [(21, 24)]
    assert find_terms("Leeds and Ashlee", [lee]) == []


def test_case_sensitivity_is_per_term() -> None:
    assert occurrences("the un said", "UN") == []
    assert [m.term for m in find_terms("my IPHONE and iphone", [IPHONE])] == [IPHONE, IPHONE]


def test_longest_match_wins_over_overlapping_terms() -> None:
    matches = find_terms("The UN Third Committee met; the UN agreed.", [UN, COMMITTEE])
    assert [(m.term.source, m.start) for m in matches] == [
        ("UN Third Committee", 4),
        ("UN", 32),
    ]


def test_terms_inside_quotes_and_across_line_breaks_match() -> None:
    matches = find_terms('He said "Lee Jae\nMyung" would go.', [LEE])
    assert [(m.start, m.end) for m in matches] == [(9, 22)]


def test_a_hangul_term_matches_before_its_particles_not_inside_a_longer_word() -> None:
    assert occurrences("서울은 춥다", "서울") == [(0, 2)]
    assert occurrences("서울로 갔다", "서울") == [(0, 2)]
    assert occurrences("서울시는 밝혔다", "서울") == []


# -- Korean particles ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "final"),
    [
        ("이재명", Final.CONSONANT),
        ("부산", Final.CONSONANT),
        ("서울", Final.RIEUL),
        ("오바마", Final.VOWEL),
        ("유엔 총회 제3위원회", Final.VOWEL),
        ("UN", Final.CONSONANT),  # 유엔
        ("BTS", Final.VOWEL),  # 비티에스
        ("G7", Final.RIEUL),  # 지칠
        ('"이재명"', Final.CONSONANT),
        ("…", None),
    ],
)
def test_final_sound(word: str, final: Final | None) -> None:
    assert final_sound(word) is final


@pytest.mark.parametrize(
    ("word", "engine", "fixed"),
    [
        ("이재명", "는 말했다", "은 말했다"),
        ("이재명", "가 말했다", "이 말했다"),
        ("이재명", "를 만났다", "을 만났다"),
        ("이재명", "와 만났다", "과 만났다"),
        ("이재명", "로 갔다", "으로 갔다"),
        ("오바마", "은 말했다", "는 말했다"),
        ("오바마", "이 말했다", "가 말했다"),
        ("오바마", "을 만났다", "를 만났다"),
        ("오바마", "과 만났다", "와 만났다"),
        ("오바마", "으로 갔다", "로 갔다"),
        ("서울", "으로 갔다", "로 갔다"),  # ㄹ takes 로
        ("서울", "는 춥다", "은 춥다"),  # but 은 like any consonant
        ("부산", "로 갔다", "으로 갔다"),
        ("서울", "으로는 춥다", "로는 춥다"),  # a particle may follow the particle
        ("이재명", "의 계획", "의 계획"),  # 의 does not alternate
        ("오바마", "이었다", "이었다"),  # the copula is not the subject particle
        ("이재명", " 는", " 는"),  # only a particle glued to the word is one
        ("이재명", '"는 말했다', '"은 말했다'),  # after the closing quote of a quoted name
    ],
)
def test_fix_particle(word: str, engine: str, fixed: str) -> None:
    assert fix_particle(word, word + engine, len(word)) == word + fixed


# -- placeholders --------------------------------------------------------------------------


def test_protect_replaces_protected_terms_and_restore_renders_them() -> None:
    protected = protect("Lee Jae Myung met the UN Third Committee.", [LEE, UN, COMMITTEE], "es")
    assert protected.text == "ZXQ1 met the ZXQ2."
    assert restore("ZXQ1 se reunió con el ZXQ2.", protected, "es") == (
        "이재명 se reunió con el 유엔 총회 제3위원회."
    )


def test_forbidden_terms_are_not_protected() -> None:
    assert not protect("They are backing the plan.", [BACKING_BAD], "es").changed


def test_korean_particles_after_a_rendering_are_rechosen() -> None:
    protected = protect("Lee Jae Myung met Obama in Seoul.", [LEE, SEOUL, _obama()], "ko")
    assert protected.text == "ZXQ1 met ZXQ2 in ZXQ3."
    # the engine glued particles chosen for the placeholders' sounds
    assert restore("ZXQ1는 ZXQ3으로 가서 ZXQ2을 만났다.", protected, "ko") == (
        "이재명은 서울로 가서 오바마를 만났다."
    )


def _obama() -> object:
    return make_term("Obama", "오바마", TermKind.FORCED)


def test_possessive_goes_with_the_rendering_in_korean() -> None:
    protected = protect("Lee Jae Myung's plan and Jones' bill.", [LEE], "ko")
    assert protected.text == "ZXQ1 plan and Jones' bill."
    assert restore("ZXQ1 계획", protected, "ko") == "이재명의 계획"
    # a language without a possessive suffix leaves the 's to the engine
    assert protect("Lee Jae Myung's plan.", [LEE], "es").text == "ZXQ1's plan."


def test_dnt_keeps_the_source_spelling_and_quotes_stay() -> None:
    protected = protect('She called it "IPHONE" twice.', [IPHONE], "ko")
    assert protected.text == 'She called it "ZXQ1" twice.'
    assert restore('그녀는 "ZXQ1"라고 두 번 불렀다.', protected, "ko") == (
        '그녀는 "IPHONE"라고 두 번 불렀다.'
    )


@pytest.mark.parametrize(
    "mangled",
    ["ZXQ1 se reunió.", "se reunió con el ZXQ2.", "ZXQ1 ZXQ1 y ZXQ2.", "ZXQ1 y ZXQ3."],
)
def test_restore_refuses_lost_duplicated_or_invented_placeholders(mangled: str) -> None:
    protected = protect("Lee Jae Myung met the UN.", [LEE, UN], "es")
    assert restore(mangled, protected, "es") is None


def test_restore_accepts_what_engines_do_harmlessly() -> None:
    protected = protect("Lee Jae Myung met the UN.", [LEE, UN], "es")
    assert restore("zxq1 se reunió con la ZXQ 2.", protected, "es") == (
        "이재명 se reunió con la 유엔."
    )


def test_a_source_holding_the_placeholder_prefix_gets_another() -> None:
    protected = protect("ZXQ7 is a code; Lee Jae Myung spoke.", [LEE], "es")
    assert protected.prefix != "ZXQ" and protected.text.startswith("ZXQ7 is a code; ")
    assert restore(protected.text, protected, "es") == "ZXQ7 is a code; 이재명 spoke."


# -- the checker ---------------------------------------------------------------------------


def test_forced_rendering_missing_is_a_problem_and_particles_are_accepted() -> None:
    terms = [LEE, UN]
    assert term_problems("Lee Jae Myung met the UN.", "이재명은 유엔과 만났다.", terms, "ko") == []
    assert term_problems("Lee Jae Myung spoke.", "이재명으로서는 말했다.", terms, "ko") == []
    (problem,) = term_problems("Lee Jae Myung spoke.", "이 대표가 말했다.", terms, "ko")
    assert problem.kind is ProblemKind.FORCED_MISSING and problem.term == LEE


def test_a_rendering_inside_a_longer_word_does_not_count() -> None:
    seoul = make_term("Seoul City", "서울", TermKind.FORCED)
    (problem,) = term_problems("Seoul City said.", "서울시는 밝혔다.", [seoul], "ko")
    assert problem.kind is ProblemKind.FORCED_MISSING


def test_forbidden_rendering_present_is_a_problem() -> None:
    (problem,) = term_problems("They are backing it.", "Están recular.", [BACKING_BAD], "es")
    assert problem.kind is ProblemKind.FORBIDDEN_PRESENT
    terms = [BACKING, BACKING_BAD]
    kinds = [p.kind for p in term_problems("They are backing it.", "Están recular.", terms, "es")]
    assert kinds == [ProblemKind.FORCED_MISSING, ProblemKind.FORBIDDEN_PRESENT]
    # a forbidden word inside a longer one is not the forbidden rendering
    assert term_problems("They are backing it.", "Están reculares.", [BACKING_BAD], "es") == []
    assert term_problems("They are backing it.", "Están respaldo.", terms, "es") == []


def test_dnt_altered_is_a_problem_and_case_follows_the_term() -> None:
    assert term_problems("My iPhone broke.", "내 iphone이 고장났다.", [IPHONE], "ko") == []
    (problem,) = term_problems("My iPhone broke.", "내 아이폰이 고장났다.", [IPHONE], "ko")
    assert problem.kind is ProblemKind.DNT_ALTERED
    nato = make_term("NATO", None, TermKind.DNT)
    assert term_problems("NATO met.", "La nato se reunió.", [nato], "es")[0].term == nato


def test_only_terms_in_the_source_are_checked_and_longest_wins() -> None:
    assert term_problems("Nothing here.", "아무것도 없다.", [LEE, UN], "ko") == []
    # UN inside UN Third Committee is the committee, not a separate term to render 유엔
    source = "The UN Third Committee met."
    assert term_problems(source, "유엔 총회 제3위원회가 열렸다.", [UN, COMMITTEE], "ko") == []
    (problem,) = term_problems(source, "유엔이 열렸다.", [UN, COMMITTEE], "ko")
    assert problem.term == COMMITTEE
