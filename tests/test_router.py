"""Engine choice, pivots and batching in TranslationRouter, with recording test doubles."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from publisher.errors import TranslationUnavailable
from publisher.languages import UnknownLanguage
from publisher.translate.base import Translator
from publisher.translate.router import Route, Step, TranslationRouter
from tests.doubles import RecordingTranslator


def make_router(
    argos: Iterable[str] = ("en-es", "es-en", "en-ko", "ko-en"),
    apertium: Iterable[str] = ("en-es", "en-ca", "ca-en"),
    overrides: dict[tuple[str, str], str] | None = None,
) -> tuple[TranslationRouter, RecordingTranslator, RecordingTranslator]:
    argos_double = RecordingTranslator("argos", argos)
    apertium_double = RecordingTranslator("apertium", apertium)
    engines: dict[str, Translator] = {"apertium": apertium_double, "argos": argos_double}
    return TranslationRouter(engines, overrides), argos_double, apertium_double


def test_doubles_satisfy_the_protocol() -> None:
    assert isinstance(RecordingTranslator("x", []), Translator)


def test_argos_wins_when_both_engines_have_the_pair() -> None:
    router, _, _ = make_router()
    route = router.route("en", "es")
    assert route.steps == (Step("argos", "en", "es", "argos-en-es 1"),)
    assert route.engine_label == "argos"
    assert route.model_version == "argos-en-es 1"


def test_apertium_serves_pairs_argos_lacks() -> None:
    router, _, _ = make_router()
    assert router.route("en", "ca").engine_label == "apertium"


def test_override_wins_over_preference() -> None:
    router, argos, apertium = make_router(overrides={("en", "es"): "apertium"})
    result = router.translate(["Hello."], "en", "es")
    assert result.engine == "apertium"
    assert result.texts == ["[es] Hello."]
    assert argos.calls == [] and len(apertium.calls) == 1


def test_override_to_an_engine_without_the_pair_is_unavailable() -> None:
    router, _, _ = make_router(overrides={("en", "ko"): "apertium"})
    with pytest.raises(TranslationUnavailable, match="no en→ko model installed for apertium"):
        router.route("en", "ko")


def test_override_is_not_bypassed_by_a_pivot() -> None:
    router, _, _ = make_router(overrides={("es", "ca"): "apertium"})
    with pytest.raises(TranslationUnavailable, match="apertium"):
        router.route("es", "ca")


def test_override_to_an_unknown_engine_is_unavailable() -> None:
    router, _, _ = make_router(overrides={("en", "es"): "deepl"})
    with pytest.raises(TranslationUnavailable, match="'deepl'"):
        router.route("en", "es")


def test_pivot_through_english_chooses_each_leg() -> None:
    router, argos, apertium = make_router()
    route = router.route("es", "ca")
    assert route.steps == (
        Step("argos", "es", "en", "argos-es-en 1"),
        Step("apertium", "en", "ca", "apertium-en-ca 1"),
    )
    assert route.is_pivot
    assert route.engine_label == "argos+apertium"
    assert route.model_version == "argos-es-en 1 + apertium-en-ca 1"
    result = router.translate(["Hola.", "Adiós."], "es", "ca")
    assert result.texts == ["[ca] [en] Hola.", "[ca] [en] Adiós."]
    assert argos.calls == [(["Hola.", "Adiós."], "es", "en")]
    assert apertium.calls == [(["[en] Hola.", "[en] Adiós."], "en", "ca")]


def test_pivot_legs_follow_overrides() -> None:
    router, _, _ = make_router(
        apertium=("en-es", "es-en", "en-ca"), overrides={("es", "en"): "apertium"}
    )
    assert router.route("es", "ca").engine_label == "apertium+apertium"


def test_no_route_names_the_missing_model() -> None:
    router, _, _ = make_router()
    with pytest.raises(TranslationUnavailable) as caught:
        router.route("ja", "ko")
    assert caught.value.reason.startswith("no ja→ko model installed")
    assert "no ja→en model installed" in caught.value.reason
    assert (caught.value.source_lang, caught.value.target_lang) == ("ja", "ko")


def test_no_route_from_english_is_not_pivoted() -> None:
    router, _, _ = make_router(argos=(), apertium=("es-en",))
    with pytest.raises(TranslationUnavailable, match="^no en→ko model installed$"):
        router.route("en", "ko")


def test_same_language_is_identity() -> None:
    router, argos, apertium = make_router()
    result = router.translate(["Hello."], "en", "en")
    assert result.route == Route(())
    assert result.engine == "identity" and result.model_version == ""
    assert result.texts == ["Hello."]
    assert argos.calls == [] and apertium.calls == []


def test_available_pairs_include_direct_and_pivot_routes() -> None:
    router, _, _ = make_router()
    routes = router.available_pairs()
    assert routes[("en", "es")].engine_label == "argos"
    assert routes[("ko", "ca")].engine_label == "argos+apertium"
    assert routes[("ca", "ko")].is_pivot
    assert ("es", "es") not in routes
    # apertium has no es-en here but argos does, so every language reaches every other
    assert len(routes) == 4 * 3


def test_unreachable_pairs_are_not_available() -> None:
    router, _, _ = make_router(argos=("en-ko",), apertium=("es-en",))
    assert set(router.available_pairs()) == {("en", "ko"), ("es", "en"), ("es", "ko")}


def test_identical_sentences_are_translated_once_and_blanks_not_at_all() -> None:
    router, argos, _ = make_router()
    result = router.translate(["Hello.", "Bye.", "  Hello.\n", "", "Hello."], "en", "ko")
    assert argos.calls == [(["Hello.", "Bye."], "en", "ko")]
    assert result.texts == ["[ko] Hello.", "[ko] Bye.", "[ko] Hello.", "", "[ko] Hello."]
    assert result.engine_sentences == 2 and result.memory_hits == 0


def test_engine_losing_alignment_fails_each_sentence_with_the_reason() -> None:
    router, argos, _ = make_router()
    argos.drop_last = True
    result = router.translate(["One.", "Two."], "en", "ko")
    # the pair is retried in halves, which lose alignment too
    assert [len(batch) for batch, _s, _t in argos.calls] == [2, 1, 1]
    assert result.failures == {0: "argos en→ko: 1 sentences in, 0 out"} | {
        1: "argos en→ko: 1 sentences in, 0 out"
    }
    assert result.texts == ["", ""]


def test_custom_order_prefers_apertium() -> None:
    router, _, _ = make_router()
    engines = dict(router.engines)
    reordered = TranslationRouter(engines, order=["apertium", "argos"])
    assert reordered.route("en", "es").engine_label == "apertium"


# -- language codes ------------------------------------------------------------------


def test_codes_are_routed_in_their_normal_form() -> None:
    router, argos, _ = make_router(overrides={("EN", "es-ES"): "apertium"})
    route = router.route("en-US", "ES")
    assert route.steps == (Step("apertium", "en", "es", "apertium-en-es 1"),)
    router.translate(["Hello."], "en", "es-419")
    assert not argos.calls  # the override applied to the spelling it was given in


def test_a_code_that_is_no_language_is_unavailable_with_the_remedy() -> None:
    router, argos, apertium = make_router()
    with pytest.raises(TranslationUnavailable) as caught:
        router.translate(["Hello."], "en", "klingon")
    assert caught.value.reason == (
        "'klingon' is not a language code; remove these translations with "
        "`publisher translations drop --lang klingon`"
    )
    with pytest.raises(TranslationUnavailable, match="source language 'und' is not a language"):
        router.route("und", "ko")
    assert not argos.calls and not apertium.calls


def test_an_override_naming_no_language_is_refused() -> None:
    with pytest.raises(UnknownLanguage, match="'xx'"):
        make_router(overrides={("en", "xx"): "argos"})
