"""Spotting likely duplicates: a new space or operator named like an existing one."""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

# Names at least this similar (0..1, difflib's ratio) count as likely the same thing.
SIMILARITY_THRESHOLD = 0.8
# A name inside another ("Chaihuo" in "Chaihuo Makerspace") counts when it has this many characters.
MIN_CONTAINED_LENGTH = 4
NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def normalize(name):
    """Case, width, spaces and punctuation removed: "X-Space" and "x space" are the same name."""
    return NOT_LETTER_OR_DIGIT.sub("", unicodedata.normalize("NFKC", name).casefold())


def name_variants(*names):
    """Normalized names from name fields; multi-line fields (aliases) give one name a line."""
    variants = set()
    for name in names:
        for line in (name or "").splitlines():
            normalized = normalize(line)
            if normalized:
                variants.add(normalized)
    return variants


class NameMatcher:
    """Scores existing names against one new normalized name (0..1).

    Equal names score 1, a name of MIN_CONTAINED_LENGTH or more characters
    inside the other 0.9, otherwise difflib's ratio. The matcher keeps the new
    name's index between comparisons, and cheap upper bounds skip most pairs.
    """

    def __init__(self, name):
        self.name = name
        self.matcher = SequenceMatcher(None, autojunk=False)
        self.matcher.set_seq2(name)

    def score(self, other):
        name = self.name
        if other == name:
            return 1.0
        shorter, longer = (other, name) if len(other) <= len(name) else (name, other)
        if len(shorter) >= MIN_CONTAINED_LENGTH and shorter in longer:
            return 0.9
        if 2 * len(shorter) / (len(shorter) + len(longer)) < SIMILARITY_THRESHOLD:
            return 0.0  # the lengths alone rule it out
        self.matcher.set_seq1(other)
        if self.matcher.quick_ratio() < SIMILARITY_THRESHOLD:
            return 0.0
        return self.matcher.ratio()


@dataclass(frozen=True)
class Candidate:
    pk: int
    label: str
    score: float


def similar_records(queryset, names, name_fields, *, limit=10):
    """Rows of the queryset with a name (in any of name_fields) close to one of names, closest first."""
    rows = queryset.values_list("pk", *name_fields).iterator()
    return closest(rows, names, limit=limit)


def closest(rows, names, *, limit=10):
    """Candidates among rows of (pk, name, other names...) whose names are close to one of names."""
    matchers = [NameMatcher(name) for name in name_variants(*names)]
    if not matchers:
        return []
    candidates = []
    for pk, *values in rows:
        existing = name_variants(*values)
        score = max((matcher.score(name) for matcher in matchers for name in existing), default=0.0)
        if score >= SIMILARITY_THRESHOLD:
            label = " / ".join(value for value in values[:2] if value)
            candidates.append(Candidate(pk, label, score))
    candidates.sort(key=lambda candidate: (-candidate.score, candidate.label))
    return candidates[:limit]
