"""Invented names and the slugs that follow them."""

from django.utils.text import slugify

from .vocabulary import BRAND_SYLLABLES, SYLLABLES


class SlugAllocator:
    """Unique slugs for one model: base, base-2, base-3, ..., never one already taken."""

    def __init__(self, taken, max_length):
        self.taken = set(taken)
        self.max_length = max_length
        self.next_number = {}

    def from_text(self, text):
        return self.allocate(slugify(text)[: self.max_length - 8].strip("-") or "demo")

    def allocate(self, base):
        number = self.next_number.get(base, 1)
        slug = base if number == 1 else f"{base}-{number}"
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.next_number[base] = number + 1
        self.taken.add(slug)
        return slug


def join_syllables(syllables):
    """The English and Chinese names made of these (pinyin, character) pairs."""
    return "".join(en for en, _zh in syllables).capitalize(), "".join(zh for _en, zh in syllables)


def place_name(rng, used, syllables=SYLLABLES):
    """A two-syllable name not in used (three syllables once two run short); adds it to used."""
    for attempt in range(200):
        name = join_syllables(rng.sample(syllables, 2 if attempt < 100 else 3))
        if name[0] not in used:
            used.add(name[0])
            return name
    raise RuntimeError("Ran out of synthetic names.")


def brand_name(rng):
    return join_syllables([rng.choice(BRAND_SYLLABLES), rng.choice(SYLLABLES)])
