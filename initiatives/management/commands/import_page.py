import argparse
import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from initiatives import matching
from initiatives.importing import (
    PageImportError,
    UnknownCountyError,
    counties_named,
    default_continuations,
    import_items,
    read,
    suggest_continuations,
)
from initiatives.reading import MAX_PAGE_BYTES, NoDatelineError, ReadingError, decode, to_json


class Command(BaseCommand):
    help = (
        "Read a newspaper page (UTF-8, UTF-8 with BOM or GB18030 text; '-' for standard input) "
        "and create draft reports, paragraphs and suggested figures; each report continues the "
        "existing initiative it matches best (if the score reaches "
        f"{matching.CONTINUE_THRESHOLD}) or starts a new one."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="the page as a text file, or - to read standard input")
        parser.add_argument("--publication", default="", help="newspaper name, e.g. 济宁日报")
        parser.add_argument("--date", type=parse_date, help="publication date, YYYY-MM-DD")
        parser.add_argument("--page", default="", help="page number as printed, e.g. 04")
        parser.add_argument(
            "--county",
            help="county (name or GB/T 2260 code) for the items whose county is not recognised",
        )
        parser.add_argument("--dry-run", action="store_true", help="read the page and save nothing")
        parser.add_argument(
            "--json", action="store_true", help="print the reading as JSON to standard output"
        )
        parser.add_argument(
            "--whole", action="store_true", help="import text without a dateline as one report"
        )
        parser.add_argument(
            "--new",
            action="store_true",
            help="start a new initiative for every report rather than continuing existing ones",
        )

    def handle(self, *, file, dry_run, whole, county, **options):
        data = self.load(file, options.get("stdin"))
        try:
            items = read(decode(data), whole=whole, publication=options["publication"])
        except NoDatelineError as error:
            raise CommandError(f"{error} " + _("整篇导入请加 --whole。")) from error
        except ReadingError as error:
            raise CommandError(str(error)) from error
        counties = [item.county_code or item.county or county or "" for item in items]
        suggestions = suggest_continuations(items, counties_named(counties))
        if options["json"]:
            reading = to_json(items)
            for report, found in zip(reading["reports"], suggestions, strict=True):
                report["continues"] = [continuation_json(match) for match in found]
            self.stdout.write(json.dumps(reading, ensure_ascii=False, indent=2))
        if dry_run:
            if not options["json"]:
                self.describe(items, suggestions)
            return
        try:
            result = import_items(
                items,
                counties=counties,
                continues=(
                    [None] * len(items) if options["new"] else default_continuations(suggestions)
                ),
                publication=options["publication"],
                published_on=options["date"],
                page=options["page"],
            )
        except UnknownCountyError as error:
            raise CommandError(
                f"{error} " + _("没有保存任何内容。可用 --county 指定县区。")
            ) from error
        except PageImportError as error:
            raise CommandError(str(error)) from error
        self.report(result, self.stderr if options["json"] else self.stdout)

    def load(self, file, stdin):
        """Return the page's bytes, or enough of them to tell that it is too large."""
        try:
            if file == "-":
                data = (stdin or sys.stdin.buffer).read(MAX_PAGE_BYTES + 1)
            else:
                with open(file, "rb") as handle:
                    data = handle.read(MAX_PAGE_BYTES + 1)
        except OSError as error:
            raise CommandError(
                _("无法读取文件 %(file)s：%(error)s") % {"file": file, "error": error.strerror}
            ) from error
        return data

    def describe(self, items, suggestions):
        """Print what an import would create, and which initiative each report would continue."""
        for number, (item, found) in enumerate(zip(items, suggestions, strict=True), 1):
            self.stdout.write(
                f"{number}. [{item.county or _('县区未识别')}] {item.headline} "
                f"({item.dateline or '-'}; "
                + _("%(paragraphs)d 段，%(figures)d 个数据")
                % {"paragraphs": len(item.paragraphs), "figures": len(item.figures)}
                + ")"
            )
            if matching.continues(found):
                best = found[0]
                self.stdout.write(
                    "   → "
                    + _("续报“%(title)s”（%(slug)s，%(score).2f：%(reason)s）")
                    % {
                        "title": best.title,
                        "slug": best.slug,
                        "score": best.score,
                        "reason": best.reason,
                    }
                )
            else:
                self.stdout.write("   → " + _("新建工作举措"))
        self.stdout.write(_("试运行：共 %(count)d 篇，没有保存任何内容。") % {"count": len(items)})

    def report(self, result, out):
        """Say what was created, which reports continue an initiative, and what was there before."""
        if not result.changed:
            out.write(
                _("没有变化：这一版的 %(count)d 篇报道此前都已导入。")
                % {"count": len(result.existing)}
            )
            return
        message = _("已导入 %(count)d 篇报道（草稿），待审核后发布。") % {
            "count": len(result.created)
        }
        continued = len(result.continued)
        message += " " + _(
            "其中 %(continued)d 篇续报已有的工作举措（发布时并入），%(new)d 篇新建工作举措。"
        ) % {"continued": continued, "new": len(result.created) - continued}
        if result.existing:
            message += " " + _("另有 %(count)d 篇此前已导入，未改动。") % {
                "count": len(result.existing)
            }
        out.write(self.style.SUCCESS(message))
        for report in result.created:
            if report.continues_id is not None:
                home = _("续报“%(title)s”（%(slug)s）") % {
                    "title": report.continues.title,
                    "slug": report.continues.slug,
                }
            else:
                home = _("新建工作举措")
            out.write(f"  #{report.pk} [{report.county}] {report.headline} → {home}")


def continuation_json(match):
    """Return a match as `--dry-run --json` prints it under a report's "continues"."""
    return {
        "initiative": match.slug,
        "title": match.title,
        "score": match.score,
        "reason": match.reason,
    }


def parse_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("日期“%(value)s”无效：请写成 YYYY-MM-DD，例如 2024-07-15。") % {"value": value}
        ) from None
