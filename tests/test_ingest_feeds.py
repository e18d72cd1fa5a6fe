"""Real-world feeds: stray bytes before the prolog, bozo flaws by kind, untitled entries,
feed-level metadata, relative links, charsets that lie and feeds wrapped in HTML."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.errors import MalformedItem
from publisher.ingest import ItemFailure, ItemNote, ParsedDispatch, ParsedItem, parse_items
from publisher.ingest.decode import decode_bytes
from publisher.ingest.parse import sniff_format

FEEDS = Path(__file__).resolve().parent / "data" / "feeds"
CEST = timezone(timedelta(hours=2))


def items_of(name: str) -> list[ParsedItem]:
    return parse_items((FEEDS / name).read_bytes(), name)


def dispatches(items: list[ParsedItem]) -> list[ParsedDispatch]:
    return [item for item in items if isinstance(item, ParsedDispatch)]


def only_dispatches(name: str) -> list[ParsedDispatch]:
    items = items_of(name)
    assert all(isinstance(item, ParsedDispatch) for item in items), items
    return dispatches(items)


# --- the prolog and bozo conditions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "headlines"),
    [
        (
            "whitespace_before_declaration.rss",
            ["Library extends its opening hours", "Cycle lane opens on the river road"],
        ),
        ("bom_before_declaration.atom", ["Museum lends its maps to a travelling show"]),
    ],
)
def test_space_or_bom_before_the_declaration_is_no_flaw(name: str, headlines: list[str]) -> None:
    assert [d.headline for d in only_dispatches(name)] == headlines


def test_cosmetic_flaws_are_one_warning_and_every_entry_is_kept() -> None:
    items = items_of("cosmetic_flaws.rss")
    note, *rest = items
    assert isinstance(note, ItemNote) and not note.skipped
    assert note.source_name == "cosmetic_flaws.rss"
    assert note.note.startswith("the feed is not well-formed XML (")
    assert note.note.endswith("read leniently")
    first, second = rest
    assert isinstance(first, ParsedDispatch) and isinstance(second, ParsedDispatch)
    assert first.headline == "Bakers strike for a shorter night shift"  # &nbsp; read as a space
    assert first.byline == "Ana Ruiz"  # the undeclared dc: prefix still read


def test_cut_off_feed_keeps_complete_entries_and_reports_the_rest() -> None:
    items = items_of("cut_off.atom")
    feed, snow, partial = items
    assert isinstance(feed, ItemFailure) and feed.source_name == "cut_off.atom"
    assert feed.reason.startswith("the feed is cut off (")
    assert "kept 1 complete entry" in feed.reason
    assert isinstance(snow, ParsedDispatch) and snow.headline == "Snow closes the mountain pass"
    assert isinstance(partial, ItemFailure) and partial.source_name == "cut_off.atom#entry-2"
    # an Atom id that is no web address is no source URL, and no warning either
    assert snow.url is None and snow.warnings == []


def test_entries_lost_inside_a_closed_feed_are_failures() -> None:
    # a stray "<entry>" inside a broken element: the text opens more entries than are read
    text = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b"<entry><title>Kept</title><id>urn:a</id><summary>Kept text.</summary></entry>"
        b"<entry><title>Lost & <entry></title></feed>"
    )
    items = parse_items(text, "lost.atom")
    feed, kept, broken = items
    assert isinstance(feed, ItemFailure) and feed.source_name == "lost.atom"
    assert feed.reason.startswith("the feed is ill-formed (")
    assert feed.reason.endswith("; 1 entry not read")
    assert isinstance(kept, ParsedDispatch) and kept.headline == "Kept"
    assert isinstance(broken, ItemFailure)


# --- untitled entries and feed-level metadata ---------------------------------------------------


def test_untitled_entries_get_a_derived_headline() -> None:
    fog, ferries, timetable = only_dispatches("untitled_entries.atom")
    # a summary that is the whole text: its first sentence
    assert fog.headline == "Fog delays the morning ferries by an hour."
    assert fog.paragraphs == [
        "Fog delays the morning ferries by an hour. The harbour expects normal service by noon."
    ]
    assert fog.derived == {"headline": "body"}
    assert fog.warnings == ["the entry has no title: headline derived from its body"]
    # a summary beside a longer content: the summary
    assert ferries.headline == "Ferries resume after the fog lifts"
    assert ferries.derived == {"headline": "summary"}
    assert ferries.paragraphs[0].startswith("The fog lifted at half past nine")
    # a sentence too long for a headline is cut at a word, with an ellipsis
    assert timetable.headline.endswith("on every\u2026") and len(timetable.headline) <= 161
    assert {d.agency for d in (fog, ferries, timetable)} == {"Harbour Desk"}  # the feed's author


def test_feed_metadata_fills_what_entries_lack() -> None:
    fares, buses, script = only_dispatches("feed_metadata.rss")
    assert {d.language for d in (fares, buses, script)} == {"es"}
    assert {d.agency for d in (fares, buses, script)} == {"Agencia Prueba"}
    # no date of its own: the feed's lastBuildDate, marked as such
    assert fares.published is None
    assert fares.updated == datetime(2026, 5, 5, 8, 0, tzinfo=CEST)
    assert fares.derived == {"updated": "feed"}
    assert buses.published == datetime(2026, 5, 5, 6, 0, tzinfo=CEST) and buses.derived == {}
    assert buses.byline == "Ines Prado"
    # relative links resolved against the channel's link; a script link dropped with a word
    assert fares.url == "https://news.example.org/transport/fares.html"
    assert buses.url == "https://news.example.org/night-buses.html"
    assert script.url is None
    assert any(w.startswith("source URL dropped: only http and https") for w in script.warnings)


def test_relative_links_follow_xml_base() -> None:
    (rice,) = only_dispatches("xml_base.atom")
    assert rice.url == "https://news.example.org/world/asia/rice-harvest.html"


def test_feed_wrapped_in_stray_html_is_a_feed() -> None:
    text = (FEEDS / "wrapped_in_html.atom").read_text("utf-8")
    assert sniff_format(text, "page.html") == "feed"
    (museum,) = only_dispatches("wrapped_in_html.atom")
    assert museum.source_format == "atom"
    assert museum.headline == "Museum lends its maps to a travelling show"
    assert museum.published == datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def test_an_html_page_mentioning_a_feed_is_still_a_page() -> None:
    page = "<html><body><p>Subscribe to our <code>&lt;feed&gt;</code></p></body></html>"
    assert sniff_format(page, "page.html") == "html"


# --- charsets -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "headline"),
    [
        # Latin-1 bytes under a UTF-8 declaration: once read as cp1257 (ã became ć)
        ("latin1_declared_utf8.rss", "São Paulo amplia o horário do metrô"),
        ("windows1252.rss", "\u201cOpen late\u201d \u2014 cafés may serve until 2am"),
        # labelled ISO-8859-1, written in Windows-1252 (as browsers read that label)
        (
            "windows1252_declared_latin1.rss",
            "\u201cOpen late\u201d \u2014 cafés may serve until 2am",
        ),
        ("euc_kr.rss", "부산항 새 여객터미널 개장"),
        ("euc_kr_undeclared.rss", "부산항 새 여객터미널 개장"),
        ("shift_jis.rss", "東京で新しい駅が開業"),
        ("utf16le_no_bom.rss", "Ferry to the islands gets a new timetable"),
        ("utf16be_no_bom.rss", "Ferry to the islands gets a new timetable"),
        ("utf32le_no_bom.rss", "Ferry to the islands gets a new timetable"),
        ("utf32be_no_bom.rss", "Ferry to the islands gets a new timetable"),
    ],
)
def test_charsets(name: str, headline: str) -> None:
    (dispatch,) = only_dispatches(name)
    assert dispatch.headline == headline


def test_latin1_body_is_not_garbled() -> None:
    (dispatch,) = only_dispatches("latin1_declared_utf8.rss")
    assert dispatch.paragraphs == [
        "A linha azul funcionará até a meia-noite às sextas-feiras, informou a companhia."
    ]
    assert dispatch.language == "pt"


def test_a_clean_declaration_wins_over_the_detector() -> None:
    # cp1251 text declared: the declaration decodes cleanly, so it is used as it stands
    text = '<?xml version="1.0" encoding="windows-1251"?><rss><title>Новости города</title></rss>'
    assert decode_bytes(text.encode("cp1251"), "ru.rss") == text


def test_nul_bytes_without_the_wide_pattern_are_still_binary() -> None:
    with pytest.raises(MalformedItem, match="binary data"):
        decode_bytes(b"PK\x03\x04\x00\x00\x00\x08rest of a zip", "a.zip")
    # the UTF-16 pattern, but no markup or JSON once decoded: not taken for a document
    with pytest.raises(MalformedItem, match="binary data"):
        decode_bytes("hello there".encode("utf-16-le"), "x.bin")
    # a wide document whose declaration names another encoding is not what it seems
    with pytest.raises(MalformedItem, match="binary data"):
        decode_bytes('<?xml version="1.0" encoding="utf-8"?><a/>'.encode("utf-16-le"), "x.xml")


# --- the exit status of `publisher ingest` ------------------------------------------------------


def _ingest(instance: Path, *names: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["--instance", str(instance), "ingest", "--json", *(str(FEEDS / n) for n in names)]
    )
    return result.exit_code, json.loads(result.stdout)


def test_ingest_exits_0_when_every_entry_is_stored(instance: Path) -> None:
    code, report = _ingest(
        instance, "whitespace_before_declaration.rss", "bom_before_declaration.atom"
    )
    assert code == 0
    assert report["counts"] == {
        "added": 3,
        "revised": 0,
        "duplicate": 0,
        "failed": 0,
        "ignored": 0,
        "skipped": 0,
    }


def test_ingest_warns_on_a_cosmetic_flaw_and_still_exits_0(instance: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--instance", str(instance), "ingest", str(FEEDS / "cosmetic_flaws.rss")]
    )
    assert result.exit_code == 0, result.output
    assert "warning" in result.stderr and "read leniently" in result.stderr
    assert "2 added" in result.stdout


def test_ingest_exits_1_when_a_feed_is_cut_off(instance: Path) -> None:
    code, report = _ingest(instance, "cut_off.atom")
    assert code == 1
    counts = report["counts"]
    assert isinstance(counts, dict) and (counts["added"], counts["failed"]) == (1, 2)


def test_a_derived_headline_leaves_the_dateline_out() -> None:
    feed = (
        b'<rss version="2.0"><channel><title>c</title><link>http://[</link><item><guid>g</guid>'
        b"<description>SEOUL, Nov. 6 (Yonhap) -- A lantern festival drew record crowds. "
        b"Organisers counted more visitors than ever.</description></item></channel></rss>"
    )
    (item,) = parse_items(feed, "lanterns.rss")
    assert isinstance(item, ParsedDispatch)
    assert item.headline == "A lantern festival drew record crowds."
    assert (item.dateline, item.agency) == ("SEOUL, Nov. 6", "Yonhap")
    # a channel link that is no URL resolves nothing and fails nothing
    assert item.url is None


def test_references_to_no_character_are_dropped_not_a_crash() -> None:
    from publisher.ingest.feeds import parse_feed

    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk</title>'
        "<item><title>Ferry &#xD800;timetable &#0;changes &#1114112;today &#x263A;</title>"
        "<link>https://example.org/a</link><description>The harbour ferry leaves every "
        "twenty minutes from Monday, the authority said.</description></item></channel></rss>"
    )
    [item] = parse_feed(feed, "refs.xml")
    assert item.headline == "Ferry timetable changes today \u263a"  # type: ignore[union-attr]


def test_a_derived_headline_is_stored_and_shown_as_such(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from publisher.cli import cli

    instance = tmp_path / "inst"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--instance", str(instance), "ingest", str(FEEDS / "untitled_entries.atom")]
    )
    assert result.exit_code == 0, result.output
    shown = runner.invoke(cli, ["--instance", str(instance), "show", "1", "--json"])
    data = json.loads(shown.output)
    assert data["derived"] == {"headline": "body"}  # the first entry has no summary of its own
    text = runner.invoke(cli, ["--instance", str(instance), "show", "1"]).output
    assert "(headline made by ingest from the" in text
