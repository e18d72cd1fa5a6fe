"""The words an export adds around the text (labels, provenance), in the reader's language.

They come from the same gettext catalogs as the web pages (``locales/``), read with Babel
outside Flask, so a Korean digest says 게시 where an English one says Published. A language
without a catalog gets English, and :attr:`Labels.language` says so: the export tags those
words ``en`` for screen readers, fonts and spell checkers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from gettext import NullTranslations

from babel.support import Translations

from publisher.export.model import ExportItem, ReviewState
from publisher.languages import language_name
from publisher.paths import LOCALES_DIR

DOMAIN = "messages"
ENGLISH = "en"


def _(message: str) -> str:
    """Marks ``message`` for extraction; :class:`Labels` translates it per language."""
    return message


PUBLISHED = _("Published: %(time)s")
RECEIVED = _("Received: %(time)s")
ORIGINAL = _("Original (%(language)s):")
FULL_TEXT = _("Full text (%(language)s)")
FULL_ORIGINAL = _("Full original text (%(language)s)")
SOURCE = _("Source:")
CONTENTS = _("Contents")
NOTHING_PUBLISHED = _("Nothing was published in this period.")
DIGEST_TITLE = _("Digest %(period)s (%(language)s)")
ORIGINAL_TEXT = _("Original text (%(language)s)")
REVIEWED = _("Reviewed translation from %(source)s into %(target)s")
REVIEWED_BY_ENGINE = _("Reviewed translation from %(source)s into %(target)s, engine %(engine)s")
MACHINE = _("Machine translation from %(source)s into %(target)s")
MACHINE_BY_ENGINE = _("Machine translation from %(source)s into %(target)s, engine %(engine)s")


@dataclass(frozen=True)
class Labels:
    """The added words in one language."""

    language: str  # the language they are written in: the export's, or English
    catalog: NullTranslations

    def say(self, message: str, **values: str) -> str:
        return self.catalog.gettext(message) % values

    def name(self, code: str) -> str:
        """A language's name as these labels write it inside a sentence (``inglés``)."""
        return language_name(code, self.language, capitalize=False)

    def published(self, when: str) -> str:
        return self.say(PUBLISHED, time=when)

    def received(self, when: str) -> str:
        return self.say(RECEIVED, time=when)

    def original(self, language: str) -> str:
        return self.say(ORIGINAL, language=self.name(language))

    def full_text(self, language: str) -> str:
        return self.say(FULL_TEXT, language=self.name(language))

    def full_original(self, language: str) -> str:
        return self.say(FULL_ORIGINAL, language=self.name(language))

    @property
    def source(self) -> str:
        return self.say(SOURCE)

    @property
    def contents(self) -> str:
        return self.say(CONTENTS)

    @property
    def nothing_published(self) -> str:
        return self.say(NOTHING_PUBLISHED)

    def digest_title(self, period: str, language: str) -> str:
        return self.say(DIGEST_TITLE, period=period, language=self.name(language))

    def provenance(self, item: ExportItem) -> str:
        """Where the text comes from: the original, or a reviewed or machine translation."""
        if item.is_original:
            return self.say(ORIGINAL_TEXT, language=self.name(item.language))
        reviewed = item.review_state is ReviewState.REVIEWED
        pair = {"source": self.name(item.source_language), "target": self.name(item.language)}
        if item.engine:
            message = REVIEWED_BY_ENGINE if reviewed else MACHINE_BY_ENGINE
            return self.say(message, **pair, engine=item.engine)
        return self.say(REVIEWED if reviewed else MACHINE, **pair)


@lru_cache(maxsize=32)
def labels_for(language: str) -> Labels:
    """The labels for an export in ``language`` (a tag such as ``ko`` or ``zh-Hant``): its own
    catalog, else the catalog of its primary language, else English."""
    primary = language.replace("_", "-").split("-")[0]
    for candidate in dict.fromkeys((language.replace("-", "_"), primary)):
        if candidate == ENGLISH:
            break
        # only a catalog of exactly this name: gettext's own fallbacks would give zh-Hant the
        # zh catalog under the zh-Hant tag
        if not (LOCALES_DIR / candidate / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
            continue
        catalog = Translations.load(str(LOCALES_DIR), [candidate], DOMAIN)
        if isinstance(catalog, Translations):  # NullTranslations: it would not load
            return Labels(candidate.replace("_", "-"), catalog)
    return Labels(ENGLISH, NullTranslations())
