"""Write the development set of news pages: each story of stories.toml in four page layouts.

The layouts imitate what real news sites serve (a portal with JSON-LD ``@graph`` and inline
widgets, a WordPress theme with "read also" lines, a Next.js page whose story is only in
``__NEXT_DATA__``, and a heavy page whose visible text is a photo caption while the story sits
in JSON-LD ``articleBody``). Next to each page a JSON file records what the page holds: the
story's paragraphs (recall) and the furniture lines (leakage).

benchmarks/ingest_pages.py writes the pages into a temporary folder on each run; to look at
them: python benchmarks/pages/make_pages.py OUT_DIR   (writes OUT_DIR/<lang>_<layout>.html)
"""

from __future__ import annotations

import html
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PUBLISHED = "2026-11-30T08:45:00+01:00"
MODIFIED = "2026-11-30T17:10:00+01:00"
SIDEBAR_DATE = "2026-10-02T06:00:00+00:00"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _head(story: dict[str, Any], lang: str, title: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{_e(title)}</title>
<meta property="og:title" content="{_e(story["headline"])}">
<meta property="og:site_name" content="{_e(story["site"])}">
<meta property="article:publisher" content="https://www.facebook.com/{lang}-news-page">
<meta property="article:modified_time" content="{MODIFIED}">
<link rel="canonical" href="https://news.example.org/{lang}/story">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
{extra}
</head>
"""


def _nav(lang: str) -> str:
    links = "".join(f'<li><a href="/{lang}/s{i}">Section {i}</a></li>' for i in range(12))
    return f'<header><nav class="main-menu"><ul>{links}</ul></nav></header>'


def _sidebar(story: dict[str, Any]) -> str:
    items = "".join(
        f'<li><a href="/r{i}">{_e(title)}</a> <time datetime="{SIDEBAR_DATE}">2 Oct</time></li>'
        for i, title in enumerate(story["related"][1:])
    )
    return f"<aside><h2>{_e(story['related'][0])}</h2><ul>{items}</ul></aside>"


def _json_ld(story: dict[str, Any], lang: str, body: bool) -> str:
    graph: list[dict[str, Any]] = [
        {"@type": "Organization", "@id": "#org", "name": story["site"], "url": "https://x.example"},
        {"@type": "WebPage", "@id": "#page", "name": story["headline"] + " | " + story["site"]},
        {
            "@type": "NewsArticle",
            "headline": story["headline"],
            "datePublished": PUBLISHED,
            "dateModified": MODIFIED,
            "inLanguage": lang,
            "author": [{"@type": "Person", "name": "Kim Lee"}],
            "publisher": {"@id": "#org"},
            **({"articleBody": "\n".join(story["paragraphs"])} if body else {}),
        },
    ]
    data = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return f'<script type="application/ld+json">{data}</script>'


def portal(story: dict[str, Any], lang: str) -> str:
    paragraphs, furniture = story["paragraphs"], story["furniture"]
    inline = [f"<p>{_e(line)}</p>" for line in furniture[:-1]]
    body: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        body.append(f"<p>{_e(paragraph)}</p>")
        if index < len(inline):
            body.append(inline[index])
    related = "".join(
        f"<li><a href='/x{i}'>{_e(t)}</a></li>" for i, t in enumerate(story["related"][1:])
    )
    return (
        _head(story, lang, f"{story['headline']} | {story['site']} |", _json_ld(story, lang, False))
        + "<body>"
        + _nav(lang)
        + '<ol class="breadcrumb"><li>Home</li><li>News</li></ol>'
        + "<main><article>"
        + f"<h1>{_e(story['headline'])}</h1>"
        + f'<p class="byline">Kim Lee <time datetime="{PUBLISHED}">30.11.2026</time></p>'
        + "<figure><img src='/p.jpg' alt=''><figcaption>"
        + _e(
            furniture[-1]
            if furniture[-1].startswith(("Photo", "Foto", "写真", "사진", "图片"))
            else ""
        )
        + "</figcaption></figure>"
        + "".join(body[:4])
        + f"<div><h3>{_e(story['related'][0])}</h3><ul>{related}</ul></div>"
        + "".join(body[4:])
        + f"<p>{_e(furniture[-1])}</p>"
        + "</article></main>"
        + _sidebar(story)
        + "<footer><p>© 2026 Example Media. All rights reserved.</p></footer></body></html>"
    )


def wordpress(story: dict[str, Any], lang: str) -> str:
    paragraphs, furniture = story["paragraphs"], story["furniture"]
    body: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        body.append(f"<p>{_e(paragraph)}</p>")
        if index < len(furniture):
            line = furniture[index]
            label, _, rest = line.partition(":")
            body.append(
                f"<p><strong>{_e(label)}:</strong> <a href='/more'>{_e(rest.strip())}</a></p>"
                if rest
                else f"<p>{_e(line)}</p>"
            )
    published = (
        f'<meta property="article:published_time" itemprop="datePublished" content="{PUBLISHED}">'
    )
    return (
        _head(story, lang, f"{story['headline']} - {story['site']}", published)
        + "<body class='single-post'>"
        + _nav(lang)
        + "<div id='content'><article class='post'>"
        + f"<h1 class='entry-title'>{_e(story['headline'])}</h1>"
        + "<div class='entry-content'>"
        + "".join(body)
        + "<div class='sharedaddy sd-sharing'><h3>Share</h3><a>Facebook</a><a>X</a></div>"
        + "</div></article>"
        + _sidebar(story)
        + "</div><footer>Powered by WordPress</footer></body></html>"
    )


def nextjs(story: dict[str, Any], lang: str) -> str:
    body = "".join(f"<p>{_e(p)}</p>" for p in story["paragraphs"])
    data = {
        "props": {
            "pageProps": {
                "article": {"id": 42, "title": story["headline"], "body": body, "tags": []},
                "menu": [{"label": f"Section {i}", "href": f"/s{i}"} for i in range(10)],
            }
        },
        "page": "/[slug]",
        "buildId": "abc123",
    }
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        _head(story, lang, story["headline"], "")
        + "<body><div id='__next'><div class='skeleton'></div></div>"
        + f'<script id="__NEXT_DATA__" type="application/json">{payload}</script>'
        + "<script src='/_next/static/chunks/main.js'></script></body></html>"
    )


def caption_only(story: dict[str, Any], lang: str) -> str:
    # a heavy page: menus, inline scripts and teaser lists around one captioned photo
    filler_script = "<script>var cfg = " + json.dumps({"k": "v" * 200_000}) + ";</script>"
    teasers = "".join(
        f"<li><a href='/t{i}'>Teaser link number {i} to another page</a></li>" for i in range(1500)
    )
    caption = story["paragraphs"][0][:150]
    return (
        _head(story, lang, story["headline"], _json_ld(story, lang, True) + filler_script)
        + "<body>"
        + _nav(lang)
        + f"<main><figure><img src='/big.jpg' alt=''><figcaption>{_e(caption)}</figcaption></figure></main>"
        + f"<aside><ul>{teasers}</ul></aside>"
        + "</body></html>"
    )


def magazine(story: dict[str, Any], lang: str) -> str:
    # written after the other layouts were tuned, and not tuned on: class names the prune list
    # does not know, widgets in <aside> and <div> inside the story, a bio box at the end
    paragraphs, furniture = story["paragraphs"], story["furniture"]
    body: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        body.append(f"<div class='text-block'><p>{_e(paragraph)}</p></div>")
        if index < len(furniture):
            body.append(f"<aside class='inline-widget'><span>{_e(furniture[index])}</span></aside>")
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story["headline"],
        "datePublished": PUBLISHED,
        "publisher": {"@type": "Organization", "name": story["site"]},
    }
    script = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
    more = "".join(
        f"<a class='card' href='/m{i}'><h4>{_e(t)}</h4></a>"
        for i, t in enumerate(story["related"][1:])
    )
    return (
        _head(story, lang, f"{story['site']} - {story['headline']}", script)
        + "<body><div class='page'>"
        + _nav(lang)
        + f"<div class='story'><div class='kicker'>{_e(story['related'][0])}</div>"
        + f"<h1 class='story-title'>{_e(story['headline'])}</h1>"
        + "".join(body)
        + f"<section class='more-stories'><h3>{_e(story['related'][0])}</h3>{more}</section>"
        + "</div><footer><small>© 2026</small></footer></div></body></html>"
    )


LAYOUTS = {
    "portal": portal,
    "wordpress": wordpress,
    "nextjs": nextjs,
    "caption": caption_only,
    "magazine": magazine,
}


def write_pages(out: Path) -> None:
    """Write every story in every layout into ``out``, each page with its truth beside it."""
    out.mkdir(parents=True, exist_ok=True)
    stories = tomllib.loads((HERE / "stories.toml").read_text(encoding="utf-8"))
    for lang, story in stories.items():
        for layout, make in LAYOUTS.items():
            stem = f"{lang}_{layout}"
            (out / f"{stem}.html").write_text(make(story, lang), encoding="utf-8")
            truth = {
                "language": lang,
                "layout": layout,
                "headline": story["headline"],
                "published": PUBLISHED if layout != "nextjs" else None,
                "agency": story["site"] if layout != "nextjs" else None,
                "story": story["paragraphs"],
                "furniture": [*story["furniture"], *story["related"]],
                "source": "written by the publisher project for this benchmark",
                "license": "same as the project (see pyproject.toml)",
            }
            (out / f"{stem}.json").write_text(
                json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )


if __name__ == "__main__":
    write_pages(Path(sys.argv[1]))
