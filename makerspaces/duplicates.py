"""Spotting likely duplicates: a new space or operator named like an existing one."""

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

# Names at least this similar (0..1, difflib's ratio) count as likely the same thing.
SIMILARITY_THRESHOLD = 0.8
# A name inside another ("Chaihuo" in "Chaihuo Makerspace") counts when it has this many characters.
MIN_CONTAINED_LENGTH = 4


def normalize(name):
    """Case, width, spaces and punctuation removed: "X-Space" and "x space" are the same name."""
    name = unicodedata.normalize("NFKC", name).casefold()
    return "".join(char for char in name if char.isalnum())


def name_variants(*names):
    """Normalized names from name fields; multi-line fields (aliases) give one name a line."""
    variants = set()
    for name in names:
        for line in (name or "").splitlines():
            normalized = normalize(line)
            if normalized:
                variants.add(normalized)
    return variants


def similarity(first, second):
    if first == second:
        return 1.0
    shorter, longer = sorted((first, second), key=len)
    if len(shorter) >= MIN_CONTAINED_LENGTH and shorter in longer:
        return 0.9
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    # The quick upper bounds skip most pairs without the full comparison.
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD or matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


@dataclass(frozen=True)
class Candidate:
    pk: int
    label: str
    score: float


def similar_records(queryset, names, name_fields, *, limit=10):
    """Rows of the queryset with a name (in any of name_fields) close to one of names, closest first."""
    wanted = name_variants(*names)
    if not wanted:
        return []
    candidates = []
    for pk, *values in queryset.values_list("pk", *name_fields).iterator():
        existing = name_variants(*values)
        score = max((similarity(new, old) for new in wanted for old in existing), default=0.0)
        if score >= SIMILARITY_THRESHOLD:
            label = " / ".join(value for value in values[:2] if value)
            candidates.append(Candidate(pk, label, score))
    candidates.sort(key=lambda candidate: (-candidate.score, candidate.label))
    return candidates[:limit]
