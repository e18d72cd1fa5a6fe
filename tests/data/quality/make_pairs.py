"""Write pairs.jsonl: the good translations of sentences.json and the same pairs with errors
injected, each labelled with the checks that must fire. Deterministic; run it after editing
sentences.json: ``python tests/data/quality/make_pairs.py``.

The labels come from what each injection does to the text, never from the checks: an
injection that cuts a number away is labelled ``numbers`` because a digit went, whatever
the numbers check makes of it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).parent
TARGETS = ("ko", "ja", "zh", "es")
UNSPACED = ("ja", "zh")
# the number an engine drops, with its unit and sign: "350만", "3,5 %", "12億"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s?(?:[만억조천万億亿千]+|%)?")
# the translation used for "written in another language" (Japanese has kana, Chinese has none)
OTHER_SCRIPT = {"ko": "ja", "ja": "zh", "zh": "ja"}

Item = dict[str, object]


def _item(base: dict[str, str], target: str, kind: str, text: str, expected: list[str]) -> Item:
    return {
        "id": f"{base['id']}-{target}-{kind}",
        "pair": f"en-{target}",
        "kind": kind,
        "source": base["en"],
        "target": text,
        "expected": sorted(set(expected)),
    }


def _changed_number(text: str) -> str | None:
    """The first number with its last digit changed (12 → 13, 3.5 → 3.6)."""
    match = NUMBER.search(text)
    if match is None:
        return None
    digits = [m for m in re.finditer(r"\d", match.group(0))][-1]
    position = match.start() + digits.start()
    new = str((int(text[position]) + 1) % 10)
    return text[:position] + new + text[position + 1 :]


def _missing_number(text: str) -> str | None:
    match = NUMBER.search(text)
    if match is None:
        return None
    return re.sub(r"\s{2,}", " ", text[: match.start()] + text[match.end() :]).strip()


def _loop(text: str, target: str) -> str:
    """What a decoding loop looks like: the sentence starts, then one piece repeats."""
    body = text.rstrip("。.!")
    if target in UNSPACED:
        # engines loop on the language's own characters (a Latin name would be one word)
        piece = next(body[i : i + 2] for i in range(len(body)) if _cjk(body[i : i + 2]))
        return body + piece * 12
    words = [w for w in body.split() if w.isalpha()]
    return body + (" " + words[min(1, len(words) - 1)]) * 12


def _cjk(text: str) -> bool:
    return len(text) == 2 and all("\u3040" <= char <= "\u9fff" for char in text)


def _cut(text: str, target: str) -> str:
    """The first 40 % of the text, at a space where the language has spaces."""
    end = int(len(text) * 0.4)
    if target not in UNSPACED and " " in text[:end]:
        end = text.rindex(" ", 0, end)
    return text[:end].rstrip(" ,、，")


def _untranslated_es(source: str) -> str:
    """The English source with one word dropped: not a copy, but not Spanish either."""
    words = source.split()
    return " ".join(words[:2] + words[3:])


def items(bases: list[dict[str, str]]) -> Iterator[Item]:
    for n, base in enumerate(bases):
        for target in TARGETS:
            good = base[target]
            yield _item(base, target, "good", good, [])
            changed = _changed_number(good)
            if changed is not None:
                yield _item(base, target, "number-changed", changed, ["numbers"])
            missing = _missing_number(good)
            if missing is not None:
                yield _item(base, target, "number-missing", missing, ["numbers"])
            yield _item(base, target, "loop", _loop(good, target), ["repetition"])
            yield _item(base, target, "empty", "", ["empty"])
            yield _item(base, target, "copied", base["en"], ["identical"])
            other = base[OTHER_SCRIPT[target]] if target in OTHER_SCRIPT else None
            wrong = other if other is not None else _untranslated_es(base["en"])
            yield _item(base, target, "wrong-language", wrong, ["script"])
            cut = _cut(good, target)
            lost_digits = bool(re.search(r"\d", good[len(cut) :]))
            yield _item(base, target, "cut", cut, ["length"] + ["numbers"] * lost_digits)
            # two more sentences of other dispatches glued on: an engine running on
            extra = [bases[(n + k) % len(bases)][target] for k in (1, 2)]
            padded = " ".join([good, *extra])
            labels = ["length", "sentence_count"]
            labels += ["numbers"] * any(re.search(r"\d", e) for e in extra)
            yield _item(base, target, "padded", padded, labels)


def main() -> None:
    bases = json.loads((HERE / "sentences.json").read_text("utf-8"))
    lines = [json.dumps(item, ensure_ascii=False) for item in items(bases)]
    (HERE / "pairs.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {len(lines)} pairs to {HERE / 'pairs.jsonl'}")


if __name__ == "__main__":
    main()
