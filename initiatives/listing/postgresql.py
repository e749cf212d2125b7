"""The listing's triggers on PostgreSQL: once per statement, over the rows it changed.

Each content table's trigger finds the figures and initiatives the changed rows bear on and
refreshes them: their listing rows are deleted and, where still public, inserted again. The
listing's own triggers then add the inserted rows to the counts and take the deleted ones away.

The functions read rows by key and never scan a table (enable_seqscan is off in them): inside a
bulk load (generate_demo writes two million figures in one transaction) the tables' statistics
still describe them as empty, and the planner would scan a growing table once per statement.
"""

from contextlib import contextmanager

from . import rows, search
from .rows import columns

# Transition tables a trigger function may read, by the statement that fired it.
CHANGED = {
    "INSERT": "new_rows",
    "DELETE": "old_rows",
    "UPDATE": "(SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows)",
}
REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}
DERIVED_TABLES = [
    "initiatives_seriespoint",
    "initiatives_figuretally",
    "initiatives_countytally",
    "initiatives_publicfigure",
    "initiatives_publicinitiative",
]

# The columns the rebuild joins and filters on, whose statistics it needs.
REBUILD_STATISTICS = [
    "initiatives_figure (id, initiative_id, paragraph_id, review)",
    "initiatives_paragraph (id, report_id)",
    "initiatives_report (id, status)",
    "initiatives_initiative (id, county_id, status)",
    "initiatives_initiative_reports (initiative_id, report_id)",
    "initiatives_county (id)",
]

REFRESH = f"""
CREATE OR REPLACE FUNCTION initiatives_list_figures(ids bigint[]) RETURNS void
LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    IF cardinality(ids) IS NOT DISTINCT FROM 0 OR ids IS NULL THEN RETURN; END IF;
    DELETE FROM initiatives_publicfigure WHERE figure_id = ANY (ids);
    INSERT INTO initiatives_publicfigure ({columns(rows.FIGURE_COLUMNS)})
    SELECT {rows.FIGURE_VALUES}
    {rows.FIGURE_SOURCES}
    WHERE f.id = ANY (ids) AND {rows.PUBLIC_FIGURE};
END $$;

CREATE OR REPLACE FUNCTION initiatives_list_initiatives(ids bigint[]) RETURNS void
LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    IF cardinality(ids) IS NOT DISTINCT FROM 0 OR ids IS NULL THEN RETURN; END IF;
    DELETE FROM initiatives_publicinitiative WHERE initiative_id = ANY (ids);
    INSERT INTO initiatives_publicinitiative ({columns(rows.INITIATIVE_COLUMNS)})
    SELECT {rows.INITIATIVE_VALUES}
    {rows.INITIATIVE_SOURCES}
    WHERE i.id = ANY (ids) AND {rows.PUBLIC_INITIATIVE};
END $$;

CREATE OR REPLACE FUNCTION initiatives_rebuild_listing() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- DELETE, not TRUNCATE: this runs from a TRUNCATE's own trigger too.
    {" ".join(f"DELETE FROM {table};" for table in DERIVED_TABLES)}
    INSERT INTO initiatives_countytally (county_id, reports, initiatives, figures)
    SELECT county_id, count(*), 0, 0 FROM initiatives_report WHERE status = 'published'
    GROUP BY county_id;
    -- Initiatives first: the figures' trigger counts each one's figures as they come.
    INSERT INTO initiatives_publicinitiative ({columns(rows.INITIATIVE_COLUMNS)})
    SELECT {rows.INITIATIVE_VALUES}
    {rows.INITIATIVE_SOURCES}
    WHERE {rows.PUBLIC_INITIATIVE};
    INSERT INTO initiatives_publicfigure ({columns(rows.FIGURE_COLUMNS)})
    SELECT {rows.FIGURE_VALUES}
    {rows.FIGURE_SOURCES}
    WHERE {rows.PUBLIC_FIGURE};
END $$;
"""


# Set (SET LOCAL) by suspended() for a bulk load: the content's triggers do nothing until the
# listing is rebuilt at its end. A setting, not dropped triggers: dropping one locks its table
# against every reader until the load commits.
SUSPENDED = "initiatives.listing_suspended"


@contextmanager
def suspended(connection):
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL {SUSPENDED} = 'on'")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL {SUSPENDED} = 'off'")
    rebuild(connection)


def function(name, declare, body):
    """Return a trigger function that reads the changed rows of any statement into arrays."""
    fill = "\n".join(
        f"{'IF' if n == 0 else 'ELSIF'} TG_OP = '{op}' THEN {declare[1].format(rows=changed)};"
        for n, (op, changed) in enumerate(CHANGED.items())
    )
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE {declare[0]}
BEGIN
    IF current_setting('{SUSPENDED}', true) = 'on' THEN RETURN NULL; END IF;
    {fill}
    END IF;
    {body}
    RETURN NULL;
END $$;
"""


FIGURES_OF_INITIATIVES = (
    "ARRAY(SELECT f.id FROM initiatives_figure f WHERE f.initiative_id = ANY ({}))"
)
CITING = (
    "ARRAY(SELECT DISTINCT ir.initiative_id FROM initiatives_initiative_reports ir "
    "WHERE ir.report_id = ANY ({}))"
)

# For each content table: the arrays its changed rows give, and what they refresh.
CONTENT_TRIGGERS = {
    "initiatives_figure": function(
        "initiatives_figure_listed",
        ("ids bigint[];", "ids := ARRAY(SELECT DISTINCT id FROM {rows} AS x)"),
        "PERFORM initiatives_list_figures(ids);",
    ),
    "initiatives_paragraph": function(
        "initiatives_paragraph_listed",
        (
            "ids bigint[]; reports bigint[];",
            "SELECT array_agg(DISTINCT id), array_agg(DISTINCT report_id) "
            "INTO ids, reports FROM {rows} AS x",
        ),
        f"""PERFORM initiatives_list_figures(
            ARRAY(SELECT f.id FROM initiatives_figure f WHERE f.paragraph_id = ANY (ids)));
        PERFORM initiatives_list_initiatives({CITING.format("reports")});""",
    ),
    "initiatives_report": function(
        "initiatives_report_listed",
        ("ids bigint[]; citing bigint[];", "ids := ARRAY(SELECT DISTINCT id FROM {rows} AS x)"),
        f"""citing := {CITING.format("ids")};
        PERFORM initiatives_list_figures(ARRAY(
            SELECT f.id FROM initiatives_figure f
            JOIN initiatives_paragraph p ON p.id = f.paragraph_id WHERE p.report_id = ANY (ids)
            UNION SELECT f.id FROM initiatives_figure f WHERE f.initiative_id = ANY (citing)));
        PERFORM initiatives_list_initiatives(citing);
        -- Each county's published reports.
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO initiatives_countytally AS t (county_id, reports, initiatives, figures)
            SELECT county_id, count(*), 0, 0 FROM new_rows WHERE status = 'published'
            GROUP BY county_id ORDER BY county_id
            ON CONFLICT (county_id) DO UPDATE SET reports = t.reports + excluded.reports;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            UPDATE initiatives_countytally t SET reports = t.reports - d.n
            FROM (SELECT county_id, count(*) AS n FROM old_rows WHERE status = 'published'
                  GROUP BY county_id) d
            WHERE t.county_id = d.county_id;
        END IF;""",
    ),
    "initiatives_initiative": function(
        "initiatives_initiative_listed",
        ("ids bigint[];", "ids := ARRAY(SELECT DISTINCT id FROM {rows} AS x)"),
        f"""PERFORM initiatives_list_figures({FIGURES_OF_INITIATIVES.format("ids")});
        PERFORM initiatives_list_initiatives(ids);""",
    ),
    "initiatives_initiative_reports": function(
        "initiatives_initiative_reports_listed",
        ("ids bigint[];", "ids := ARRAY(SELECT DISTINCT initiative_id FROM {rows} AS x)"),
        f"""PERFORM initiatives_list_figures({FIGURES_OF_INITIATIVES.format("ids")});
        PERFORM initiatives_list_initiatives(ids);""",
    ),
    # A county's place in the lists: only a new county or a new position changes the listing.
    "initiatives_county": function(
        "initiatives_county_listed",
        (
            "ids bigint[]; initiatives bigint[];",
            "ids := ARRAY(SELECT DISTINCT id FROM {rows} AS x)",
        ),
        f"""IF TG_OP = 'UPDATE' THEN
            ids := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE n.position IS DISTINCT FROM o.position);
        ELSIF TG_OP = 'DELETE' THEN
            RETURN NULL;
        END IF;
        initiatives := ARRAY(SELECT i.id FROM initiatives_initiative i WHERE i.county_id = ANY (ids));
        PERFORM initiatives_list_figures({FIGURES_OF_INITIATIVES.format("initiatives")});
        PERFORM initiatives_list_initiatives(initiatives);""",
    ),
}


def tally(rows_table, sign):
    """Return the statements adding (sign 1) or taking away (-1) rows of the listing's counts."""
    group = columns(rows.TALLY_GROUP)
    if sign > 0:
        return f"""
        INSERT INTO initiatives_figuretally AS t ({group}, figures)
        SELECT {group}, count(*) FROM {rows_table} GROUP BY {group} ORDER BY {group}
        ON CONFLICT ({rows.TALLY_CONFLICT}) DO UPDATE SET figures = t.figures + excluded.figures;
        INSERT INTO initiatives_countytally AS t (county_id, reports, initiatives, figures)
        SELECT county_id, 0, 0, count(*) FROM {rows_table} GROUP BY county_id ORDER BY county_id
        ON CONFLICT (county_id) DO UPDATE SET figures = t.figures + excluded.figures;
        UPDATE initiatives_publicinitiative t SET figure_count = t.figure_count + d.n
        FROM (SELECT initiative_id, count(*) AS n FROM {rows_table} GROUP BY initiative_id) d
        WHERE t.initiative_id = d.initiative_id;"""
    same = " AND ".join(f"t.{name} IS NOT DISTINCT FROM d.{name}" for name in rows.TALLY_GROUP)
    return f"""
        UPDATE initiatives_figuretally t SET figures = t.figures - d.n
        FROM (SELECT {group}, count(*) AS n FROM {rows_table} GROUP BY {group}) d
        WHERE t.county_id = d.county_id AND {same};
        DELETE FROM initiatives_figuretally t
        WHERE t.figures = 0 AND t.county_id IN (SELECT county_id FROM {rows_table});
        UPDATE initiatives_countytally t SET figures = t.figures - d.n
        FROM (SELECT county_id, count(*) AS n FROM {rows_table} GROUP BY county_id) d
        WHERE t.county_id = d.county_id;
        UPDATE initiatives_publicinitiative t SET figure_count = t.figure_count - d.n
        FROM (SELECT initiative_id, count(*) AS n FROM {rows_table} GROUP BY initiative_id) d
        WHERE t.initiative_id = d.initiative_id;"""


MONTH = "date_trunc('month', {}::timestamp)::date"
POINTS = columns(rows.POINT_COLUMNS)
POINT_VALUES = (
    "indicator_id, county_id, basis, {month}, figure_id, as_of, published_on, report_id, "
    "paragraph_position, start"
)
POINT_CONFLICT = "indicator_id, county_id, basis, COALESCE(month, '0001-01-01'::date)"


def offer_points(rows_table):
    """Return the statement making each new figure its month's point where it is the newest."""
    month = MONTH.format("as_of")
    updated = ", ".join(f"{name} = excluded.{name}" for name in rows.POINT_COLUMNS[4:])
    return f"""
        INSERT INTO initiatives_seriespoint AS s ({POINTS})
        SELECT DISTINCT ON (indicator_id, county_id, basis, {month})
            {POINT_VALUES.format(month=month)}
        FROM {rows_table} WHERE indicator_id IS NOT NULL
        ORDER BY indicator_id, county_id, basis, {month}, {rows.POINT_ORDER}
        ON CONFLICT ({POINT_CONFLICT}) DO UPDATE SET {updated}
        WHERE {rows.newest_key("excluded", "'-infinity'::date")}
            > {rows.newest_key("s", "'-infinity'::date")};"""


def replace_points(rows_table):
    """Return the statement finding a new point for each month whose point was removed."""
    chosen = ", ".join(
        MONTH.format("f.as_of") if name == "month" else f"f.{name}" for name in rows.POINT_COLUMNS
    )
    order = ", ".join(f"f.{term.strip()}" for term in rows.POINT_ORDER.split(","))
    return f"""
        WITH gone AS (
            DELETE FROM initiatives_seriespoint s USING {rows_table} r
            WHERE s.figure_id = r.figure_id
            RETURNING s.indicator_id, s.county_id, s.basis, s.month
        )
        INSERT INTO initiatives_seriespoint ({POINTS})
        SELECT DISTINCT ON (g.indicator_id, g.county_id, g.basis, g.month) {chosen}
        FROM gone g
        JOIN initiatives_county c ON c.id = g.county_id
        JOIN initiatives_publicfigure f ON f.indicator_id = g.indicator_id
            AND f.county_position = c.position AND f.county_id = g.county_id
            AND f.basis = g.basis
            AND (f.as_of >= g.month AND f.as_of < g.month + interval '1 month'
                 OR g.month IS NULL AND f.as_of IS NULL)
        ORDER BY g.indicator_id, g.county_id, g.basis, g.month, {order};"""


LISTING_TRIGGERS = {
    "initiatives_publicfigure": f"""
CREATE OR REPLACE FUNCTION initiatives_publicfigure_counted() RETURNS trigger
LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {tally("new_rows", 1)}
        {offer_points("new_rows")}
    ELSE
        {tally("old_rows", -1)}
        {replace_points("old_rows")}
    END IF;
    RETURN NULL;
END $$;
""",
    "initiatives_publicinitiative": """
CREATE OR REPLACE FUNCTION initiatives_publicinitiative_counted() RETURNS trigger
LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO initiatives_countytally AS t (county_id, reports, initiatives, figures)
        SELECT county_id, 0, count(*), 0 FROM new_rows GROUP BY county_id ORDER BY county_id
        ON CONFLICT (county_id) DO UPDATE SET initiatives = t.initiatives + excluded.initiatives;
    ELSE
        UPDATE initiatives_countytally t SET initiatives = t.initiatives - d.n
        FROM (SELECT county_id, count(*) AS n FROM old_rows GROUP BY county_id) d
        WHERE t.county_id = d.county_id;
    END IF;
    RETURN NULL;
END $$;
""",
}

REBUILT = """
CREATE OR REPLACE FUNCTION initiatives_listing_rebuilt() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM initiatives_rebuild_listing();
    RETURN NULL;
END $$;
"""


def function_name(table):
    return f"{table}_listed" if table in CONTENT_TRIGGERS else f"{table}_counted"


def install(connection):
    """Create or replace every function and trigger of the listing."""
    search.install_functions(connection)
    with connection.cursor() as cursor:
        cursor.execute(REFRESH)
        cursor.execute(REBUILT)
        for table, definition in {**CONTENT_TRIGGERS, **LISTING_TRIGGERS}.items():
            cursor.execute(definition)
            name = function_name(table)
            events = ["INSERT", "DELETE"] if table in LISTING_TRIGGERS else list(REFERENCING)
            for event in events:
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {table}_listed_{event.lower()} AFTER {event} "
                    f"ON {table} REFERENCING {REFERENCING[event]} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
                )
            if table in CONTENT_TRIGGERS:
                # TRUNCATE has no transition tables: what is left is listed again.
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {table}_listed_truncate AFTER TRUNCATE "
                    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION initiatives_listing_rebuilt()"
                )


def rebuild(connection):
    with connection.cursor() as cursor:
        # Statistics first: after a bulk load they still describe the tables as nearly empty,
        # and the planner would run the rebuild's joins as nested loops over whole tables. Only
        # the joined columns: with no column named, ANALYZE also samples the search indexes'
        # expressions, which takes far longer than the rebuild.
        cursor.execute(f"ANALYZE {', '.join(REBUILD_STATISTICS)}")
        cursor.execute("SELECT initiatives_rebuild_listing()")


def uninstall(connection):
    """Drop the listing's triggers and functions (migrating back before the listing)."""
    with connection.cursor() as cursor:
        for table in {**CONTENT_TRIGGERS, **LISTING_TRIGGERS}:
            for event in [*REFERENCING, "TRUNCATE"]:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_listed_{event.lower()} ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {function_name(table)}()")
        for name in [
            "initiatives_listing_rebuilt()",
            "initiatives_rebuild_listing()",
            "initiatives_list_figures(bigint[])",
            "initiatives_list_initiatives(bigint[])",
        ]:
            cursor.execute(f"DROP FUNCTION IF EXISTS {name}")
