import argparse
import json
import sys
from dataclasses import asdict, dataclass
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from tqdm import tqdm

from initiatives import matching
from initiatives.continuing import default_continuations, suggest_continuations
from initiatives.formats import MAX_FILE_BYTES, TEXT, archives, convert, format_label
from initiatives.importing import (
    PageImportError,
    UnknownCountyError,
    counties_named,
    fingerprint,
    import_items,
    imported_before,
    read,
)
from initiatives.models import Figure
from initiatives.reading import NoDatelineError, ReadingError, to_json
from initiatives.reading.text import width


class Command(BaseCommand):
    help = (
        "Read newspaper pages (text in UTF-8 or GB18030, PDF with a text layer, a saved web "
        "page or a Word .docx file; '-' for standard input) and create draft reports, paragraphs "
        "and suggested figures; each report continues the "
        "existing initiative it matches best (if the score reaches "
        f"{matching.CONTINUE_THRESHOLD}) or starts a new one."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="file",
            help="a page (text, PDF, web page or Word file), a folder or a .zip of pages; "
            "- reads one page from standard input; several import each page on its own",
        )
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

    def handle(self, *, files, **options):
        if archives.is_batch(files):
            self.import_batch(files, **options)
        else:
            self.import_page(files[0], **options)

    def import_page(self, file, *, dry_run, whole, county, **options):
        """Import one page, saying what each report becomes (or would, with --dry-run)."""
        data = self.load(file, options.get("stdin"))
        try:
            converted = convert(data)
            items = read(converted.text, whole=whole, publication=options["publication"])
        except NoDatelineError as error:
            raise CommandError(f"{error} " + _("整篇导入请加 --whole。")) from error
        except ReadingError as error:
            raise CommandError(str(error)) from error
        counties = [item.county_code or item.county or county or "" for item in items]
        suggestions = suggest_continuations(items, counties_named(counties))
        if converted.format != TEXT:
            out = self.stderr if options["json"] else self.stdout
            out.write(taken_message(converted))
        if options["json"]:
            reading = to_json(items)
            for report, found in zip(reading["reports"], suggestions, strict=True):
                report["continues"] = [continuation_json(match) for match in found]
            reading["file"] = file_json(converted)
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
                source_url=converted.source_url,
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
                data = (stdin or sys.stdin.buffer).read(MAX_FILE_BYTES + 1)
            else:
                with open(file, "rb") as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(
                _("无法读取文件 %(file)s：%(error)s") % {"file": file, "error": error.strerror}
            ) from error
        return data

    def import_batch(self, files, *, dry_run, whole, county, **options):
        """Import every page of the files, folders and zips named, each in its own transaction."""
        sources = list(archives.sources(files))
        results = []
        # tqdm writes to the stream itself: Django's wrapper would end each redraw with a newline.
        with tqdm(
            sources, desc=_("导入"), unit=_("页"), file=self.stderr._out, disable=None
        ) as progress:
            for source in progress:
                results.append(
                    self.import_source(
                        source, dry_run=dry_run, whole=whole, county=county, **options
                    )
                )
                progress.set_postfix_str(
                    _("报道 %(reports)d，数据 %(figures)d")
                    % {
                        "reports": sum(result.created for result in results),
                        "figures": sum(result.figures for result in results),
                    }
                )
        if options["json"]:
            self.stdout.write(
                json.dumps(batch_json(results, dry_run), ensure_ascii=False, indent=2)
            )
        else:
            self.summarize(results, dry_run)
        if failed := sum(bool(result.error) for result in results):
            raise CommandError(
                _("%(failed)d 个文件未能导入（原因见上）；其余文件已各自导入或跳过。")
                % {"failed": failed}
            )

    def import_source(self, source, *, dry_run, whole, county, **options):
        """Read and import one page of a batch; return what came of it, a failure included."""
        result = FileResult(source.name)
        try:
            if source.error:
                raise ReadingError(source.error)
            converted = convert(source.read())
            result.format, result.pages = converted.format, converted.pages
            items = read(converted.text, whole=whole, publication=options["publication"])
            counties = [item.county_code or item.county or county or "" for item in items]
            if dry_run:
                before = imported_before(items)
                new = [item for item in items if fingerprint(item) not in before]
                result.created, result.skipped = len(new), len(items) - len(new)
                result.figures = sum(len(item.figures) for item in new)
                return result
            imported = import_items(
                items,
                counties=counties,
                continues=[None] * len(items) if options["new"] else None,
                publication=options["publication"],
                published_on=options["date"],
                page=options["page"],
                source_url=converted.source_url,
            )
        except NoDatelineError as error:
            result.error = f"{error} " + _("整篇导入请加 --whole。")
        except UnknownCountyError as error:
            result.error = f"{error} " + _("这个文件没有保存任何内容。可用 --county 指定县区。")
        except (ReadingError, PageImportError) as error:
            result.error = str(error)
        except DatabaseError:
            raise  # the database's trouble, not the file's: every page after would fail too
        except Exception as error:  # one odd file must not stop a month of pages
            result.error = _("意外错误（%(kind)s）：%(error)s") % {
                "kind": type(error).__name__,
                "error": error,
            }
        else:
            result.created, result.skipped = len(imported.created), len(imported.existing)
            result.figures = Figure.objects.filter(paragraph__report__in=imported.created).count()
        return result

    def summarize(self, results, dry_run):
        """Print a line per file (what it gave, or why it failed), then the totals."""
        header = [
            _("文件"),
            _("格式"),
            _("页数"),
            _("可新建") if dry_run else _("新建"),
            _("此前已导入"),
            _("数据"),
            _("结果"),
        ]
        rows = [
            [
                result.file,
                str(format_label(result.format)) if result.format else "-",
                str(result.pages or ""),
                str(result.created),
                str(result.skipped),
                str(result.figures),
                result.outcome(dry_run),
            ]
            for result in results
        ]
        widths = [max(width(row[column]) for row in [header, *rows]) for column in range(6)]
        self.stdout.write(table_line(header, widths))
        for result, row in zip(results, rows, strict=True):
            line = table_line(row, widths)
            self.stdout.write(self.style.ERROR(line) if result.error else line)
        totals = batch_json(results, dry_run)["totals"]
        message = (
            _(
                "试运行：%(files)d 个文件，可新建 %(created)d 篇报道、%(figures)d 个数据，"
                "%(skipped)d 篇此前已导入，%(failed)d 个文件无法读取。没有保存任何内容。"
            )
            if dry_run
            else _(
                "%(files)d 个文件：新建 %(created)d 篇报道（草稿）、%(figures)d 个数据，"
                "%(skipped)d 篇此前已导入而跳过，%(failed)d 个文件失败。"
            )
        ) % totals
        self.stdout.write(
            self.style.ERROR(message) if totals["failed"] else self.style.SUCCESS(message)
        )

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


@dataclass
class FileResult:
    """What one file of a batch gave: reports created, reports imported before, or an error."""

    file: str
    format: str = ""
    pages: int | None = None
    created: int = 0
    skipped: int = 0
    figures: int = 0
    error: str = ""

    def outcome(self, dry_run):
        if self.error:
            return _("失败：%(reason)s") % {"reason": self.error}
        if self.created:
            return _("可导入") if dry_run else _("已导入")
        return _("没有新内容")


def table_line(row, widths):
    """Return a row of the summary, its cells padded to their columns' printed widths."""
    cells = [cell + " " * (size - width(cell)) for cell, size in zip(row, widths, strict=False)]
    return "  ".join([*cells, row[len(widths)]])


def batch_json(results, dry_run):
    """Return a batch's results as `import_page --json` prints them for several files."""
    return {
        "dry_run": dry_run,
        "files": [asdict(result) for result in results],
        "totals": {
            "files": len(results),
            "created": sum(result.created for result in results),
            "skipped": sum(result.skipped for result in results),
            "figures": sum(result.figures for result in results),
            "failed": sum(bool(result.error) for result in results),
        },
    }


def file_json(converted):
    """Return what was taken from the file, as `--json` prints it under "file"."""
    return {
        "format": converted.format,
        "pages": converted.pages,
        "title": converted.title,
        "source_url": converted.source_url,
    }


def taken_message(converted):
    """Say what was read from a PDF, web page or Word file."""
    parts = [_("文件格式：%(format)s") % {"format": format_label(converted.format)}]
    if converted.pages:
        parts.append(_("%(count)d 页") % {"count": converted.pages})
    if converted.title:
        parts.append(_("标题：%(title)s") % {"title": converted.title})
    if converted.source_url:
        parts.append(_("来源网址：%(url)s") % {"url": converted.source_url})
    return "，".join(parts)


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
