"""How the search reads text: normalised words, the document a space is found by, the ranking query.

Pure functions of strings, so the models, the search-document upkeep and the filters can all use them.
"""

import re
import unicodedata

# Words of a search beyond this many are ignored: each word adds a condition.
MAX_SEARCH_WORDS = 8
# Full-text configuration of the vector: no stemming, so that ranking never
# depends on a language's rules (names are English, Chinese or pinyin).
SEARCH_CONFIG = "simple"
# Characters that end a word in the ranking query: to_tsquery gives them meanings.
_NON_WORD = re.compile(r"[^\w]+")


def normalise(text):
    return unicodedata.normalize("NFKC", text or "").casefold()


def search_words(text):
    """The words a search looks for, normalised as the documents are."""
    return normalise(text).split()[:MAX_SEARCH_WORDS]


def document(name_en, name_zh, aliases, description, operator_names=()):
    """The normalised text a space is found by."""
    parts = [name_en, name_zh, aliases, description, *operator_names]
    return normalise("\n".join(part for part in parts if part))


def ranking_query(words):
    """A to_tsquery text matching documents with every word as a word prefix, or "" when no word is left."""
    pieces = [piece for word in words for piece in _NON_WORD.split(word) if piece]
    return " & ".join(f"{piece}:*" for piece in pieces)
