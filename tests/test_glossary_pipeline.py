"""Glossaries applied in the real translation path: terms protected before the engine,
renderings after it, Korean particles re-chosen, mangled placeholders caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from publisher.core import Desk
from publisher.db import Translation
from publisher.glossary import store as glossaries
from publisher.glossary.check import ProblemKind, term_problems
from publisher.glossary.model import TermKind, make_term, parse_pair
from publisher.settings import load_settings
from tests.builders import make_dispatch
from tests.conftest import need_apertium
from tests.doubles import ScriptedTranslator

SENTENCES = (
    "Lee Jae Myung met the UN Third Committee on Monday.",
    "The talks lasted an hour.",
    'Officials in Leeds said "Port Elwin" was backing the plan.',
)
TERMS = [
    make_term("Lee Jae Myung", "이재명", TermKind.FORCED),
    make_term("UN", "유엔", TermKind.FORCED),
    make_term("UN Third Committee", "유엔 총회 제3위원회", TermKind.FORCED),
    make_term("Port Elwin", None, TermKind.DNT),
    make_term("Lee", "이", TermKind.FORCED),
]


def desk_with(instance: Path, engine: object, languages: str) -> Desk:
    settings = load_settings({"instance": str(instance), "languages": languages})
    return Desk(settings, engines={"engine": engine})  # type: ignore[dict-item]


def add_glossary(desk: Desk, pair: str, terms: list[object]) -> None:
    with desk.store.session() as session:
        glossaries.add_terms(session, parse_pair(pair), terms)  # type: ignore[arg-type]


def stored(desk: Desk) -> Translation:
    with desk.store.session() as session:
        return session.scalars(select(Translation)).one()


def dispatch(desk: Desk) -> int:
    return make_dispatch(
        desk.store,
        headline="Lee Jae Myung meets UN committee",
        sentences=SENTENCES,
        summary_indexes=(0, 1, 2),
        translations={},
        publish_original=False,
    )


def test_forced_and_dnt_terms_reach_the_target_with_korean_particles(instance: Path) -> None:
    engine = ScriptedTranslator(
        {
            "ZXQ1 met the ZXQ2 on Monday.": "ZXQ1는 월요일 ZXQ2와 만났다.",
            'Officials in Leeds said "ZXQ1" was backing the plan.': '리즈 관계자들은 "ZXQ1"가 계획을 지지한다고 말했다.',
        },
        pairs={("en", "ko")},
    )
    desk = desk_with(instance, engine, "ko")
    add_glossary(desk, "en-ko", TERMS)
    report = desk.translate(["ko"], [dispatch(desk)])
    row = stored(desk)
    assert row.status == "done"
    assert row.sentences[0] == "이재명은 월요일 유엔 총회 제3위원회와 만났다."
    # the DNT term is kept in its quotes; Leeds is not Lee
    assert row.sentences[2] == '리즈 관계자들은 "Port Elwin"이 계획을 지지한다고 말했다.'
    sent = [s for batch, _source, _target in engine.calls for s in batch]
    assert not any("Lee Jae Myung" in s or "Port Elwin" in s for s in sent)
    (origins,) = report.origins.values()
    assert origins.unprotected == [] and origins.glossary_version == 1
    for source, target in zip(SENTENCES, row.sentences, strict=True):
        assert term_problems(source, target, TERMS, "ko") == []


@pytest.mark.parametrize("mangle", ["drop", "alter", "duplicate"])
def test_an_engine_that_mangles_placeholders_is_retried_without_them_and_flagged(
    instance: Path, mangle: str
) -> None:
    engine = ScriptedTranslator(pairs={("en", "ko")}, mangle=mangle)
    desk = desk_with(instance, engine, "ko")
    add_glossary(desk, "en-ko", TERMS)
    report = desk.translate(["ko"], [dispatch(desk)])
    row = stored(desk)
    assert row.status == "done"
    # translated again from the original sentence, not from a text with holes in it
    assert row.sentences[0] == f"[ko] {SENTENCES[0]}"
    assert row.sentences[1] == f"[ko] {SENTENCES[1]}"
    (origins,) = report.origins.values()
    assert origins.unprotected == [0, 2] and origins.headline_unprotected
    # and the checker sees the glossary was not followed
    problems = term_problems(SENTENCES[0], row.sentences[0], TERMS, "ko")
    assert [p.kind for p in problems] == [ProblemKind.FORCED_MISSING, ProblemKind.FORCED_MISSING]


def test_without_a_glossary_nothing_changes(instance: Path) -> None:
    engine = ScriptedTranslator(pairs={("en", "ko")})
    desk = desk_with(instance, engine, "ko")
    add_glossary(desk, "en-ja", TERMS)  # another pair's glossary does not apply
    desk.translate(["ko"], [dispatch(desk)])
    assert stored(desk).sentences[0] == f"[ko] {SENTENCES[0]}"


def test_real_apertium_keeps_the_placeholders_and_the_glossary_wins(desk: Desk) -> None:
    need_apertium("eng-spa")
    terms = [
        make_term("UN Third Committee", "Tercera Comisión de la ONU", TermKind.FORCED),
        make_term("Port Elwin", None, TermKind.DNT),
        make_term("backing", "reculaba", TermKind.FORBIDDEN),
    ]
    add_glossary(desk, "en-es", terms)
    desk.translate(["es"], [dispatch(desk)])
    row = stored(desk)
    assert row.engine == "apertium"
    assert "Tercera Comisión de la ONU" in row.sentences[0]
    assert '"Port Elwin"' in row.sentences[2]
    # Apertium's own choice for "backing" is what the glossary forbids: the checker says so
    problems = term_problems(SENTENCES[2], row.sentences[2], terms, "es")
    assert [p.kind for p in problems] == [ProblemKind.FORBIDDEN_PRESENT]
    assert term_problems(SENTENCES[0], row.sentences[0], terms, "es") == []


def test_placeholders_survive_a_pivot_through_english(instance: Path) -> None:
    engine = ScriptedTranslator(pairs={("qab", "en"), ("en", "qaa")})
    desk = desk_with(instance, engine, "qaa")
    add_glossary(desk, "qab-qaa", [make_term("Lee Jae Myung", "LJM", TermKind.FORCED)])
    make_dispatch(
        desk.store,
        language="qab",
        headline="Lee Jae Myung speaks",
        sentences=("Lee Jae Myung spoke on Monday.",),
        summary_indexes=(0,),
        translations={},
        publish_original=False,
    )
    report = desk.translate(["qaa"])
    row = stored(desk)
    assert row.engine == "engine+engine"
    assert row.sentences == ["[qaa] [en] LJM spoke on Monday."]
    assert [origins.unprotected for origins in report.origins.values()] == [[]]
