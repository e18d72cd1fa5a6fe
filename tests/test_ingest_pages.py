"""News pages: structured data first, names not URLs, believable bodies, furniture removed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from publisher.errors import ConfigError, MalformedItem
from publisher.ingest import ParsedDispatch, parse_bytes
from publisher.ingest.furniture import _compile, drop_furniture, is_furniture, load_furniture
from publisher.ingest.headline import clean_headline
from publisher.ingest.htmltext import read_head
from publisher.ingest.structured import read_json_ld, read_page_data

CET = timezone(timedelta(hours=1))
KST = timezone(timedelta(hours=9))
STORY = [
    "The passenger ferry across the estuary resumed its full timetable on Tuesday after "
    "repairs to the old swing bridge were finished two weeks ahead of schedule.",
    "The county council said the ferry had carried almost twice its usual number of "
    "passengers while the bridge was closed to pedestrians.",
    "Boats will now leave every twenty minutes during the morning and evening peaks.",
]


def page(head: str = "", body: str = "", lang: str = "en", scripts: str = "") -> bytes:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html><html{lang_attr}><head><meta charset='utf-8'>{head}{scripts}</head>"
        f"<body>{body}</body></html>"
    ).encode()


def article(paragraphs: list[str] = STORY, headline: str = "Ferry returns") -> str:
    return (
        f"<article><h1>{headline}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"
    )


def ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def parse(data: bytes) -> ParsedDispatch:
    (dispatch,) = parse_bytes(data, "page.html")
    return dispatch


GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "Organization", "@id": "#org", "name": "Valley Courier"},
        {"@type": "WebPage", "@id": "#page", "name": "Ferry returns | Valley Courier"},
        {
            "@type": ["NewsArticle"],
            "headline": "River ferry returns after bridge repairs",
            "datePublished": "2026-11-30T08:45:00+01:00",
            "dateModified": "2026-11-30T17:10:00+01:00",
            "author": [{"@type": "Person", "name": "Anna Webb"}, {"name": "Tom Reed"}],
            "publisher": {"@id": "#org"},
            "inLanguage": "en-GB",
        },
    ],
}


# --- structured data --------------------------------------------------------------------------


def test_json_ld_graph_gives_headline_times_names_and_language() -> None:
    head = (
        '<meta property="article:publisher" content="https://www.facebook.com/valleycourier">'
        "<title>Ferry returns | Valley Courier</title>"
    )
    d = parse(page(head, article(), lang="", scripts=ld(GRAPH)))
    assert d.headline == "River ferry returns after bridge repairs"
    assert d.published == datetime(2026, 11, 30, 8, 45, tzinfo=CET)
    assert d.published is not None and d.published.utcoffset() == timedelta(hours=1)
    assert d.updated == datetime(2026, 11, 30, 17, 10, tzinfo=CET)
    assert d.byline == "Anna Webb, Tom Reed"
    assert d.agency == "Valley Courier"
    assert d.language == "en"  # inLanguage "en-GB": our tags keep regions only where they matter


@pytest.mark.parametrize(
    "data",
    [
        [{"@type": "BreadcrumbList"}, {"@type": "NewsArticle", "headline": "Nested ferry story"}],
        {"@type": "WebPage", "mainEntity": {"@type": "Article", "headline": "Nested ferry story"}},
        {
            "@type": "WebPage",
            "hasPart": [{"@type": "ReportageNewsArticle", "name": "Nested ferry story"}],
        },
    ],
)
def test_json_ld_article_in_a_list_or_nested(data: Any) -> None:
    found = read_json_ld((json.dumps(data),))
    assert found is not None and found.headline == "Nested ferry story"


def test_json_ld_that_is_broken_or_bomb_deep_is_ignored() -> None:
    deep = "[" * 5000 + "]" * 5000
    assert read_json_ld(("{not json", deep, "<!-- -->")) is None
    nested: dict[str, Any] = {"@type": "NewsArticle", "headline": "Deep"}
    for _ in range(100):
        nested = {"child": nested}
    assert read_json_ld((json.dumps(nested),)) is None  # beyond max_depth: not read


def test_publisher_urls_are_never_agencies() -> None:
    head = (
        '<meta property="article:publisher" content="https://www.facebook.com/somepage">'
        '<meta name="author" content="https://twitter.com/someone">'
        '<meta property="og:title" content="Ferry returns after repairs">'
    )
    d = parse(page(head, article()))
    assert d.agency is None
    assert d.byline is None
    data = {"@type": "NewsArticle", "headline": "x", "publisher": "https://example.com/"}
    found = read_json_ld((json.dumps(data),))
    assert found is not None and found.publisher is None


def test_site_name_is_the_publisher_when_no_dateline_names_an_agency() -> None:
    head = '<meta property="og:site_name" content="Valley Courier">'
    assert parse(page(head, article())).agency == "Valley Courier"
    wire = ["SEOUL, Nov 30 (Reuters) - " + STORY[0], *STORY[1:]]
    d = parse(page(head, article(wire)))
    assert d.agency == "Reuters" and d.dateline == "SEOUL, Nov 30"


def test_meta_with_property_and_itemprop_counts_under_both_names() -> None:
    head = (
        '<meta property="article:published_time" itemprop="datePublished" '
        'content="2026-11-12T09:30:00+09:00">'
    )
    meta = read_head(page(head).decode()).meta
    assert meta["article:published_time"] == meta["datepublished"]
    assert parse(page(head, article())).published == datetime(2026, 11, 12, 9, 30, tzinfo=KST)


def test_modified_time_is_never_the_published_time() -> None:
    head = '<meta property="article:modified_time" content="2026-11-30T17:10:00+01:00">'
    d = parse(page(head, article()))
    assert d.updated == datetime(2026, 11, 30, 17, 10, tzinfo=CET)
    assert d.published != d.updated


def test_a_sidebar_date_is_never_the_articles() -> None:
    sidebar = '<aside><ul><li>Old story <time datetime="2025-01-02T06:00:00Z">2 Jan</time></li></ul></aside>'
    dated = '<p><time datetime="2026-11-30T08:45:00+01:00">30 Nov</time></p>'
    d = parse(page("", sidebar + article() + dated))
    assert d.published == datetime(2026, 11, 30, 8, 45, tzinfo=CET)
    assert read_head(page("", sidebar).decode()).times == ()


def test_the_time_of_day_wins_over_a_bare_day() -> None:
    data = {"@type": "NewsArticle", "headline": "x", "datePublished": "2026-11-30"}
    head = '<meta property="article:published_time" content="2026-11-30T08:45:00+01:00">'
    d = parse(page(head, article(), scripts=ld(data)))
    assert d.published == datetime(2026, 11, 30, 8, 45, tzinfo=CET)


# --- headlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "site", "url", "clean"),
    [
        ("Floods close roads | DW | 30.11.2026", "DW", None, "Floods close roads"),
        (
            "Floods close roads … | DW |",
            "Deutsche Welle",
            "https://www.dw.com/en/x",
            "Floods close roads …",
        ),
        ("Floods close roads - Valley Courier", "Valley Courier", None, "Floods close roads"),
        ("Valley Courier | Floods close roads", "Valley Courier", None, "Floods close roads"),
        (
            "Ferry back - and busier than ever",
            "Valley Courier",
            None,
            "Ferry back - and busier than ever",
        ),
        ("Ferry back - and busier than ever", None, None, "Ferry back - and busier than ever"),
        ("Valley Courier", "Valley Courier", None, "Valley Courier"),
    ],
)
def test_clean_headline(raw: str, site: str | None, url: str | None, clean: str) -> None:
    assert clean_headline(raw, site, url) == clean


def test_og_title_wins_and_the_site_suffix_goes() -> None:
    head = (
        "<title>Ferry returns after repairs | Valley Courier</title>"
        '<meta property="og:title" content="Ferry returns after repairs - Valley Courier">'
        '<meta property="og:site_name" content="Valley Courier">'
    )
    body = (
        "<article><p>Home › News › Local</p><p>Ferry returns after repairs | Valley Courier</p>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</article>"
    )
    d = parse(page(head, body))
    assert d.headline == "Ferry returns after repairs"
    assert d.paragraphs == STORY


# --- bodies -----------------------------------------------------------------------------------


def _heavy(figure: str, scripts: str = "") -> bytes:
    teasers = "".join(
        f"<li><a href='/t{i}'>Teaser link {i} to another page</a></li>" for i in range(1200)
    )
    filler = "<script>var c = '" + "v" * 300_000 + "';</script>"
    head = '<meta property="og:title" content="Ferry returns after repairs">'
    body = f"<main><figure><img src='/x.jpg'><figcaption>{figure}</figcaption></figure></main><aside><ul>{teasers}</ul></aside>"
    return page(head + filler, body, scripts=scripts)


def test_a_caption_on_a_large_page_is_no_article() -> None:
    data = _heavy(STORY[0][:150])
    assert len(data) > 300_000
    with pytest.raises(MalformedItem, match="no article text"):
        parse_bytes(data, "heavy.html")


def test_a_large_page_falls_back_to_the_json_ld_article_body() -> None:
    body = {"@type": "NewsArticle", "headline": "Ferry returns", "articleBody": "\n".join(STORY)}
    d = parse(_heavy(STORY[0][:150], ld(body)))
    assert d.paragraphs == STORY


def test_a_story_only_in_next_data_is_read_from_there() -> None:
    data = {
        "props": {
            "pageProps": {
                "article": {
                    "title": "Ferry returns after repairs",
                    "body": "".join(f"<p>{p}</p>" for p in STORY),
                }
            }
        }
    }
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
    d = parse(page("", "<div id='__next'></div>" + script))
    assert d.headline == "Ferry returns after repairs"
    assert d.paragraphs == STORY
    found = read_page_data((json.dumps(data),))
    assert found is not None and found.body == tuple(STORY)


# --- furniture --------------------------------------------------------------------------------

WIDGETS = {
    "en": [
        "Advertisement",
        "Share this article",
        "Read more: Council approves cycle lanes",
        "Sign up for our daily newsletter to get the top stories in your inbox",
        "Photo: Jane Hill / Valley Courier",
        "Home | World | Asia",
        "Follow us on Facebook and X",
    ],
    "de": [
        "Anzeige",
        "Artikel teilen",
        "Lesen Sie auch: Neue Buslinie startet",
        "Foto: Peter Lang",
    ],
    "es": [
        "Publicidad",
        "Lea también: La ciudad estrena un carril bici",
        "LE PUEDE INTERESAR: Suben los precios del aceite",
        "Síguenos en Facebook, X e Instagram",
    ],
    "fr": [
        "Publicité",
        "Partager cet article",
        "Lire aussi : Le marché de Noël ouvre",
        "Inscrivez-vous à notre newsletter pour recevoir l'essentiel",
    ],
    "ja": ["広告", "この記事をシェア", "関連記事：駅前の再開発計画がまとまる", "写真：閲覧室"],
    "ko": ["광고", "공유하기", "관련기사: 역 앞 재개발 계획 확정", "사진=남부일보 제공"],
    "zh": ["广告", "分享到", "相关阅读：火车站前改造计划确定", "图片来源：南方晨报"],
}


@pytest.mark.parametrize("language", sorted(WIDGETS))
def test_furniture_lines_of_each_ui_language(language: str) -> None:
    for line in WIDGETS[language]:
        assert is_furniture(line), line


@pytest.mark.parametrize(
    "line",
    [
        *STORY,
        "Read the full report on the council's website before the vote on Tuesday.",
        "The advertisement was withdrawn after complaints.",
        "Share prices rose 3% in early trading.",
        "Follow-up talks are planned for next week.",
        "El ayuntamiento dijo que lea también los documentos del pleno.",
        "広告収入は前年より二割増えた。",
    ],
)
def test_story_sentences_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_related_list_and_closing_bio_are_dropped() -> None:
    lines = [
        STORY[0],
        "Related stories",
        "Council approves cycle lanes",
        "Harbour festival returns next summer",
        STORY[1],
        STORY[2],
        "Anna Webb is a transport correspondent who has covered the region for a decade.",
    ]
    assert [line for line in drop_furniture(lines) if line] == STORY
    # a bio-like sentence in the middle of a story is the story's
    middle = [
        STORY[0],
        lines[-1],
        STORY[1],
        STORY[2],
        "The ferry runs daily.",
        "Fares are unchanged.",
    ]
    assert lines[-1] in drop_furniture(middle)


def test_widgets_between_paragraphs_are_removed_from_pages() -> None:
    paragraphs = [STORY[0], *WIDGETS["es"], STORY[1], *WIDGETS["en"], STORY[2]]
    head = '<meta property="og:title" content="Ferry returns after repairs">'
    d = parse(page(head, article(paragraphs)))
    assert d.paragraphs == STORY


def test_every_furniture_file_loads_and_the_seven_languages_are_there() -> None:
    furniture = load_furniture()
    assert {"en", "de", "es", "fr", "ja", "ko", "zh", "*"} <= set(furniture.languages)
    with pytest.raises(ConfigError, match="bad regular expression"):
        _compile("xx.toml", "lines", ["(unclosed"])
    with pytest.raises(ConfigError, match="must be a list"):
        _compile("xx.toml", "lines", "not a list")


# --- language ---------------------------------------------------------------------------------

SPANISH = [
    "El mercado central de la ciudad volvió a abrir sus puertas este lunes después de dos años "
    "de obras de restauración.",
    "Los comerciantes recuperaron sus puestos en la planta baja, mientras que la planta alta "
    "acogerá una escuela de cocina para jóvenes del barrio.",
    "El ayuntamiento invirtió ocho millones de euros en reforzar la estructura de hierro.",
]


def test_a_long_text_overrules_a_wrong_declaration() -> None:
    head = '<meta property="og:title" content="El mercado central reabre">'
    assert parse(page(head, article(SPANISH), lang="en")).language == "es"


def test_a_short_text_keeps_the_declared_language() -> None:
    head = '<meta property="og:title" content="Mercado reabre">'
    # too short to tell: the page's word stands, whatever detection would guess
    assert (
        parse(page(head, article(["Reabre el mercado tras las obras."]), lang="pt")).language
        == "pt"
    )


def test_og_locale_declares_the_language_when_html_lang_is_missing() -> None:
    head = '<meta property="og:title" content="Ferry returns"><meta property="og:locale" content="en_GB">'
    assert parse(page(head, article(), lang="")).language == "en"


def test_pages_parse_at_any_time_of_day() -> None:
    # a page without any date is no failure: it is dated when received
    head = '<meta property="og:title" content="Ferry returns after repairs">'
    (d,) = parse_bytes(page(head, article()), "p.html", received=datetime(2026, 12, 1, tzinfo=UTC))
    assert d.headline == "Ferry returns after repairs"


def test_a_page_with_only_a_modified_time_has_no_published_time_of_its_own() -> None:
    head = (
        '<meta property="og:title" content="Ferry returns after repairs">'
        '<meta property="article:modified_time" content="2026-11-30T17:10:00+01:00">'
    )
    (d,) = parse_bytes(page(head, article()), "p.html", received=datetime(2026, 12, 1, tzinfo=UTC))
    assert d.updated == datetime(2026, 11, 30, 17, 10, tzinfo=CET)
    assert d.published is None or d.published.date() != d.updated.date()


# --- what real pages taught us (tests/data/real_pages) ----------------------------------------


def test_a_heading_that_links_home_is_the_sites_name_not_the_headline() -> None:
    body = (
        '<header><h1 class="site-title"><a href="https://courier.example/" rel="home">'
        "Valley Courier</a></h1></header>"
        '<h1><a href="/">Rivers and Bridges - Valley Courier</a></h1>' + article()
    )
    head = read_head(
        page("<title>Ferry returns - Rivers and Bridges - Valley Courier</title>", body).decode()
    )
    assert head.h1 == "Ferry returns"
    assert head.site_heading == "Valley Courier"
    # no og:site_name: the home link's name is the site's, and goes from the title
    d = parse(page("<title>Ferry returns | Valley Courier</title>", body))
    assert d.headline == "Ferry returns"
    assert d.agency == "Valley Courier"


def test_a_site_name_with_a_separator_of_its_own_goes_whole() -> None:
    raw = "Ferry timetable - Rivers and Bridges - Valley Courier"
    cleaned = clean_headline(raw, None, None, ("Rivers and Bridges - Valley Courier",))
    assert cleaned == "Ferry timetable"


def test_a_widget_heading_is_no_headline() -> None:
    body = '<h1 class="widget-title">Subscribe by e-mail</h1>' + article(headline="Ferry returns")
    assert read_head(page("", body).decode()).h1 == "Ferry returns"


def test_the_declared_headline_the_page_shows_wins() -> None:
    # Wikipedia's JSON-LD: the headline describes the subject, the name is the title shown
    data = {"@type": "Article", "name": "River ferry", "headline": "boat service across a river"}
    body = "<h1>river ferry</h1>" + "".join(f"<p>{p}</p>" for p in STORY)
    d = parse(page("<title>river ferry - Encyclopedia</title>", body, scripts=ld(data)))
    assert d.headline == "river ferry"  # as the page writes it
    # nothing on the page agrees: the declared headline stands
    d = parse(page("", "<p>x</p>" + "".join(f"<p>{p}</p>" for p in STORY), scripts=ld(data)))
    assert d.headline == "boat service across a river"


def test_a_title_is_cut_to_the_heading_that_repeats_it() -> None:
    body = "<h2>Ferry back in May…</h2>" + "".join(f"<p>{p}</p>" for p in STORY)
    d = parse(page("<title>Ferry back in May… | Notes from the estuary</title>", body))
    assert d.headline == "Ferry back in May…"


def test_an_articles_own_header_gives_the_time_of_day_to_a_bare_day() -> None:
    # <meta name="date"> with the day alone; the time in the article's <header>
    head = '<meta name="date" content="2026-11-30"><meta property="og:title" content="Ferry">'
    body = (
        '<article><header><h1>Ferry</h1><time class="entry-date published" '
        'datetime="2026-11-30T08:45:00+01:00">30 Nov</time>'
        '<time class="updated" datetime="2026-12-01T10:00:00+01:00">1 Dec</time></header>'
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</article>"
    )
    d = parse(page(head, body))
    assert d.published == datetime(2026, 11, 30, 8, 45, tzinfo=CET)
    # the updated <time> is never a published time, and a page header is still no article's
    assert read_head(page("", body).decode()).times == ("2026-11-30T08:45:00+01:00",)
    site_header = '<header><time datetime="2025-01-02T06:00:00Z">2 Jan</time></header>'
    assert read_head(page("", site_header).decode()).times == ()


def test_a_bare_day_is_stored_as_a_day_without_a_time() -> None:
    head = '<meta name="date" content="2026-11-30"><meta property="og:title" content="Ferry">'
    d = parse(page(head, "".join(f"<p>{p}</p>" for p in STORY)))
    assert d.published == datetime(2026, 11, 30, 12, tzinfo=UTC)


def test_a_broken_html_lang_gives_way_to_og_locale() -> None:
    head = '<meta property="og:title" content="Ferry returns"><meta property="og:locale" content="en_GB">'
    broken = page(head, article()).replace(b'lang="en"', b'lang="lang="')
    assert parse(broken).language == "en"


def test_a_blogs_attribution_line_is_metadata_not_story() -> None:
    head = '<meta property="og:title" content="Ferry returns">'
    body = (
        "<article><p>Tuesday 1 December 2026 by Anna Webb</p>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</article>"
    )
    d = parse(page(head, body))
    assert d.paragraphs[0].startswith("The passenger ferry")
    assert d.byline == "Anna Webb"
    assert d.published == datetime(2026, 12, 1, 12, tzinfo=UTC)  # the day alone


def test_an_hatom_published_abbr_dates_the_page() -> None:
    head = '<meta property="og:title" content="Ferry returns">'
    body = (
        '<p class="entry-posted">on <abbr class="published" title="2026-11-30T08:45:00+01:00">'
        "November 30, 2026</abbr></p>" + article()
    )
    assert parse(page(head, body)).published == datetime(2026, 11, 30, 8, 45, tzinfo=CET)


def test_a_date_in_the_text_is_not_the_pages_date() -> None:
    # an encyclopedia-style page that states no date of its own: "Founded" is not "published"
    head = '<meta property="og:title" content="Valley Ferry Company">'
    body = "<p>Founded February 28, 1998 in the harbour town.</p>" + article()
    (d,) = parse_bytes(page(head, body), "p.html", received=datetime(2026, 12, 1, tzinfo=UTC))
    assert d.published is None or d.published.year == 2026


@pytest.mark.parametrize(
    "line",
    [
        "Valley Courier ™ is a registered trademark of Courier Media Ltd.",
        "Anna Webb <anna@courier.example>",
    ],
)
def test_a_legal_footer_or_signature_closing_the_story_is_dropped(line: str) -> None:
    head = '<meta property="og:title" content="Ferry returns">'
    d = parse(page(head, article() + f"<p>{line}</p>"))
    assert d.paragraphs[-1] == STORY[-1]
