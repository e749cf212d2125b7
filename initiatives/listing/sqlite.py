"""The listing's triggers on SQLite: the same rules as postgresql.py, row by row."""

from contextlib import contextmanager

from . import rows
from .rows import columns


def list_figures(where):
    """Return statements refreshing the listing rows of the figures f where the condition holds."""
    return [
        "DELETE FROM initiatives_publicfigure "
        f"WHERE figure_id IN (SELECT f.id FROM initiatives_figure f WHERE {where})",
        f"""INSERT INTO initiatives_publicfigure ({columns(rows.FIGURE_COLUMNS)})
        SELECT {rows.FIGURE_VALUES}
        {rows.FIGURE_SOURCES}
        WHERE ({where}) AND {rows.PUBLIC_FIGURE}""",
    ]


def list_initiatives(where):
    """Return statements refreshing the listing rows of the initiatives i where it holds."""
    return [
        "DELETE FROM initiatives_publicinitiative "
        f"WHERE initiative_id IN (SELECT i.id FROM initiatives_initiative i WHERE {where})",
        f"""INSERT INTO initiatives_publicinitiative ({columns(rows.INITIATIVE_COLUMNS)})
        SELECT {rows.INITIATIVE_VALUES}
        {rows.INITIATIVE_SOURCES}
        WHERE ({where}) AND {rows.PUBLIC_INITIATIVE}""",
    ]


def citing(report):
    return (
        "i.id IN (SELECT ir.initiative_id FROM initiatives_initiative_reports ir "
        f"WHERE ir.report_id = {report})"
    )


def of_report(report):
    """Return the condition on f: read from the report, or of an initiative citing it."""
    return (
        f"f.paragraph_id IN (SELECT id FROM initiatives_paragraph WHERE report_id = {report}) "
        "OR f.initiative_id IN (SELECT ir.initiative_id FROM initiatives_initiative_reports ir "
        f"WHERE ir.report_id = {report})"
    )


def count_reports(row, sign):
    if sign > 0:
        return [
            "INSERT INTO initiatives_countytally (county_id, reports, initiatives, figures) "
            f"SELECT {row}.county_id, 1, 0, 0 WHERE {row}.status = 'published' "
            "ON CONFLICT (county_id) DO UPDATE SET reports = reports + 1"
        ]
    return [
        "UPDATE initiatives_countytally SET reports = reports - 1 "
        f"WHERE county_id = {row}.county_id AND {row}.status = 'published'"
    ]


# (table, event): the statements run for each row. A new row of a parent table lists again the
# rows that were waiting for it (foreign keys are checked at commit).
TRIGGERS = {
    ("initiatives_figure", "INSERT"): list_figures("f.id = NEW.id"),
    ("initiatives_figure", "UPDATE"): [
        "DELETE FROM initiatives_publicfigure WHERE figure_id = OLD.id",
        *list_figures("f.id = NEW.id"),
    ],
    ("initiatives_figure", "DELETE"): [
        "DELETE FROM initiatives_publicfigure WHERE figure_id = OLD.id"
    ],
    ("initiatives_paragraph", "INSERT"): list_figures("f.paragraph_id = NEW.id")
    + list_initiatives(citing("NEW.report_id")),
    ("initiatives_paragraph", "UPDATE"): list_figures("f.paragraph_id = NEW.id")
    + list_initiatives(f"{citing('NEW.report_id')} OR {citing('OLD.report_id')}"),
    ("initiatives_paragraph", "DELETE"): list_initiatives(citing("OLD.report_id")),
    ("initiatives_report", "INSERT"): list_figures(of_report("NEW.id"))
    + list_initiatives(citing("NEW.id"))
    + count_reports("NEW", 1),
    ("initiatives_report", "UPDATE"): list_figures(of_report("NEW.id"))
    + list_initiatives(citing("NEW.id"))
    + count_reports("OLD", -1)
    + count_reports("NEW", 1),
    ("initiatives_report", "DELETE"): list_initiatives(citing("OLD.id")) + count_reports("OLD", -1),
    ("initiatives_initiative", "INSERT"): list_figures("f.initiative_id = NEW.id")
    + list_initiatives("i.id = NEW.id"),
    ("initiatives_initiative", "UPDATE"): list_figures("f.initiative_id = NEW.id")
    + list_initiatives("i.id = NEW.id"),
    ("initiatives_initiative", "DELETE"): [
        "DELETE FROM initiatives_publicinitiative WHERE initiative_id = OLD.id"
    ],
    ("initiatives_initiative_reports", "INSERT"): list_figures(
        "f.initiative_id = NEW.initiative_id"
    )
    + list_initiatives("i.id = NEW.initiative_id"),
    ("initiatives_initiative_reports", "UPDATE"): list_figures(
        "f.initiative_id IN (NEW.initiative_id, OLD.initiative_id)"
    )
    + list_initiatives("i.id IN (NEW.initiative_id, OLD.initiative_id)"),
    ("initiatives_initiative_reports", "DELETE"): list_figures(
        "f.initiative_id = OLD.initiative_id"
    )
    + list_initiatives("i.id = OLD.initiative_id"),
    ("initiatives_county", "INSERT"): list_figures(
        "f.initiative_id IN (SELECT id FROM initiatives_initiative WHERE county_id = NEW.id)"
    )
    + list_initiatives("i.county_id = NEW.id"),
    ("initiatives_county", "UPDATE OF position"): list_figures(
        "f.initiative_id IN (SELECT id FROM initiatives_initiative WHERE county_id = NEW.id)"
    )
    + list_initiatives("i.county_id = NEW.id"),
}

SAME_GROUP = " AND ".join(f"{name} IS OLD.{name}" for name in rows.TALLY_GROUP)
NEW_MONTH = "date(NEW.as_of, 'start of month')"
OLD_MONTH = "date(OLD.as_of, 'start of month')"
NEWER = rows.newest_key("excluded", "''") + " > " + rows.newest_key("initiatives_seriespoint", "''")
POINT_VALUES = (
    f"NEW.indicator_id, NEW.county_id, NEW.basis, {NEW_MONTH}, NEW.figure_id, NEW.as_of, "
    "NEW.published_on, NEW.report_id, NEW.paragraph_position, NEW.start"
)
REPLACED_POINT = f"""
    f.indicator_id, f.county_id, f.basis, {OLD_MONTH}, f.figure_id, f.as_of, f.published_on,
    f.report_id, f.paragraph_position, f.start
"""
SAME_MONTH = (
    "indicator_id = OLD.indicator_id AND county_id = OLD.county_id AND basis = OLD.basis "
    f"AND month IS {OLD_MONTH}"
)

TRIGGERS |= {
    ("initiatives_publicfigure", "INSERT"): f"""
    INSERT INTO initiatives_figuretally ({columns(rows.TALLY_GROUP)}, figures)
    VALUES ({columns(rows.TALLY_GROUP, "NEW.")}, 1)
    ON CONFLICT ({rows.TALLY_CONFLICT}) DO UPDATE SET figures = figures + 1;
    INSERT INTO initiatives_countytally (county_id, reports, initiatives, figures)
    VALUES (NEW.county_id, 0, 0, 1)
    ON CONFLICT (county_id) DO UPDATE SET figures = figures + 1;
    UPDATE initiatives_publicinitiative SET figure_count = figure_count + 1
    WHERE initiative_id = NEW.initiative_id;
    INSERT INTO initiatives_seriespoint ({columns(rows.POINT_COLUMNS)})
    SELECT {POINT_VALUES} WHERE NEW.indicator_id IS NOT NULL
    ON CONFLICT (indicator_id, county_id, basis, COALESCE(month, '0001-01-01'))
    DO UPDATE SET {", ".join(f"{name} = excluded.{name}" for name in rows.POINT_COLUMNS[4:])}
    WHERE {NEWER};""",
    ("initiatives_publicfigure", "DELETE"): f"""
    UPDATE initiatives_figuretally SET figures = figures - 1 WHERE {SAME_GROUP};
    DELETE FROM initiatives_figuretally WHERE figures = 0 AND {SAME_GROUP};
    UPDATE initiatives_countytally SET figures = figures - 1 WHERE county_id = OLD.county_id;
    UPDATE initiatives_publicinitiative SET figure_count = figure_count - 1
    WHERE initiative_id = OLD.initiative_id;
    DELETE FROM initiatives_seriespoint WHERE figure_id = OLD.figure_id;
    INSERT INTO initiatives_seriespoint ({columns(rows.POINT_COLUMNS)})
    SELECT {REPLACED_POINT} FROM initiatives_publicfigure f
    WHERE f.indicator_id = OLD.indicator_id AND f.county_id = OLD.county_id
        AND f.basis = OLD.basis AND date(f.as_of, 'start of month') IS {OLD_MONTH}
        AND NOT EXISTS (SELECT 1 FROM initiatives_seriespoint WHERE {SAME_MONTH})
    ORDER BY {", ".join(f"f.{term.strip()}" for term in rows.POINT_ORDER.split(","))}
    LIMIT 1;""",
    ("initiatives_publicinitiative", "INSERT"): """
    INSERT INTO initiatives_countytally (county_id, reports, initiatives, figures)
    VALUES (NEW.county_id, 0, 1, 0)
    ON CONFLICT (county_id) DO UPDATE SET initiatives = initiatives + 1;""",
    ("initiatives_publicinitiative", "DELETE"): """
    UPDATE initiatives_countytally SET initiatives = initiatives - 1
    WHERE county_id = OLD.county_id;""",
}


def trigger_name(table, event):
    return f"{table}_listed_{event.split()[0].lower()}"


def install(connection):
    """Create every trigger of the listing, replacing any of an older definition."""
    with connection.cursor() as cursor:
        for (table, event), body in TRIGGERS.items():
            name = trigger_name(table, event)
            statements = body if isinstance(body, str) else "".join(f"{s};" for s in body)
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {statements} END")


def uninstall(connection):
    with connection.cursor() as cursor:
        for table, event in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table, event)}")


def rebuild(connection):
    """Empty the listing and list every public initiative and figure again."""
    with connection.cursor() as cursor:
        for table in [
            "initiatives_seriespoint",
            "initiatives_figuretally",
            "initiatives_countytally",
            "initiatives_publicfigure",
            "initiatives_publicinitiative",
        ]:
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            "INSERT INTO initiatives_countytally (county_id, reports, initiatives, figures) "
            "SELECT county_id, count(*), 0, 0 FROM initiatives_report "
            "WHERE status = 'published' GROUP BY county_id"
        )
        # Initiatives first: the figures' trigger counts each one's figures as they come.
        for statement in [*list_initiatives("1 = 1"), *list_figures("1 = 1")]:
            cursor.execute(statement)


@contextmanager
def suspended(connection):
    """Drop the triggers for a bulk load and rebuild at its end (readers keep their snapshot)."""
    uninstall(connection)
    yield
    install(connection)
    rebuild(connection)
