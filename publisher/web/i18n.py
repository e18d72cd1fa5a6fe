"""Flask-Babel wiring: the UI languages, the locale taken from the URL, and date/number helpers."""

from __future__ import annotations

from datetime import UTC, datetime

from babel import Locale
from babel.dates import get_datetime_format
from flask import Flask, request
from flask_babel import Babel, format_date, format_number, format_time, format_timedelta

from publisher.languages import language_name
from publisher.paths import LOCALES_DIR
from publisher.web.zones import zone_for, zone_names

# URL prefix -> the BCP 47 tag written in lang/hreflang attributes. Chinese is Simplified.
UI_LANGUAGES: dict[str, str] = {
    "en": "en",
    "ko": "ko",
    "ja": "ja",
    "zh": "zh-Hans",
    "es": "es",
    "fr": "fr",
    "de": "de",
}
DEFAULT_LANGUAGE = "en"

babel = Babel()


def language_from_path(path: str) -> str | None:
    """The UI language named by the first segment of ``path``, if it names one."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in UI_LANGUAGES else None


def preferred_language() -> str:
    """The UI language the browser asks for (cookie first, then Accept-Language), else en."""
    chosen = request.cookies.get("lang")
    if chosen in UI_LANGUAGES:
        return chosen
    # Accept-Language tags such as zh-CN or ko-KR should match the bare prefix.
    best = request.accept_languages.best_match(list(UI_LANGUAGES))
    if best:
        return best
    for tag, _quality in request.accept_languages:
        base = tag.replace("_", "-").split("-", 1)[0].lower()
        if base in UI_LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


def select_locale() -> str:
    """The request's UI language: the URL prefix on pages, the browser's choice elsewhere."""
    if request.view_args and request.view_args.get("lang") in UI_LANGUAGES:
        return str(request.view_args["lang"])
    return language_from_path(request.path) or preferred_language()


def select_timezone() -> str:
    """The zone of the request's page: its language's zone unless the settings fix one."""
    return zone_for(select_locale())


def language_tag(code: str) -> str:
    """The BCP 47 tag for a language code, for lang and hreflang attributes."""
    return UI_LANGUAGES.get(code, code)


def when(value: datetime | None) -> str:
    """A date and a short time in the page's locale and time zone, the zone named.

    ``2025년 11월 12일 오후 2:30 Asia/Seoul`` on a Korean page, ``… 14:30 JST`` on a Japanese
    one; empty for None. A time without its zone cannot be trusted by a reader elsewhere.
    """
    if value is None:
        return ""
    locale = _current_locale()
    pattern = str(get_datetime_format("long", locale=locale)).replace("'", "")
    shown = pattern.replace("{0}", str(format_time(value, "short"))).replace(
        "{1}", str(format_date(value, "long"))
    )
    return f"{shown} {zone_names(value, select_timezone(), locale)[0]}"


def zone_name(value: datetime | None) -> str:
    """The full name of the page's zone at ``value`` in the page's locale (``한국 표준시``)."""
    if value is None:
        return ""
    return zone_names(value, select_timezone(), _current_locale())[1]


def day(value: datetime | None) -> str:
    """A long date in the page's locale and the display time zone."""
    return str(format_date(value, "long")) if value is not None else ""


def ago(value: datetime | None) -> str:
    """How long ago ``value`` was, in words of the page's locale (``3시간 전``)."""
    if value is None:
        return ""
    return str(format_timedelta(value - datetime.now(UTC), add_direction=True, threshold=0.9))


def number(value: int) -> str:
    return str(format_number(value))


def _current_locale() -> Locale:
    from flask_babel import get_locale

    locale = get_locale()
    return locale if locale is not None else Locale.parse(DEFAULT_LANGUAGE)


def init_app(app: Flask) -> None:
    """Attach Babel to ``app`` with the shipped catalogs and register the template helpers."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(LOCALES_DIR))
    babel.init_app(
        app,
        default_locale=DEFAULT_LANGUAGE,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
    )
    app.jinja_env.filters.update(when=when, zone_name=zone_name, day=day, ago=ago, number=number)
    app.jinja_env.globals.update(
        ui_languages=UI_LANGUAGES,
        language_tag=language_tag,
        language_name=language_name,
    )
    # {% trans %} blocks span lines in templates; babel.cfg extracts them trimmed too.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
