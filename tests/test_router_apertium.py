"""The router end to end with the real ApertiumTranslator and an SQLite translation memory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from publisher import schema
from publisher.db import Store
from publisher.errors import TranslationUnavailable
from publisher.translate.apertium import ApertiumTranslator
from publisher.translate.memory import TranslationMemory
from publisher.translate.router import TranslationRouter

pytestmark = pytest.mark.apertium


@pytest.fixture(scope="module")
def router() -> TranslationRouter:
    apertium = ApertiumTranslator()
    if not {("es", "en"), ("en", "ca")} <= apertium.pairs():
        message = "apertium with the eng-spa and eng-cat data is not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return TranslationRouter({"apertium": apertium})


def test_direct_pair(router: TranslationRouter) -> None:
    result = router.translate(["The house is big.", "", "The house is big."], "en", "es")
    assert result.engine == "apertium"
    assert result.model_version.startswith("apertium-eng-spa ")
    assert "casa" in result.texts[0].lower()
    assert result.texts[1] == "" and result.texts[2] == result.texts[0]
    assert result.engine_sentences == 1


def test_pivot_spanish_to_catalan_through_english(
    router: TranslationRouter, tmp_path: Path
) -> None:
    route = router.route("es", "ca")
    assert [(step.source, step.target) for step in route.steps] == [("es", "en"), ("en", "ca")]
    assert route.engine_label == "apertium+apertium"
    assert "apertium-eng-spa" in route.model_version and "apertium-eng-cat" in route.model_version

    store = Store(f"sqlite:///{tmp_path / 'memory.db'}")
    schema.upgrade(store)
    sentences = ["La casa es grande.", "Tengo un perro."]
    first = router.translate(sentences, "es", "ca", memory=TranslationMemory(store))
    assert "casa" in first.texts[0].lower() and "gos" in first.texts[1].lower()
    assert first.engine_sentences == 4

    second = router.translate(sentences, "es", "ca", memory=TranslationMemory(store))
    assert second.texts == first.texts
    assert (second.engine_sentences, second.memory_hits) == (0, 4)
    store.dispose()


def test_missing_pair(router: TranslationRouter) -> None:
    with pytest.raises(TranslationUnavailable, match="^no ja→ko model installed"):
        router.translate(["こんにちは"], "ja", "ko")
    assert ("es", "ca") in router.available_pairs()
