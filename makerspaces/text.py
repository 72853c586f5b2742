"""How the search reads text: normalised words, the document a space is found by, the ranking query, and
the pinyin that lets a search in Latin letters find Chinese names and lists sort in Chinese order.

Pure functions of strings, so the models, the search-document upkeep and the filters can all use them.
"""

import re
import unicodedata

from pypinyin import lazy_pinyin

# Words of a search beyond this many are ignored: each word adds a condition.
MAX_SEARCH_WORDS = 8
# Full-text configuration of the vector: no stemming, so that ranking never
# depends on a language's rules (names are English, Chinese or pinyin).
SEARCH_CONFIG = "simple"
# Characters that end a word in the ranking query: to_tsquery gives them meanings.
_NON_WORD = re.compile(r"[^\w]+")
# Runs of Chinese characters (the CJK unified ideographs and their extensions in the basic plane).
_HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Apostrophes split pinyin syllables ("Jing'an") and mark possessives: a search ignores them.
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc")


def normalise(text):
    return unicodedata.normalize("NFKC", text or "").casefold().translate(_APOSTROPHES)


def pinyin_forms(text):
    """The ways a reader types the Chinese in ``text`` with Latin letters: each run of characters as its
    syllables joined and as their initials. '共青团深圳市委员会' -> ['gongqingtuanshenzhenshiweiyuanhui',
    'gqtszswyh']; nothing for text without Chinese characters."""
    forms = []
    for run in _HANZI.findall(text or ""):
        syllables = lazy_pinyin(run)
        forms += ["".join(syllables), "".join(syllable[0] for syllable in syllables)]
    return forms


def name_sort_key(name_en, name_zh=""):
    """What a list sorts a name by in Chinese: the Chinese name in pinyin (its syllables apart, so that
    "xi an" comes before "xian..."), or the English name when there is no Chinese one."""
    if not name_zh:
        return normalise(name_en)
    return normalise(" ".join(lazy_pinyin(name_zh)))


def search_words(text):
    """The words a search looks for, normalised as the documents are."""
    return normalise(text).split()[:MAX_SEARCH_WORDS]


def document(name_en, name_zh, aliases, description, operator_names=(), description_zh=""):
    """The normalised text a space is found by: its names, aliases, descriptions and operators' names, and the
    pinyin of every Chinese name among them."""
    names = [name_en, name_zh, aliases, *operator_names]
    pinyin = [form for name in names for form in pinyin_forms(name)]
    parts = [*names, description, description_zh, *pinyin]
    return normalise("\n".join(part for part in parts if part))


def ranking_query(words):
    """A to_tsquery text matching documents with every word as a word prefix, or "" when no word is left."""
    pieces = [piece for word in words for piece in _NON_WORD.split(word) if piece]
    return " & ".join(f"{piece}:*" for piece in pieces)
