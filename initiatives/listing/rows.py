"""The SQL both databases share: which rows are public, and what the listing copies from them.

This is the rule of querysets.public_initiative() and shown_figure(), written for triggers;
tests/test_listing.py checks the two agree after every kind of write.
"""

# An initiative is public when published and citing no draft report.
PUBLIC_INITIATIVE = """
    i.status = 'published'
    AND NOT EXISTS (
        SELECT 1 FROM initiatives_initiative_reports ir
        JOIN initiatives_report d ON d.id = ir.report_id
        WHERE ir.initiative_id = i.id AND d.status = 'draft'
    )
"""

# A figure is public when confirmed, read from a published report, of a public initiative.
FIGURE_COLUMNS = [
    "figure_id",
    "initiative_id",
    "county_id",
    "county_position",
    "theme_id",
    "indicator_id",
    "report_id",
    "published_on",
    "paragraph_position",
    "start",
    "amount",
    "unit",
    "base_unit",
    "qualifier",
    "kind",
    "basis",
    "as_of",
]
FIGURE_VALUES = """
    f.id, f.initiative_id, i.county_id, c.position, i.theme_id, f.indicator_id, p.report_id,
    r.published_on, p.position, f.start, f.amount, f.unit, f.base_unit, f.qualifier, f.kind,
    f.basis, f.as_of
"""
FIGURE_SOURCES = """
    FROM initiatives_figure f
    JOIN initiatives_initiative i ON i.id = f.initiative_id
    JOIN initiatives_county c ON c.id = i.county_id
    JOIN initiatives_paragraph p ON p.id = f.paragraph_id
    JOIN initiatives_report r ON r.id = p.report_id
"""
PUBLIC_FIGURE = f"""
    f.review = 'confirmed' AND r.status = 'published' AND {PUBLIC_INITIATIVE}
"""

INITIATIVE_COLUMNS = [
    "initiative_id",
    "county_id",
    "county_position",
    "theme_id",
    "title",
    "figure_count",
    "first_on",
    "latest_on",
]
# The dates of its published sources, as with_counts() gave them: the first and the latest.
INITIATIVE_VALUES = """
    i.id, i.county_id, c.position, i.theme_id, i.title,
    (SELECT count(*) FROM initiatives_publicfigure pf WHERE pf.initiative_id = i.id),
    (SELECT min(r.published_on) FROM initiatives_initiative_reports ir
     JOIN initiatives_report r ON r.id = ir.report_id
     WHERE ir.initiative_id = i.id AND r.status = 'published'),
    (SELECT max(r.published_on) FROM initiatives_initiative_reports ir
     JOIN initiatives_report r ON r.id = ir.report_id
     WHERE ir.initiative_id = i.id AND r.status = 'published')
"""
INITIATIVE_SOURCES = """
    FROM initiatives_initiative i
    JOIN initiatives_county c ON c.id = i.county_id
"""

TALLY_GROUP = ["county_id", "theme_id", "indicator_id", "unit", "base_unit", "qualifier", "kind"]
# The conflict targets of the unique indexes Django creates for the models' constraints.
TALLY_CONFLICT = (
    "county_id, COALESCE(theme_id, 0), COALESCE(indicator_id, 0), unit, base_unit, qualifier, kind"
)
POINT_COLUMNS = [
    "indicator_id",
    "county_id",
    "basis",
    "month",
    "figure_id",
    "as_of",
    "published_on",
    "report_id",
    "paragraph_position",
    "start",
]
# newest_figure_first() as one descending key: a later as_of, then a later report, first in it.
POINT_ORDER = (
    "as_of DESC NULLS LAST, published_on DESC NULLS LAST, report_id DESC, "
    "paragraph_position, start, figure_id"
)


def newest_key(table, nothing):
    """Return newest_figure_first() as a row value that is greater for a newer figure."""
    return (
        f"(COALESCE({table}.as_of, {nothing}), COALESCE({table}.published_on, {nothing}), "
        f"{table}.report_id, -{table}.paragraph_position, -{table}.start, -{table}.figure_id)"
    )


def columns(names, prefix=""):
    return ", ".join(f"{prefix}{name}" for name in names)


# Indexes in a list's order: the reading order overall and in one county, a county's newest
# figures, a search's matches newest first, an indicator's figures county by county, newest
# first, and the newest reports. SQLite refuses NULLS LAST in an index and puts NULLs last in a
# descending column anyway.
ORDER_INDEXES = {
    "initiatives_public_reading": (
        "initiatives_publicfigure",
        "county_position, county_id, published_on DESC NULLS LAST, report_id, "
        "paragraph_position, start, figure_id",
    ),
    "initiatives_public_county": (
        "initiatives_publicfigure",
        "county_id, county_position, published_on DESC NULLS LAST, report_id, "
        "paragraph_position, start, figure_id",
    ),
    "initiatives_pub_newest": (
        "initiatives_publicfigure",
        "county_id, as_of DESC NULLS LAST, published_on DESC NULLS LAST, report_id DESC, "
        "paragraph_position, start, figure_id",
    ),
    "initiatives_pub_dated": (
        "initiatives_publicfigure",
        "published_on DESC NULLS LAST, report_id DESC, paragraph_position, start, figure_id",
    ),
    "initiatives_pubini_dated": (
        "initiatives_publicinitiative",
        "latest_on DESC NULLS LAST, initiative_id DESC",
    ),
    "initiatives_pub_indicator": (
        "initiatives_publicfigure",
        "indicator_id, county_position, county_id, as_of DESC NULLS LAST, "
        "published_on DESC NULLS LAST, report_id DESC, paragraph_position, start, figure_id",
    ),
    # A theme's figures in reading order: read in the whole list's order, a deep page of one
    # theme met twelve other themes' rows for each of its own (or sorted all of its rows).
    "initiatives_pub_theme": (
        "initiatives_publicfigure",
        "theme_id, county_position, county_id, published_on DESC NULLS LAST, report_id, "
        "paragraph_position, start, figure_id",
    ),
    # An indicator's figures by amount: its order joined to a filter on a few counties would
    # otherwise read the whole amount index for the few rows of that indicator.
    "initiatives_pub_indicator_amount": (
        "initiatives_publicfigure",
        "indicator_id, amount, figure_id",
    ),
    # The newest reports, overall and of a county (Report.latest_first()).
    "initiatives_report_latest": ("initiatives_report", "published_on DESC NULLS LAST, id DESC"),
    "initiatives_report_county_latest": (
        "initiatives_report",
        "county_id, published_on DESC NULLS LAST, id DESC",
    ),
}


def create_order_indexes(schema_editor, names=ORDER_INDEXES):
    """Create the listing's ordered indexes (those named), as each database can."""
    sqlite = schema_editor.connection.vendor == "sqlite"
    for name in names:
        table, keys = ORDER_INDEXES[name]
        keys = keys.replace(" NULLS LAST", "") if sqlite else keys
        # A later index is also made by the migration that made the first ones, on a new database.
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({keys})")


def drop_order_indexes(schema_editor):
    for name in ORDER_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
