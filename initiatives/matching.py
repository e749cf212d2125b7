"""Suggest the existing initiatives a newly read report continues; pure Python, no ORM.

An initiative lasts: a county paper reports on the same work again months later, with new
figures. Chinese has no spaces, so texts are compared by character pairs (bigrams) and by the
longer strings two texts share, weighted so that pairs most of the county's initiatives use count
for little. Five kinds of evidence are scored between 0 and 1 and combined so that any one strong
kind, or several weak ones, make a high score:

- shared title words (帮扶项目 in both headlines),
- shared phrases of the text (柏籽加工厂房, 泉乡夕韵大讲堂),
- the same counted things (the figures of both count 帮扶项目),
- a named programme (“社区伙伴”, 一事一议, 双报到, 1+N; patterns in lexicon.py),
- the initiative's theme named in the report (a tie-breaker only).

The score is not a probability; CONTINUE_THRESHOLD is where, on the tuning pages
(tests/data/pages/tuning/), continuations and unrelated reports of the same county part.
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain

from django.utils.translation import gettext as _

from .phrases import (
    CJK_RUN,
    FUNCTION_CHARS,
    content_pairs,
    counted_nouns,
    normalise,
    pairs,
    place_stripper,
    programmes,
)

# An import continues the best candidate when its score reaches this; below it, the report starts
# a new initiative unless staff choose otherwise. Set on the tuning pages (docs/editing.md).
CONTINUE_THRESHOLD = 0.5
# Candidates scoring below this are not suggested at all: nothing of substance is shared.
SUGGESTION_FLOOR = 0.2
# How many candidates are offered per report.
SUGGESTIONS = 3
# How many candidates, those sharing most with a report, are weighed in full.
SHORTLIST = 25

# How much each kind of evidence can add on its own (see combine()).
WEIGHTS = {
    "title": 0.6,
    "phrases": 0.6,
    "counted": 0.5,
    "programmes": 0.7,
    "theme": 0.1,
}
# Shared text phrases shorter than this are left to the character pairs.
SHORTEST_PHRASE = 4
# Each shared phrase adds this much, scaled by its rarity and length.
PHRASE_STEP = 0.3
# A shared phrase of this many characters counts fully; shorter ones count in proportion.
FULL_PHRASE = 6
# Each shared counted noun adds this much, scaled by its rarity.
COUNTED_STEP = 0.6
# What a counted noun found only in the initiative's text (not among its figures) is worth.
COUNTED_IN_TEXT = 0.5
# A counted noun inside a longer one is the same noun when it is at least this share of it.
NOUN_SHARE = 0.5
# Each shared programme adds this much, scaled by its rarity and where it is named.
PROGRAMME_STEP = 0.8
# A programme named in either title counts fully; named only in the text, this much.
PROGRAMME_IN_TEXT = 0.7
# A quoted name found unquoted in the other text must be this long, so that a short
# everyday word quoted for emphasis on one side (“准”, “快”) is not taken for a name.
SHORTEST_BARE_NAME = 3
# How many items of each kind a reason names.
REASON_ITEMS = 3
# Something shared by every one of many candidates still counts this much.
RAREST_COMMON = 0.2
# How much of an initiative's reports the matching reads: enough for its names and phrases,
# little enough that a county of many long-lived initiatives stays quick to match.
TEXT_LIMIT = 4000


@dataclass(frozen=True)
class Subject:
    """The report being imported: its headline, paragraphs and the nouns its figures count."""

    title: str
    paragraphs: Sequence[str] = ()
    counted: Sequence[str] = ()


@dataclass(frozen=True)
class Candidate:
    """An existing initiative of the same county, as the matching sees it."""

    slug: str
    title: str
    summary: str = ""
    counted: Sequence[str] = ()
    theme: str = ""
    headlines: Sequence[str] = ()  # Of its reports.
    text: str = ""  # Its reports' paragraphs, or the start of them.


@dataclass(frozen=True)
class Match:
    slug: str
    title: str
    score: float
    reason: str


def rank(subject, candidates, *, places=(), limit=SUGGESTIONS):
    """Return up to limit Matches for the candidates the subject may continue, best first."""
    return Pool(candidates, places=places).rank(subject, limit=limit)


class Pool:
    """The initiatives of one county, read once and matched against each report of a page."""

    def __init__(self, candidates, *, places=()):
        self.strip = place_stripper(places)
        self.candidates = list(candidates)
        self.profiles = [Profile.of_candidate(c, self.strip) for c in self.candidates]
        self.rarity = Rarity(self.profiles)

    def rank(self, subject, *, limit=SUGGESTIONS):
        """Return up to limit Matches for the candidates the subject may continue, best first."""
        mine = Profile.of_subject(subject, self.strip)
        matches = []
        for index in self.shortlist(mine):
            candidate = self.candidates[index]
            evidence = Evidence.between(
                mine, self.profiles[index], self.rarity, theme=candidate.theme
            )
            score = round(combine(evidence.scores()), 2)
            if score >= SUGGESTION_FLOOR:
                matches.append(Match(candidate.slug, candidate.title, score, evidence.reason()))
        matches.sort(key=lambda match: (-match.score, match.slug))
        return matches[:limit]

    def shortlist(self, mine):
        """Return the indexes of the candidates sharing the most rare pairs with the subject."""
        # Weighing every kind of evidence is slower; a county of hundreds of initiatives is
        # first narrowed to those with the most in common.
        wanted = content_pairs(mine.text)
        overlap = [
            (sum(map(self.rarity.of_pair, wanted & profile.text_pairs)), index)
            for index, profile in enumerate(self.profiles)
        ]
        ranked = sorted((item for item in overlap if item[0] > 0), reverse=True)
        return [index for _overlap, index in ranked[:SHORTLIST]]


def continues(matches):
    """Return the slug of the best match if it reaches the threshold, else None."""
    if matches and matches[0].score >= CONTINUE_THRESHOLD:
        return matches[0].slug
    return None


def combine(scores):
    """Return 1 - Π(1 - weight × score): one strong kind of evidence, or several weak, score high."""
    remaining = 1.0
    for kind, score in scores.items():
        remaining *= 1 - WEIGHTS[kind] * min(max(score, 0.0), 1.0)
    return 1 - remaining


# Reading a text


@dataclass
class Profile:
    """What the matching reads from one text: its pairs, names and counted nouns."""

    title: str  # Titles, joined by newlines.
    text: str  # Everything, titles included.
    counted: set = field(default_factory=set)

    @classmethod
    def of_subject(cls, subject, strip):
        title = strip(normalise(subject.title))
        text = "\n".join([title, *(strip(normalise(p)) for p in subject.paragraphs)])
        return cls(title, text, counted_nouns(subject.counted, strip))

    @classmethod
    def of_candidate(cls, candidate, strip):
        titles = [strip(normalise(t)) for t in (candidate.title, *candidate.headlines)]
        title = "\n".join(dict.fromkeys(titles))
        text = "\n".join(
            [
                title,
                strip(normalise(candidate.summary)),
                strip(normalise(candidate.text[:TEXT_LIMIT])),
            ]
        )
        return cls(title, text, counted_nouns(candidate.counted, strip))

    @cached_property
    def title_pairs(self):
        return content_pairs(self.title)

    @cached_property
    def text_pairs(self):
        return set(pairs(self.text))

    @cached_property
    def programmes(self):
        return programmes(self.text)

    @cached_property
    def title_programmes(self):
        return programmes(self.title)


class Rarity:
    """How rare a pair, phrase or name is among the candidates: 1 when at most one has it."""

    def __init__(self, profiles):
        self.size = len(profiles)
        self.pair_counts = Counter(chain.from_iterable(p.text_pairs for p in profiles))
        self.name_counts = Counter(chain.from_iterable(p.programmes for p in profiles))

    def of_count(self, count):
        if count <= 1:
            return 1.0
        # The share of candidates holding it, on a log scale: all of many candidates → 0.2.
        return max(RAREST_COMMON, 1 - math.log(count) / math.log(self.size + 1))

    def of_pair(self, pair):
        return self.of_count(self.pair_counts[pair])

    def of_string(self, text):
        """Return the rarity of a string, as rare as its rarest pair (quick, and never less)."""
        found = set(pairs(text))
        if not found:  # 1+N
            return self.of_count(self.name_counts[text])
        return self.of_count(min(self.pair_counts[pair] for pair in found))


# Weighing the evidence


@dataclass
class Evidence:
    """What a subject shares with one candidate, kind by kind."""

    title_score: float = 0.0
    title_words: list = field(default_factory=list)
    phrase_score: float = 0.0
    phrases: list = field(default_factory=list)
    counted_score: float = 0.0
    counted: list = field(default_factory=list)
    programme_score: float = 0.0
    programmes: list = field(default_factory=list)
    theme: str = ""

    @classmethod
    def between(cls, subject, candidate, rarity, *, theme=""):
        evidence = cls()
        evidence.weigh_titles(subject, candidate, rarity)
        evidence.weigh_programmes(subject, candidate, rarity)
        evidence.weigh_phrases(subject, candidate, rarity)
        evidence.weigh_counted(subject, candidate, rarity)
        core = theme.removesuffix("工作")
        if len(core) >= 2 and core in subject.text:
            evidence.theme = theme
        return evidence

    def scores(self):
        return {
            "title": self.title_score,
            "phrases": self.phrase_score,
            "counted": self.counted_score,
            "programmes": self.programme_score,
            "theme": float(bool(self.theme)),
        }

    def weigh_titles(self, subject, candidate, rarity):
        """Score the rarity-weighted overlap of the two titles' content pairs (a cosine)."""
        mine, theirs = subject.title_pairs, candidate.title_pairs
        shared = mine & theirs
        if not shared:
            return
        weight = rarity.of_pair
        self.title_score = sum(map(weight, shared)) / math.sqrt(
            sum(map(weight, mine)) * sum(map(weight, theirs))
        )
        self.title_words = spans(subject.title, shared)

    def weigh_phrases(self, subject, candidate, rarity):
        """Score the longer strings both texts hold, each by its rarity and length."""
        found = {
            phrase.strip(FUNCTION_CHARS)
            for phrase in shared_strings(subject.text, candidate.text, candidate.text_pairs)
        }
        # A programme's name is weighed as a programme, not again as a phrase.
        found = [
            phrase
            for phrase in found
            if len(phrase) >= SHORTEST_PHRASE
            and len(content_pairs(phrase)) >= 2
            and phrase not in self.programmes
        ]
        remaining = 1.0
        for phrase in found:
            size = min(len(phrase), FULL_PHRASE) / FULL_PHRASE
            remaining *= 1 - PHRASE_STEP * size * rarity.of_string(phrase)
        self.phrase_score = 1 - remaining
        self.phrases = sorted(found, key=len, reverse=True)

    def weigh_counted(self, subject, candidate, rarity):
        """Score the nouns both reports' figures count (or the initiative's text mentions)."""
        remaining = 1.0
        for noun in sorted(subject.counted):
            same = next((theirs for theirs in candidate.counted if same_noun(noun, theirs)), None)
            if same is not None:
                strength, noun = 1.0, min(noun, same, key=len)
            elif len(noun) >= 3 and noun in candidate.text:
                strength = COUNTED_IN_TEXT
            else:
                continue
            if noun not in self.counted:
                remaining *= 1 - COUNTED_STEP * strength * rarity.of_string(noun)
                self.counted.append(noun)
        self.counted_score = 1 - remaining

    def weigh_programmes(self, subject, candidate, rarity):
        """Score the programme names both texts use, more when a title names them."""
        # A name one side quotes counts when the other prints it without quotation marks too.
        shared = (subject.programmes & candidate.programmes) | {
            name
            for mine, theirs in ((subject, candidate), (candidate, subject))
            for name in mine.programmes
            if len(name) >= SHORTEST_BARE_NAME and name in theirs.text
        }
        remaining = 1.0
        for name in sorted(shared):
            in_title = name in subject.title_programmes or name in candidate.title_programmes
            place = 1.0 if in_title else PROGRAMME_IN_TEXT
            remaining *= 1 - PROGRAMME_STEP * place * rarity.of_string(name)
            self.programmes.append(name)
        self.programme_score = 1 - remaining

    def reason(self):
        """Return the evidence in words, strongest kind first."""
        parts = []
        if self.programmes:
            parts.append((self.programme_score, _("同一提法%(names)s"), self.programmes))
        if self.counted:
            parts.append((self.counted_score, _("同样统计%(names)s"), self.counted))
        if self.title_words:
            parts.append((self.title_score, _("标题共有%(names)s"), self.title_words))
        if self.phrases:
            parts.append((self.phrase_score, _("正文共有%(names)s"), self.phrases))
        if self.theme:
            parts.append((0.0, _("主题%(names)s"), [self.theme]))
        parts.sort(key=lambda part: -part[0])
        return _("；").join(
            text % {"names": "".join(f"“{name}”" for name in names[:REASON_ITEMS])}
            for _score, text, names in parts
        )


def same_noun(mine, theirs):
    """Return whether two counted nouns name the same thing (帮扶项目, 帮扶项目增至)."""
    shorter, longer = sorted((mine, theirs), key=len)
    if shorter == longer:
        return True
    # The reader sometimes keeps a verb or a qualifier with the noun; the shared part must
    # still be most of it, so 老干部 does not match 老干部专家服务团.
    return len(shorter) >= 3 and shorter in longer and len(shorter) >= NOUN_SHARE * len(longer)


def spans(text, chosen):
    """Return the substrings of text made of consecutive chosen pairs (帮扶, 扶项, 项目 → 帮扶项目)."""
    found, start = [], None
    for i in range(len(text)):
        inside = text[i : i + 2] in chosen
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            found.append(text[start : i + 1])
            start = None
    return list(dict.fromkeys(found))


def shared_strings(mine, theirs, their_pairs):
    """Return the maximal strings of mine, two characters or more, that theirs also holds."""
    found = set()
    for run in CJK_RUN.findall(mine):
        start = 0
        while start < len(run) - 1:
            end = start + 2
            if run[start:end] not in their_pairs or run[start:end] not in theirs:
                start += 1
                continue
            while end < len(run) and run[start : end + 1] in theirs:
                end += 1
            found.add(run[start:end])
            start = end - 1
    # Keep only the strings no longer one contains.
    return [s for s in found if not any(s != other and s in other for other in found)]
