"""Write the legacy databases of tests/data/legacy: the schema and rows of publisher before
migrations (commit a71b33f), made by that commit's own code. See README.md beside this file.

Run it with the pre-migration code first on the import path, e.g.
``PYTHONPATH=/path/to/checkout-of-a71b33f python tests/data/legacy/generate.py sqlite:///legacy.db``.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from publisher.core import Desk
from publisher.demo import SAMPLES_DIR
from publisher.settings import load_settings

SAMPLES = [
    "ians_harbour_scraped.txt",
    "yonhap_rail_1_lead.txt",
    "yonhap_rail_2_2nd_ld.txt",
    "reuters_chip_exports.txt",
    "yonhap_korean_festival.txt",
]


class MarkingTranslator:
    """A deterministic engine: each sentence comes back marked with the target language."""

    name = "double"

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", "ko"), ("en", "es")}

    def model_version(self, source: str, target: str) -> str:
        return f"double-{source}-{target}-1"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        if (source, target) not in self.pairs():
            from publisher.errors import TranslationUnavailable

            raise TranslationUnavailable(source, target)
        return [f"[{target}] {sentence}" for sentence in sentences]


def main(database_url: str) -> None:
    with tempfile.TemporaryDirectory() as instance:
        settings = load_settings(
            {"instance": instance, "database_url": database_url, "languages": "ko,es"}
        )
        desk = Desk(settings, engines={"double": MarkingTranslator()})  # runs create_schema
        report = desk.ingest([str(SAMPLES_DIR / name) for name in SAMPLES])
        assert report.ok, report.failures
        desk.run()  # jobs: split, summarize, translate; search index; translation memory
        first = desk.dispatches()[-1].id
        desk.translate(["es"], [first], full_text=True)
        desk.close()


if __name__ == "__main__":
    main(sys.argv[1])
    print(Path(sys.argv[1]).name, "written", file=sys.stderr)
