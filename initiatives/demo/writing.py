"""Writing the generated rows fast: COPY on PostgreSQL, executemany on SQLite."""

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from initiatives.models import (
    Figure,
    Initiative,
    Paragraph,
    Report,
    Status,
)

from .text import PUBLICATION

# Jining's counties, cities and districts, in the order the paper lists them.

GENERATED = [Report, Initiative, Initiative.reports.through, Paragraph, Figure]


def lock_tables():
    """On PostgreSQL, keep other writers out of the tables whose keys are handed out here."""
    # Keys are counted up from the largest in use (Table), so a concurrent insert taking the
    # next value of a sequence would collide; readers are not held up.
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in GENERATED)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")


def reset_sequences(models=GENERATED):
    """Move PostgreSQL's sequences past rows inserted under explicit keys, as loaddata does."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


class Table:
    """Rows of one model, inserted in bulk under keys counted here: COPY on PostgreSQL."""

    # Model instances and bulk_create cost more than the rest of the generator together;
    # the values written here are plain dates, numbers and strings every backend takes as is.

    def __init__(self, model, columns, **constants):
        """Take the fields each row gives, in order, and the values every row shares."""
        fields = {field.attname: field for field in model._meta.concrete_fields}
        pk = model._meta.pk
        shared = [field for name, field in fields.items() if name not in columns and field != pk]
        now = timezone.now()
        for field in shared:
            stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            value = constants.get(field.attname, now if stamped else field.get_default())
            constants[field.attname] = field.get_db_prep_save(value, connection)
        self.table = model._meta.db_table
        self.columns = [pk.column, *(fields[name].column for name in columns)]
        self.columns += [field.column for field in shared]
        self.shared = tuple(constants[field.attname] for field in shared)
        self.next_pk = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.rows = []

    def add(self, *values):
        """Queue a row; return its primary key."""
        pk = self.next_pk
        self.next_pk += 1
        self.rows.append((pk, *values, *self.shared))
        return pk

    def write(self):
        """Insert the queued rows and forget them."""
        quote = connection.ops.quote_name
        table = quote(self.table)
        columns = ", ".join(quote(column) for column in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self.rows)
        written = len(self.rows)
        self.rows = []
        return written


class Tables:
    """The five tables a generated initiative fills, written parents first."""

    def __init__(self):
        published = {"status": Status.PUBLISHED, "demo": True}
        self.reports = Table(
            Report,
            [
                "county_id",
                "published_on",
                "page",
                "dateline",
                "correspondents",
                "headline",
                "subheadline",
            ],
            publication=PUBLICATION,
            **published,
        )
        self.initiatives = Table(
            Initiative, ["county_id", "title", "slug", "summary", "theme_id"], **published
        )
        self.sources = Table(Initiative.reports.through, ["initiative_id", "report_id"])
        self.paragraphs = Table(Paragraph, ["report_id", "position", "text"])
        self.figures = Table(
            Figure,
            [
                "initiative_id",
                "paragraph_id",
                "start",
                "end",
                "quote",
                "value",
                "unit",
                "amount",
                "base_unit",
                "qualifier",
                "counted",
                "period",
                "as_of",
                "basis",
                "indicator_id",
                "confidence",
                "note",
            ],
            kind=Figure.Kind.ACHIEVED,
            review=Figure.Review.CONFIRMED,
        )

    def write(self):
        """Insert everything queued; return the number of rows of each kind."""
        return {
            "reports": self.reports.write(),
            "initiatives": self.initiatives.write(),
            "sources": self.sources.write(),
            "paragraphs": self.paragraphs.write(),
            "figures": self.figures.write(),
        }
