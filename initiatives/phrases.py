"""A report's words as the matching compares them: character pairs, programme names, counted nouns; pure text."""

import re
import unicodedata

from . import lexicon

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
FUNCTION_CHARS = "".join(sorted(lexicon.FUNCTION_CHARS))
QUOTED = re.compile(rf"[“「『\"‘]([^“”「」『』\"‘’\n]{{2,{lexicon.LONGEST_NAME}}})[”」』\"’]")
BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
NAME_PUNCTUATION = re.compile(r"[“”「」『』\"‘’\s·]")
GENERIC = re.compile("|".join(sorted(map(re.escape, lexicon.GENERIC_WORDS), key=len, reverse=True)))


def place_stripper(places):
    """Return a function removing these place names and their short forms from a text."""
    names = set()
    for place in places:
        if not place:
            continue
        names.add(place)
        for suffix in lexicon.PLACE_SUFFIXES:
            if place.endswith(suffix) and len(place) - len(suffix) >= 2:
                names.add(place.removesuffix(suffix))
                break
    pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    return (lambda text: pattern.sub("", text)) if names else (lambda text: text)


def normalise(text):
    return unicodedata.normalize("NFKC", text or "")


def pairs(text):
    """Return the character pairs of each run of Chinese characters in text, in order."""
    return [run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)]


def content_pairs(text):
    """Return the pairs that may say what a text is about: none from or across generic words."""
    # Generic words are cut out first, so 助力乡村振兴 leaves no stray pair such as 力乡.
    return {
        pair for pair in pairs(GENERIC.sub("|", text)) if not set(pair) & lexicon.FUNCTION_CHARS
    }


def programmes(text):
    """Return the programme names in text: quoted names and the lexicon's patterns."""
    found = set()
    for quoted in QUOTED.findall(text):
        name = NAME_PUNCTUATION.sub("", quoted)
        if (
            len(name) >= 2
            and not re.search(r"[，。；：、！？,;:!?]", name)
            and name not in lexicon.GENERIC_QUOTED
            and CJK_RUN.search(name)
        ):
            found.add(name)
    for pattern in lexicon.PROGRAMME_PATTERNS:
        found.update(re.sub(r"\s", "", match).upper() for match in pattern.findall(text))
    return found


def counted_noun(counted):
    """Return a counted noun without quotation marks or bracketed asides (乡镇（街道） → 乡镇)."""
    return NAME_PUNCTUATION.sub("", BRACKETED.sub("", normalise(counted)))


def counted_nouns(nouns, strip):
    found = {strip(counted_noun(noun)) for noun in nouns}
    return {noun for noun in found if len(noun) >= 2 and noun not in lexicon.GENERIC_COUNTED}
