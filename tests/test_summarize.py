"""Every summarizer: valid indexes, the sentence budget, determinism, offline tokenization."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nltk.data
import pytest

from publisher.errors import ConfigError
from publisher.summarize import METHODS, get_method, sentence_budget, summarize
from publisher.summarize.news import sentence_scores
from publisher.summarize.resources import stemmer, stop_words
from publisher.summarize.sumy_methods import build_document
from publisher.summarize.tokens import OfflineTokenizer, word_tokens
from tests.reference_summarizer import dense_news_summarizer

EXPECTED_METHODS = {
    "default",
    "lead",
    "lexrank",
    "textrank",
    "lsa",
    "luhn",
    "edmundson",
    "kl",
    "sumbasic",
    "reduction",
}

ENGLISH = [
    "Busan opened a new ferry terminal on Monday after three years of construction work.",
    "The terminal can handle four large passenger ferries at the same time.",
    "Officials expect ferry passenger numbers to double by next year.",
    "Local shop owners welcomed the terminal and the extra ferry passengers.",
    "The construction cost was shared by the city and the national government.",
    "Critics said the ferry terminal was built too far from the old town.",
    "He declined to comment.",
    "A second ferry terminal is planned for the northern harbour by 2030.",
]
KOREAN = [
    "부산시는 월요일 새 여객선 터미널을 열었다.",
    "새 터미널은 여객선 네 척을 동시에 처리할 수 있다.",
    "시 관계자는 내년까지 여객선 승객이 두 배로 늘 것으로 내다봤다.",
    "지역 상인들은 터미널 개장을 환영했다.",
    "두 번째 터미널은 북항에 들어설 예정이다.",
]
JAPANESE = [
    "釜山市は月曜日、新しいフェリーターミナルを開業した。",
    "新ターミナルは四隻のフェリーを同時に扱える。",
    "市の担当者はフェリーの乗客が来年までに倍増すると見込む。",
    "地元の商店はターミナルの開業を歓迎した。",
    "二つ目のターミナルは北港に計画されている。",
]
CHINESE = [
    "釜山市周一启用了新的渡轮码头。",
    "新码头可以同时停靠四艘渡轮。",
    "官员预计明年渡轮乘客将翻一番。",
    "当地商户欢迎码头启用。",
    "第二个码头计划建在北港。",
]
DOCUMENTS = {"en": ENGLISH, "ko": KOREAN, "ja": JAPANESE, "zh": CHINESE}


def test_registry_has_every_method() -> None:
    assert set(METHODS) == EXPECTED_METHODS


def test_unknown_method_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="lexrank") as error:
        summarize(ENGLISH, "en", method="nope")
    assert "nope" in str(error.value)


def test_method_names_ignore_letter_case() -> None:
    assert get_method("LexRank") is METHODS["lexrank"]
    assert summarize(ENGLISH, "en", method=" LEAD ", count=1) == [0]


@pytest.mark.parametrize("method", sorted(EXPECTED_METHODS))
@pytest.mark.parametrize("language", sorted(DOCUMENTS))
@pytest.mark.parametrize("count", [1, 2, 3])
def test_indexes_are_valid_ascending_and_exact(method: str, language: str, count: int) -> None:
    sentences = DOCUMENTS[language]
    chosen = summarize(sentences, language, method=method, count=count, title=sentences[0])
    assert chosen == sorted(set(chosen))
    assert len(chosen) == count
    assert all(0 <= index < len(sentences) for index in chosen)
    assert summarize(sentences, language, method=method, count=count, title=sentences[0]) == chosen


@pytest.mark.parametrize("method", sorted(EXPECTED_METHODS))
def test_ratio_overrides_count(method: str) -> None:
    chosen = summarize(ENGLISH, "en", method=method, count=1, ratio=0.5)
    assert len(chosen) == 4
    assert len(summarize(ENGLISH, "en", method=method, ratio=0.01)) == 1
    assert summarize(ENGLISH, "en", method=method, ratio=1.0) == list(range(len(ENGLISH)))


@pytest.mark.parametrize("method", sorted(EXPECTED_METHODS))
def test_short_and_empty_documents(method: str) -> None:
    assert summarize([], "en", method=method) == []
    assert summarize(ENGLISH[:2], "en", method=method, count=3) == [0, 1]
    # Nothing to compare: reading order.
    assert summarize(["1.", "2.", "3!", "4?"], "en", method=method, count=2) == [0, 1]


@pytest.mark.parametrize("method", sorted(EXPECTED_METHODS))
def test_repeated_sentences_stay_distinct(method: str) -> None:
    sentences = ["The port is open.", "The port is open.", *ENGLISH[:4]]
    chosen = summarize(sentences, "en", method=method, count=3)
    assert len(chosen) == 3
    assert chosen == sorted(set(chosen))


@pytest.mark.parametrize("method", sorted(EXPECTED_METHODS))
def test_language_without_resources(method: str) -> None:
    # No stop words, stemmer, stigma words or abbreviations for Vietnamese: still works.
    sentences = [
        "Thành phố mở bến phà mới vào thứ hai.",
        "Bến phà mới có thể đón bốn tàu cùng lúc.",
        "Các quan chức dự kiến lượng khách sẽ tăng gấp đôi.",
        "Người dân địa phương hoan nghênh bến phà.",
    ]
    assert len(summarize(sentences, "vi", method=method, count=2)) == 2


def test_budget_rules() -> None:
    assert sentence_budget(10, 3, None) == 3
    assert sentence_budget(10, 3, 0.25) == 3
    assert sentence_budget(10, None, 0.01) == 1
    assert sentence_budget(2, 5, None) == 2
    for count, ratio in [(0, None), (None, 0.0), (None, 1.5), (None, None)]:
        with pytest.raises(ConfigError):
            sentence_budget(10, count, ratio)


def test_default_skips_fragments_and_repeats() -> None:
    sentences = [
        ENGLISH[0],
        ENGLISH[0].replace("Monday", "Tuesday"),
        "He declined to comment.",
        *ENGLISH[1:6],
    ]
    chosen = summarize(sentences, "en", count=2)
    assert 2 not in chosen
    assert not {0, 1} <= set(chosen)


def test_default_prefers_sentences_like_the_title() -> None:
    title = "Critics say ferry terminal built too far from old town"
    plain = sentence_scores(ENGLISH, "en")
    titled = sentence_scores(ENGLISH, "en", title)
    assert titled[5] - plain[5] > titled[6] - plain[6]
    assert 5 in summarize(ENGLISH, "en", count=1, title=title)


def test_edmundson_title_changes_the_choice() -> None:
    untitled = summarize(ENGLISH, "en", method="edmundson", count=1)
    titled = summarize(
        ENGLISH, "en", method="edmundson", count=1, title="Second terminal planned for harbour"
    )
    assert untitled != titled


def test_word_tokens() -> None:
    assert word_tokens("Don't stop: 3.5 percent of COVID-19 cases, well-known.") == [
        "Don't",
        "stop",
        "percent",
        "of",
        "COVID-19",
        "cases",
        "well-known",
    ]
    assert word_tokens("新码头Apple") == ["新码", "码头", "Apple"]
    assert word_tokens("정부는 발표했다") == ["정부는", "발표했다"]


def test_language_resources() -> None:
    assert "the" in stop_words("en")
    assert stop_words("vi") == frozenset()
    assert stemmer("en")("officials") == stemmer("en")("official")
    assert stemmer("ko")("정부는") == stemmer("ko")("정부가") == "정부"
    assert stemmer("xx")("ABC") == "abc"


def test_document_maps_back_to_indexes() -> None:
    document = build_document(["Same.", "Same.", "Other."], "en", title="Head")
    assert [sentence.index for sentence in document.sentences] == [0, 1, 2]
    assert [heading.index for heading in document.headings] == [-1]


def test_tokenizer_never_touches_nltk_data(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"NLTK data looked up: {args} {kwargs}")

    monkeypatch.setattr(nltk.data, "find", forbidden)
    monkeypatch.setattr(nltk.data, "load", forbidden)
    tokenizer = OfflineTokenizer("en-US")
    assert tokenizer.language == "en"
    assert tokenizer.to_sentences("Mr. Kim came. He left.") == ("Mr. Kim came.", "He left.")
    for language, sentences in DOCUMENTS.items():
        for method in METHODS:
            summarize(sentences, language, method=method, count=2)


def test_summaries_in_a_fresh_process_with_empty_nltk_data(tmp_path: Path) -> None:
    # Importing nltk is harmless; loading punkt from the empty NLTK_DATA would fail.
    script = (
        "import sys\n"
        "from publisher.summarize import METHODS, summarize\n"
        "text = ['Ferries sail daily now.', 'The new ferry terminal opened.', "
        "'Ferry passengers cheered at the ferry terminal.', 'Rain fell.']\n"
        "for method in METHODS:\n"
        "    assert len(summarize(text, 'en', method=method, count=2)) == 2, method\n"
        "assert 'sumy.nlp.tokenizers' not in sys.modules\n"
    )
    environment = {**os.environ, "NLTK_DATA": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


XSUM_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "xsum_dev.jsonl"
_CHOICES_SCRIPT = """
import json, sys
from pathlib import Path
from publisher.evaluation import read_items
from publisher.summarize import METHODS, summarize
documents = json.loads(sys.argv[1])
path = Path(sys.argv[2])
if path.is_file():
    documents += [["en", item.sentences] for item in read_items(path, limit=25)]
print(json.dumps({
    method: [summarize(sentences, language, method=method, count=3) for language, sentences in documents]
    for method in METHODS
}))
"""


def test_choices_do_not_depend_on_the_hash_seed() -> None:
    documents = json.dumps([[language, sentences] for language, sentences in DOCUMENTS.items()])
    outputs = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-W", "error", "-c", _CHOICES_SCRIPT, documents, str(XSUM_DEV)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]


# -- bounded cost ------------------------------------------------------------------------------


def _long_dispatch(size: int) -> list[str]:
    """``size`` sentences of varied news text: the XSum sentences, renumbered, over and over."""
    from publisher.evaluation import read_items

    pool = [s for item in read_items(XSUM_DEV) for s in item.sentences]
    return [f"{pool[i % len(pool)]} Item {i // len(pool)}." for i in range(size)]


@pytest.mark.skipif(not XSUM_DEV.is_file(), reason="../shared/eval/xsum_dev.jsonl not present")
def test_default_chooses_as_full_lexrank_did(instance: Path) -> None:
    from publisher.core import Desk
    from publisher.evaluation import read_items
    from publisher.settings import load_settings
    from publisher.summarize.news import CENTRALITY_WINDOW

    desk = Desk(load_settings({"instance": str(instance), "languages": "qaa"}))
    desk.ingest([str(Path(__file__).resolve().parents[1] / "publisher" / "samples")])
    desk.summarize()
    documents = [
        (v.source_language, [s["text"] for s in v.sentences], v.headline) for v in desk.dispatches()
    ]
    assert len(documents) >= 10
    documents += [("en", item.sentences, item.title) for item in read_items(XSUM_DEV)]
    documents += [(language, sentences, "") for language, sentences in DOCUMENTS.items()]
    documents.append(("en", _long_dispatch(CENTRALITY_WINDOW), "Court hears fraud charges"))
    for language, sentences, title in documents:
        for count in (1, 3, 5):
            if count < len(sentences):
                expected = dense_news_summarizer(list(sentences), language, count, title)
                assert get_method("default")(sentences, language, count, title) == expected


def _peak_bytes(sentences: list[str]) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        summarize(sentences, "en", count=3)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.skipif(not XSUM_DEV.is_file(), reason="../shared/eval/xsum_dev.jsonl not present")
def test_default_memory_grows_linearly_with_the_dispatch() -> None:
    small, large = _long_dispatch(300), _long_dispatch(3000)
    _peak_bytes(small)  # resources loaded once, outside the measure
    # dense matrices made this about 100 times (sentences squared, sentences x vocabulary)
    assert _peak_bytes(large) < 15 * _peak_bytes(small)


@pytest.mark.skipif(not XSUM_DEV.is_file(), reason="../shared/eval/xsum_dev.jsonl not present")
def test_default_reads_sentences_past_the_window() -> None:
    from publisher.summarize.news import CENTRALITY_WINDOW

    sentences = _long_dispatch(CENTRALITY_WINDOW + 50)
    theme = "The harbour ferry strike closed the harbour ferry terminal for a week."
    sentences[-10] = theme
    scores = sentence_scores(sentences, "en", title="Harbour ferry strike closes terminal")
    assert len(scores) == len(sentences)
    # the title still lifts a late sentence to the top, and late centrality is not zero
    assert max(range(len(scores)), key=scores.__getitem__) == len(sentences) - 10
    assert min(sentence_scores(sentences, "en")[CENTRALITY_WINDOW:]) > 0


@pytest.mark.parametrize("method", sorted(set(METHODS) - {"default", "lead"}))
def test_sumy_methods_read_a_bounded_lead(method: str) -> None:
    from publisher.summarize.sumy_methods import MAX_SENTENCES

    # a lead of unrelated sentences, then a long run on one theme that would win on centrality
    lead = [
        f"Sentence {n} mentions topic{n} and subject{n} once only." for n in range(MAX_SENTENCES)
    ]
    theme = [f"The harbour ferry strike closed the harbour terminal, day {n}." for n in range(400)]
    chosen = summarize(lead + theme, "en", method=method, count=3)
    assert len(chosen) == 3 and max(chosen) < MAX_SENTENCES


def test_sumy_input_is_bounded_in_characters_too(caplog: pytest.LogCaptureFixture) -> None:
    from publisher.summarize.sumy_methods import MAX_CHARACTERS, bounded_input

    huge = "word " * (MAX_CHARACTERS // 2)
    with caplog.at_level("INFO", logger="publisher.summarize.sumy_methods"):
        kept = bounded_input(["A short one.", huge, "Never read."], "lsa")
    assert kept == ["A short one.", huge[: MAX_CHARACTERS - len("A short one.")]]
    assert "lsa reads the first 2 of 3 sentences" in caplog.text
    assert bounded_input(["One.", "Two."]) == ["One.", "Two."]
    assert len(summarize(["A short one.", huge, "Never read."], "en", method="lsa", count=1)) == 1


def test_a_sentence_of_megabytes_costs_the_default_no_more_than_a_long_one() -> None:
    normal = ENGLISH[:6]
    blob = " ".join(f"word{i}" for i in range(200_000))  # 2 MB, all words distinct
    _peak_bytes(normal + [blob[:5000]])  # resources loaded once, outside the measure
    long_one = _peak_bytes(normal + [blob[:5000]])
    # every distinct word stemmed and weighed made this over a hundred times as much
    assert _peak_bytes(normal + [blob]) < 3 * long_one
