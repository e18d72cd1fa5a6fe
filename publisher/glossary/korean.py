"""Korean particles that change with the word before them (은/는, 이/가, 을/를, 와/과, (으)로).

When a glossary rendering replaces a term, the engine chose the particle for whatever stood
there (a placeholder); :func:`fix_particle` re-chooses it for the rendering. The forms and
the reading of Latin letters and digits are data: ``data/ko_particles.toml``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache

from publisher.datafiles import load_toml

HANGUL_FIRST = 0xAC00
HANGUL_LAST = 0xD7A3
_FINALS = 28
_RIEUL = 8  # index of ㄹ among the final consonants
# closing quotes and brackets: a particle follows them ("이재명"은) and chooses by the word inside
CLOSERS = "\"'\u2019\u201d)]}\u300d\u300f"


class Final(enum.Enum):
    VOWEL = "vowel"
    CONSONANT = "consonant"
    RIEUL = "rieul"  # a final ㄹ: a consonant, except for (으)로


@dataclass(frozen=True)
class Alternation:
    consonant: str
    vowel: str
    rieul: str

    def form(self, final: Final) -> str:
        if final is Final.VOWEL:
            return self.vowel
        return self.rieul if final is Final.RIEUL else self.consonant


@dataclass(frozen=True)
class ParticleData:
    alternations: tuple[Alternation, ...]
    # every alternating form, longest first, mapped to its alternation
    forms: tuple[tuple[str, Alternation], ...]
    continuations: tuple[str, ...]
    following: tuple[str, ...]
    spoken: dict[str, Final]


@lru_cache(maxsize=1)
def particle_data() -> ParticleData:
    """The checked data file. Raises ValueError naming a malformed entry."""
    data = load_toml("publisher.glossary", "ko_particles.toml")
    alternations = []
    for entry in data["alternating"]:
        consonant, vowel = str(entry["consonant"]), str(entry["vowel"])
        if not (consonant and vowel and is_hangul(consonant[0]) and is_hangul(vowel[0])):
            raise ValueError(f"ko_particles.toml: bad alternating entry {entry!r}")
        alternations.append(Alternation(consonant, vowel, str(entry.get("rieul", consonant))))
    forms = sorted(
        {form: alt for alt in alternations for form in (alt.consonant, alt.vowel)}.items(),
        key=lambda item: -len(item[0]),
    )
    spoken = {str(char): Final.CONSONANT for char in data["spoken_final"]["consonant"]}
    spoken |= {str(char): Final.RIEUL for char in data["spoken_final"]["rieul"]}
    following = {str(p) for p in data["following"]} | {form for form, _alt in forms}
    return ParticleData(
        tuple(alternations),
        tuple(forms),
        tuple(sorted((str(c) for c in data["continuations"]), key=len, reverse=True)),
        tuple(sorted(following, key=len, reverse=True)),
        spoken,
    )


def is_hangul(char: str) -> bool:
    return HANGUL_FIRST <= ord(char) <= HANGUL_LAST


def final_sound(word: str) -> Final | None:
    """How ``word`` ends when read aloud, or None when that cannot be told (e.g. ``…``).

    A Hangul syllable tells by its final consonant (batchim); a Latin letter or digit by its
    Korean name. Closing quotes and brackets are looked past.
    """
    for char in reversed(word.rstrip()):
        if char in CLOSERS:
            continue
        if is_hangul(char):
            index = (ord(char) - HANGUL_FIRST) % _FINALS
            if index == 0:
                return Final.VOWEL
            return Final.RIEUL if index == _RIEUL else Final.CONSONANT
        if char.isascii() and char.isalnum():
            return particle_data().spoken.get(char.upper(), Final.VOWEL)
        return None
    return None


def _particle_ends(text: str, end: int) -> bool:
    """Whether a particle ending at ``end`` is a whole particle: nothing Hangul follows, or
    only a particle that may follow it."""
    if end >= len(text) or not is_hangul(text[end]):
        return True
    return any(text.startswith(more, end) for more in particle_data().continuations)


def fix_particle(word: str, text: str, start: int) -> str:
    """``text`` with the alternating particle at ``start`` (right after ``word``, or after the
    quotes that close it) in the form ``word`` needs; unchanged when no such particle is
    there or the ending is unknown."""
    final = final_sound(word)
    if final is None:
        return text
    while start < len(text) and text[start] in CLOSERS:
        start += 1
    for form, alternation in particle_data().forms:
        if text.startswith(form, start) and _particle_ends(text, start + len(form)):
            return text[:start] + alternation.form(final) + text[start + len(form) :]
    return text


def particles_after(text: str, start: int) -> int:
    """Where the particles attached at ``start`` end (``start`` when none are)."""
    position = start
    for _round in range(3):  # 으로 + 는 + 의 at most: more is another word
        for particle in particle_data().following:
            if text.startswith(particle, position):
                position += len(particle)
                break
        else:
            break
    return position
