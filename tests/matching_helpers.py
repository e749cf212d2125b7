"""The matching's test data: the seed page's initiatives as candidates, and the follow-up pages."""

import json
from collections import defaultdict

from initiatives.matching import Candidate, Subject
from initiatives.reading import decode, read_page

from .factories import FIXTURE
from .import_helpers import DATA

PAGES = DATA / "pages"
TUNING = PAGES / "tuning"
HOLDOUT = PAGES / "holdout"


def fixture_rows(model):
    return [
        row for row in json.loads(FIXTURE.read_text()) if row["model"] == f"initiatives.{model}"
    ]


def seed_counties():
    """Return the seed fixture's county names by primary key."""
    return {row["pk"]: row["fields"]["name"] for row in fixture_rows("county")}


def seed_candidates():
    """Return the seed fixture's initiatives as candidates, by county name, as an import sees them."""
    counties = seed_counties()
    themes = {row["pk"]: row["fields"]["name"] for row in fixture_rows("theme")}
    reports = {row["pk"]: row["fields"] for row in fixture_rows("report")}
    paragraphs = defaultdict(list)
    for row in sorted(fixture_rows("paragraph"), key=lambda r: r["fields"]["position"]):
        paragraphs[row["fields"]["report"]].append(row["fields"]["text"])
    counted = defaultdict(list)
    for row in fixture_rows("figure"):
        if row["fields"]["review"] != "rejected":
            counted[row["fields"]["initiative"]].append(row["fields"]["counted"])
    by_county = defaultdict(list)
    for row in fixture_rows("initiative"):
        fields = row["fields"]
        sources = fields["reports"]
        by_county[counties[fields["county"]]].append(
            Candidate(
                slug=fields["slug"],
                title=fields["title"],
                summary=fields["summary"],
                counted=tuple(counted[row["pk"]]),
                theme=themes.get(fields["theme"], ""),
                headlines=tuple(reports[pk]["headline"] for pk in sources),
                text="\n".join(text for pk in sources for text in paragraphs[pk]),
            )
        )
    return dict(by_county)


def subject_of(item):
    """Return the matching's view of a read item."""
    title = f"{item.headline} {item.subheadline}".strip()
    return Subject(title, tuple(item.paragraphs), tuple(f.counted for f in item.figures))


def page_cases(folder):
    """Yield (page name, item, expected slug or None, kind) for every item of the folder's pages."""
    expected = json.loads((folder / "expected.json").read_text())
    counties = list(seed_counties().values())
    for name, rows in expected.items():
        items = read_page(decode((folder / name).read_bytes()), counties)
        assert [item.headline for item in items] == [row["headline"] for row in rows], name
        for item, row in zip(items, rows, strict=True):
            yield name, item, row["continues"], row["kind"]
