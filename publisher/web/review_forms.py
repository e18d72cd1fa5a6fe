"""The review pages' form fields, read and bounded: a bad field is a 400 naming it, never a
500 (the CSRF token is checked before any view, by publisher.web.csrf)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import request
from werkzeug.exceptions import BadRequest

from publisher.review.drafts import MAX_HEADLINE, MAX_SENTENCE
from publisher.review.service import MAX_REASON
from publisher.web.params import MAX_ID, has_control

MAX_FIELDS = 500  # sentences of one summary an editor may save at once
MAX_LANGUAGES = 50
_DIGITS = re.compile(r"[0-9]{1,19}")
_LANGUAGE = re.compile(r"[A-Za-z0-9-]{1,35}")
_SENTENCE_FIELD = re.compile(r"s-([0-9]{1,4})")


def _one(name: str) -> str | None:
    values = request.form.getlist(name)
    if len(values) > 1:
        raise BadRequest(description=f"{name} must be given once")
    return values[0] if values else None


def form_number(name: str, *, required: bool = True, maximum: int = MAX_ID) -> int:
    """A whole number field from 1 (0 when absent and not required) to ``maximum``."""
    raw = (_one(name) or "").strip()
    if not raw and not required:
        return 0
    if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= maximum:
        raise BadRequest(description=f"{name} must be a whole number from 1 to {maximum}")
    return int(raw)


def form_choice(name: str, options: Iterable[str]) -> str:
    raw = _one(name)
    allowed = sorted(options)
    if raw not in allowed:
        raise BadRequest(description=f"{name} must be one of {', '.join(allowed)}")
    return raw


def form_text(name: str, *, limit: int = MAX_REASON) -> str | None:
    """A one-line text (a reason, a notice); the service says when a required one is empty."""
    raw = _one(name)
    if raw is None or not raw.strip():
        return None
    if len(raw) > limit or "\x00" in raw:
        raise BadRequest(description=f"{name} has at most {limit} characters")
    return raw


def form_languages() -> list[str]:
    values = request.form.getlist("lang")
    if len(values) > MAX_LANGUAGES or not all(_LANGUAGE.fullmatch(v) for v in values):
        raise BadRequest(description="lang must be language codes such as ko or zh-Hant")
    return list(dict.fromkeys(values))


def _edited(name: str, limit: int) -> tuple[str | None, str | None]:
    """The field's new text and the text the page showed (``was-`` + name)."""
    new, was = _one(name), _one(f"was-{name}")
    for value in (new, was):
        if value is not None and (len(value) > limit or _bad_text(value)):
            raise BadRequest(description=f"{name} holds control characters or is too long")
    return new, was


def _bad_text(value: str) -> bool:
    # line breaks in a textarea are spaces to the desk; other controls are no text
    return has_control(value.replace("\r", " ").replace("\n", " ").replace("\t", " "))


def edited_fields() -> tuple[str | None, dict[int, str], dict[str, str]]:
    """(headline, {position: text}, everything submitted) of the fields the editor changed:
    a field equal to the text the page showed is no edit, so an untouched field cannot
    conflict with someone else's save of it."""
    names = [name for name in request.form if _SENTENCE_FIELD.fullmatch(name)]
    if len(names) > MAX_FIELDS:
        raise BadRequest(description=f"at most {MAX_FIELDS} sentences at once")
    submitted: dict[str, str] = {}
    headline, was = _edited("headline", MAX_HEADLINE)
    if headline is not None:
        submitted["headline"] = headline
    changed_headline = headline if headline is not None and headline != was else None
    sentences: dict[int, str] = {}
    for name in names:
        text, was = _edited(name, MAX_SENTENCE)
        if text is None:
            continue
        submitted[name] = text
        if text != was:
            sentences[int(_SENTENCE_FIELD.fullmatch(name).group(1))] = text  # type: ignore[union-attr]
    return changed_headline, sentences, submitted


def selected_indexes() -> list[int]:
    """The source sentences ticked for the summary, in the order of the text."""
    values = request.form.getlist("sentence")
    if len(values) > MAX_FIELDS or not all(_DIGITS.fullmatch(v) for v in values):
        raise BadRequest(description="sentence must be sentence numbers")
    return sorted({int(v) for v in values})
