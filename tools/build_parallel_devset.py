"""Build the translation development sets in tests/data/parallel/ from gettext catalogs.

The sentences are the user-interface messages of Django and Sphinx, whose PyPI wheels ship
their Spanish and Catalan catalogs under BSD licences (see tests/data/parallel/README.md).
Only whole sentences are kept: no placeholders, markup or line breaks, at least four words,
ending in sentence punctuation, translated and not fuzzy. Run it again to rebuild:

    pip download --no-deps django==5.2.19 sphinx==9.0.4 -d /tmp/wheels
    python tools/build_parallel_devset.py /tmp/wheels/*.whl
"""

from __future__ import annotations

import io
import logging
import re
import sys
import zipfile
from pathlib import Path

from babel.messages.pofile import read_po

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "parallel"
LANGUAGES = ("es", "ca")
PARAGRAPH = 4
UNWANTED = re.compile(r"[%{}<>\\_`*|\t]|\n|https?:")


def sentence_pairs(wheels: list[Path], language: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            names = sorted(
                name
                for name in archive.namelist()
                if f"/locale/{language}/LC_MESSAGES/" in name and name.endswith(".po")
            )
            for name in names:
                catalog = read_po(io.BytesIO(archive.read(name)))
                for message in catalog:
                    source, target = message.id, message.string
                    if not isinstance(source, str) or not isinstance(target, str) or not target:
                        continue
                    if message.fuzzy or UNWANTED.search(source + target):
                        continue
                    if len(source.split()) < 4 or not source.rstrip().endswith((".", "?", "!")):
                        continue
                    pairs.setdefault(source.strip(), target.strip())
    return pairs


def main(arguments: list[str]) -> None:
    logging.getLogger("babel").setLevel(logging.ERROR)
    wheels = [Path(argument) for argument in arguments]
    for language in LANGUAGES:
        pairs = sentence_pairs(wheels, language)
        path = OUT / f"en-{language}.tsv"
        path.write_text("".join(f"{s}\t{t}\n" for s, t in pairs.items()), encoding="utf-8")
        print(f"{path}: {len(pairs)} pairs")
        # the same sentences four to a paragraph, to compare an engine's whole-paragraph
        # output with our split-translate-join path
        items = list(pairs.items())
        groups = [items[start : start + PARAGRAPH] for start in range(0, len(items), PARAGRAPH)]
        paragraphs = OUT / f"en-{language}.paragraphs.tsv"
        paragraphs.write_text(
            "".join(
                " ".join(s for s, _ in group) + "\t" + " ".join(t for _, t in group) + "\n"
                for group in groups
            ),
            encoding="utf-8",
        )
        print(f"{paragraphs}: {len(groups)} paragraphs")


if __name__ == "__main__":
    main(sys.argv[1:])
