"""Generate made-up initiatives followed over two years, for trying Digest at scale.

Each initiative is reported 2 to 8 times; every report restates the same few facts, so each
initiative forms series: running totals that grow (累计), amounts within a period (今年以来新增,
本月新增, 上半年, X月份), a rate, and now and then a correction. Every row is marked demo.
"""

import datetime
import math
import random
import time
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from initiatives import listing
from initiatives.demo.periods import (
    Period,
    correction_period,
    new_periods,
    printed,
    rate_period,
    total_periods,
)
from initiatives.demo.text import (
    APPROXIMATE_FROM,
    APPROXIMATE_SHARE,
    CONFIDENCES,
    CORRECTABLE_FROM,
    CORRECTION_DROP,
    CORRECTION_SHARE,
    COUNTIES,
    DAILY_GROWTH,
    FACTS,
    FIGURES_PER_INITIATIVE,
    FILLERS,
    FIRST_DAY,
    FOLLOW_UP,
    GIVEN,
    HEAD_START_DAYS,
    HEADLINE_MARK,
    HEADLINES,
    LAST_DAY,
    LEADS,
    MAX_SERIES,
    MIN_GAP_DAYS,
    ORDINALS,
    OTHER_NEW_SHARE,
    PRIMARY_NEW_SHARE,
    RATE_TENTHS,
    REPORTS_PER_INITIATIVE,
    SENTENCES_PER_PARAGRAPH,
    SUMMARY,
    SURNAMES,
    THEMES,
    TOTALS,
)
from initiatives.demo.writing import Tables, lock_tables, reset_sequences
from initiatives.models import (
    County,
    Figure,
    Indicator,
    Initiative,
    Theme,
)

# Jining's counties, cities and districts, in the order the paper lists them.
BATCH = 20_000


class Command(BaseCommand):
    help = "Create N figures of made-up initiatives followed over two years, marked as demo data."

    def add_arguments(self, parser):
        parser.add_argument("--figures", type=int, required=True, help="how many figures")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")

    def handle(self, *, figures, seed, **options):
        if figures < 1:
            raise CommandError("--figures must be at least 1.")
        prefix = f"demo-{seed}-"
        if Initiative.objects.filter(slug__startswith=prefix).exists():
            raise CommandError(
                f"Demo data for seed {seed} already exists; use another --seed or a fresh database."
            )
        started = time.monotonic()

        def progress(made):
            self.stdout.write(
                f"  {made['figures']:,} of {figures:,} figures, {time.monotonic() - started:.0f} s"
            )

        with transaction.atomic(), listing.suspended(connection):
            lock_tables()
            counties, themes, indicators = self.reference_data()
            tables = Tables()
            generator = Generator(random.Random(seed), prefix, counties, themes, indicators)
            made = generator.run(figures, tables, progress)
            reset_sequences()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {made['reports']} reports, {made['paragraphs']} paragraphs, "
                f"{made['initiatives']} initiatives and {made['figures']} figures "
                f"in {time.monotonic() - started:.1f} s."
            )
        )

    def reference_data(self):
        """Return the counties, themes and indicators, creating those that are missing."""
        # The demo page's own rows first, under its primary keys, so that loading the
        # seed_page fixture later finds them in place instead of colliding with them.
        with open(settings.BASE_DIR / "fixtures" / "seed_page.json", encoding="utf-8") as fixture:
            for row in serializers.deserialize("json", fixture.read()):
                if isinstance(row.object, County | Theme | Indicator):
                    row.save()
        # Rows saved under explicit keys leave PostgreSQL's sequences behind; catch them up,
        # as loaddata does.
        reset_sequences([County, Theme, Indicator])
        counties = []
        for position, (name, slug, kind) in enumerate(COUNTIES):
            county, _ = County.objects.get_or_create(
                slug=slug, defaults={"name": name, "kind": kind, "position": position}
            )
            counties.append(county)
        themes = {}
        for name, slug in THEMES:
            themes[slug], _ = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
        indicators = {}
        for fact in FACTS:
            indicators[fact.indicator], _ = Indicator.objects.get_or_create(
                slug=fact.indicator,
                defaults={
                    "name": fact.name,
                    "unit": fact.base_unit,
                    "theme": themes[fact.theme],
                },
            )
        return counties, themes, indicators


class Tally:
    """The true running total behind a fact, known on each report's date; figures read it."""

    def __init__(self, origin, growth):
        self.days = [origin]
        self.values = [0.0]
        self.growth = growth

    def grow(self, day, rng):
        """Extend the total to day, growing unevenly."""
        days = (day - self.days[-1]).days
        self.values.append(self.values[-1] + self.growth * days * rng.uniform(0.5, 1.5))
        self.days.append(day)

    def restate(self, value):
        """Set the latest total lower: an earlier report overstated it."""
        self.values[-1] = value

    def at(self, day):
        """Return the total on day, along straight lines between the days it is known."""
        for index in range(len(self.days) - 1, 0, -1):
            first = self.days[index - 1]
            if first <= day:
                low, high = self.values[index - 1], self.values[index]
                share = (day - first).days / (self.days[index] - first).days
                return low + (high - low) * share
        return 0.0


class Track:
    """One series an initiative reports: a fact, counted as a running total, per period or as a rate."""

    def __init__(self, fact, basis, tally):
        self.fact = fact
        self.basis = basis
        self.tally = tally
        self.last_as_of = None
        self.last_value = None  # The latest printed number (tenths for "dec" and "pct").
        self.last_quote = ""


class Sentence(NamedTuple):
    """A sentence holding one figure, with what the figure records besides its text."""

    text: str
    quote_at: int  # Where the quote starts within text.
    quote: str
    value: str
    amount: Decimal
    qualifier: str
    track: Track
    period: Period
    note: str


class Generator:
    """Build initiatives reported over two years, whose paragraphs hold each quote at its span."""

    def __init__(self, rng, prefix, counties, themes, indicators):
        self.rng = rng
        self.prefix = prefix
        self.counties = counties
        self.themes = themes
        self.indicators = {slug: indicator.pk for slug, indicator in indicators.items()}
        self.made = dict.fromkeys(["reports", "paragraphs", "initiatives", "figures"], 0)

    def run(self, total, tables, progress):
        """Queue initiatives until total figures are made, writing every BATCH figures."""
        remaining, number, queued = total, 0, 0
        while remaining > 0:
            budget = self.budget(remaining)
            self.initiative(number, budget, tables)
            remaining -= budget
            queued += budget
            number += 1
            if queued >= BATCH or remaining == 0:
                self.count(tables.write())
                progress(self.made)
                queued = 0
        return self.made

    def count(self, written):
        for kind in self.made:
            self.made[kind] += written[kind]

    def budget(self, remaining):
        """Return how many figures the next initiative holds, leaving a usable rest or none."""
        low, high = FIGURES_PER_INITIATIVE
        budget = self.rng.randint(low, high)
        return remaining if remaining - budget < low else budget

    def initiative(self, number, budget, tables):
        """Queue one initiative, its reports over the two years, and their figures."""
        rng = self.rng
        county = self.counties[number % len(self.counties)]
        tracks, layout = self.plan(budget)
        lead = tracks[0].fact
        headline = rng.choice(HEADLINES[lead.theme])
        initiative = tables.initiatives.add(
            county.pk,
            f"{county.name}{headline.replace('“', '').replace('”', '')}",
            f"{self.prefix}{number:07d}",
            SUMMARY.format(county=county.name, fact=lead.name, reports=len(layout)),
            self.themes[lead.theme].pk,
        )
        tallies = list({id(track.tally): track.tally for track in tracks}.values())
        for index, (day, slots) in enumerate(zip(self.dates(len(layout)), layout, strict=True)):
            for tally in tallies:
                tally.grow(day, rng)
            report = self.report(county, headline, index, day, tables)
            tables.sources.add(initiative, report)
            sentences = [self.sentence(tracks[slot], day) for slot in slots]
            self.paragraphs(report, initiative, sentences, tables)

    def plan(self, budget):
        """Return the tracks an initiative follows and, per report, the tracks it reports."""
        rng = self.rng
        low, high = REPORTS_PER_INITIATIVE
        reports = max(rng.randint(low, high), math.ceil(budget / MAX_SERIES))
        reports = max(low, min(reports, budget))
        width = math.ceil(budget / reports)
        tracks = self.tracks(width)
        cells = [(report, slot) for report in range(reports) for slot in range(width)]
        extra = len(cells) - budget
        # Left out of some reports: never the lead total, unless it is all there is.
        optional = [cell for cell in cells if cell[1] > 0] or cells[::-1]
        dropped = set(rng.sample(optional, extra) if width > 1 else optional[:extra])
        layout = [
            [slot for slot in range(width) if (report, slot) not in dropped]
            for report in range(reports)
        ]
        return tracks, layout

    def tracks(self, width):
        """Return width tracks: a running total first, then other series."""
        rng = self.rng
        lead = rng.choice(TOTALS)
        lead_tally = self.tally()
        tracks = [Track(lead, Figure.Basis.CUMULATIVE, lead_tally)]
        others = rng.sample([fact for fact in FACTS if fact != lead], width - 1)
        if width > 1 and rng.random() < PRIMARY_NEW_SHARE:
            tracks.append(Track(lead, Figure.Basis.NEW, lead_tally))
            others.pop()
        for fact in others:
            if not fact.added:
                basis = Figure.Basis.UNSTATED
            elif rng.random() < OTHER_NEW_SHARE:
                basis = Figure.Basis.NEW
            else:
                basis = Figure.Basis.CUMULATIVE
            tracks.append(Track(fact, basis, self.tally()))
        return tracks

    def tally(self):
        origin = FIRST_DAY - datetime.timedelta(days=self.rng.randint(*HEAD_START_DAYS))
        return Tally(origin, self.rng.uniform(*DAILY_GROWTH))

    def dates(self, count):
        """Return count publication dates across the two years, MIN_GAP_DAYS apart or more."""
        span = (LAST_DAY - FIRST_DAY).days + 1
        step = span // count
        return [
            FIRST_DAY + datetime.timedelta(days=n * step + self.rng.randint(0, step - MIN_GAP_DAYS))
            for n in range(count)
        ]

    def report(self, county, headline, index, day, tables):
        """Queue a report of the initiative; the first one opens its story, later ones follow it."""
        rng = self.rng
        short = county.name.removesuffix("县").removesuffix("区").removesuffix("市")
        return tables.reports.add(
            county.pk,
            day,
            f"第{rng.randint(2, 8)}版",
            f"本报{short}讯",
            " ".join(self.name() for _ in range(rng.randint(1, 3))),
            f"{HEADLINE_MARK}{county.name}{headline}",
            FOLLOW_UP.format(ORDINALS[index]) if index else "",
        )

    def sentence(self, track, day):
        """Return the sentence reporting track's figure in a report of day."""
        fact = track.fact
        period, number, correction = self.reading(track, day)
        # "300余万元", "130余个": the paper's way of writing a count rounded down.
        approximate = not correction and self.rounds(fact, number)
        if approximate:
            number -= number % 10
        value = printed(fact, number)
        quote = f"{value}{'余' if approximate else ''}{fact.unit}"
        note = f"更正：此前报道为{track.last_quote}，经核实下调为{quote}。" if correction else ""
        template = fact.added if track.basis == Figure.Basis.NEW else fact.total
        before, after = template.split("{q}")
        before = period.words + before
        track.last_as_of, track.last_value, track.last_quote = period.as_of, number, quote
        return Sentence(
            text=f"{before}{quote}{after}。",
            quote_at=len(before),
            quote=quote,
            value=value,
            amount=Decimal(value) * fact.multiplier,
            qualifier=Figure.Qualifier.APPROXIMATE if approximate else Figure.Qualifier.EXACT,
            track=track,
            period=period,
            note=note,
        )

    def reading(self, track, day):
        """Return the period, the number in printed units (or tenths) and whether it corrects."""
        if track.basis == Figure.Basis.UNSTATED:
            return rate_period(day), self.rng.randint(*RATE_TENTHS), False
        if track.basis == Figure.Basis.NEW:
            period = self.period(track, new_periods(day))
            added = track.tally.at(period.as_of) - track.tally.at(period.start)
            return period, max(1, int(added)), False
        if self.corrects(track):
            drop = max(1, round(track.last_value * self.rng.uniform(*CORRECTION_DROP)))
            track.tally.restate(track.last_value - drop)
            return correction_period(day), track.last_value - drop, True
        period = self.period(track, total_periods(day))
        return period, max(1, int(track.tally.at(period.as_of))), False

    def rounds(self, fact, number):
        """Decide whether the paper gives this count rounded down to tens, as 130余个."""
        return (
            fact.style == "int"
            and number >= APPROXIMATE_FROM
            and self.rng.random() < APPROXIMATE_SHARE
        )

    def corrects(self, track):
        """Decide whether this report restates track's running total lower than the last."""
        return (
            track.last_value is not None
            and track.last_value >= CORRECTABLE_FROM
            and self.rng.random() < CORRECTION_SHARE
        )

    def period(self, track, periods):
        """Choose a period whose date comes after the track's last, so dates never repeat."""
        later = [p for p in periods if track.last_as_of is None or p.as_of > track.last_as_of]
        return self.rng.choice(later)

    def paragraphs(self, report, initiative, sentences, tables):
        """Queue a report's paragraphs, a few sentences each (one without any if none)."""
        rng = self.rng
        position = 0
        while sentences or position == 0:
            count = rng.randint(*SENTENCES_PER_PARAGRAPH)
            group, sentences = sentences[:count], sentences[count:]
            text = rng.choice(LEADS) + rng.choice(FILLERS)
            spans = []
            for sentence in group:
                spans.append((len(text) + sentence.quote_at, sentence))
                text += sentence.text
            text += rng.choice(FILLERS)
            paragraph = tables.paragraphs.add(report, position, text)
            for start, sentence in spans:
                self.figure(initiative, paragraph, start, sentence, tables)
            position += 1

    def figure(self, initiative, paragraph, start, sentence, tables):
        """Queue the figure a sentence reports, at its span in the paragraph."""
        fact, track = sentence.track.fact, sentence.track
        tables.figures.add(
            initiative,
            paragraph,
            start,
            start + len(sentence.quote),
            sentence.quote,
            sentence.value,
            fact.unit,
            sentence.amount,
            fact.base_unit,
            sentence.qualifier,
            fact.counted,
            sentence.period.name,
            sentence.period.as_of,
            track.basis,
            self.indicators[fact.indicator],
            self.rng.choice(CONFIDENCES),
            sentence.note,
        )

    def name(self):
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.randint(1, 2))
        )
