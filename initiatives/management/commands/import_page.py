import argparse
import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from initiatives.importing import PageImportError, UnknownCountyError, import_items, read
from initiatives.reading import MAX_PAGE_BYTES, NoDatelineError, ReadingError, decode, to_json


class Command(BaseCommand):
    help = (
        "Read a newspaper page (UTF-8, UTF-8 with BOM or GB18030 text; '-' for standard input) "
        "and create draft reports, paragraphs, initiatives and suggested figures."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="the page as a text file, or - to read standard input")
        parser.add_argument("--publication", default="", help="newspaper name, e.g. 济宁日报")
        parser.add_argument("--date", type=parse_date, help="publication date, YYYY-MM-DD")
        parser.add_argument("--page", default="", help="page number as printed, e.g. 04")
        parser.add_argument("--county", help="county for the items whose county is not named")
        parser.add_argument("--dry-run", action="store_true", help="read the page and save nothing")
        parser.add_argument(
            "--json", action="store_true", help="print the reading as JSON to standard output"
        )
        parser.add_argument(
            "--whole", action="store_true", help="import text without a dateline as one report"
        )

    def handle(self, *, file, dry_run, whole, county, **options):
        data = self.load(file, options.get("stdin"))
        try:
            items = read(decode(data), whole=whole)
        except NoDatelineError as error:
            raise CommandError(f"{error} " + _("整篇导入请加 --whole。")) from error
        except ReadingError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(to_json(items), ensure_ascii=False, indent=2))
        if dry_run:
            if not options["json"]:
                self.describe(items)
            return
        counties = [item.county or county or "" for item in items]
        try:
            result = import_items(
                items,
                counties=counties,
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

    def describe(self, items):
        """Print what an import would create."""
        for number, item in enumerate(items, 1):
            self.stdout.write(
                f"{number}. [{item.county or _('县区未识别')}] {item.headline} "
                f"({item.dateline or '-'}; "
                + _("%(paragraphs)d 段，%(figures)d 个数据")
                % {"paragraphs": len(item.paragraphs), "figures": len(item.figures)}
                + ")"
            )
        self.stdout.write(_("试运行：共 %(count)d 篇，没有保存任何内容。") % {"count": len(items)})

    def report(self, result, out):
        """Say what was created and what had been imported before."""
        if not result.changed:
            out.write(
                _("没有变化：这一版的 %(count)d 篇报道此前都已导入。")
                % {"count": len(result.existing)}
            )
            return
        message = _("已导入 %(count)d 篇报道（草稿），待审核后发布。") % {
            "count": len(result.created)
        }
        if result.existing:
            message += " " + _("另有 %(count)d 篇此前已导入，未改动。") % {
                "count": len(result.existing)
            }
        out.write(self.style.SUCCESS(message))
        for report in result.created:
            out.write(f"  #{report.pk} [{report.county}] {report.headline}")


def parse_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("日期“%(value)s”无效：请写成 YYYY-MM-DD，例如 2024-07-15。") % {"value": value}
        ) from None
