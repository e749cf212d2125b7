"""Read a Word (.docx) file: its paragraphs and tables in the order they are printed."""

import io
import re
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from initiatives.reading.text import SENTENCE_END

from . import WORD, Converted, FormatError, chinese_title

# Table cells are set apart by an ideographic space, as a table copied out of Word reads.
CELL_SEPARATOR = "\u3000"
DIGIT = re.compile(r"[0-9０-９]")


def convert(data: bytes) -> Converted:
    """Return a Word file's text, a paragraph or a table row per line, or raise FormatError."""
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise FormatError("无法打开这份 Word 文件：文件可能已损坏或不完整。") from error
    except Exception as error:  # lxml's XMLSyntaxError and kin: a damaged document.xml
        raise FormatError("无法读取这份 Word 文件的内容：文件可能已损坏。") from error
    parts = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            parts.extend(table_rows(block))
        else:
            # A heading's line breaks are the headline's printed lines.
            parts.append(block.text.strip("\n"))
    text = "\n\n".join(part for part in parts if part.strip())
    return Converted(text, WORD, title=chinese_title(document.core_properties.title or ""))


def table_rows(table):
    """Return a sentence per row of a table; nested tables follow their row.

    Under a header row (no digits in it), a row reads "纸坊镇：石雕企业420家，从业人员1.1万人。",
    so each figure comes with the noun it counts; other rows are their cells, space apart.
    """
    rows = [(row, row_cells(row)) for row in table.rows]
    header = rows[0][1] if rows and not any(DIGIT.search(cell) for cell in rows[0][1]) else None
    lines = []
    for index, (row, cells) in enumerate(rows):
        if header is not None and index == 0:
            continue  # its names are read into every row below
        if header is not None and len(cells) == len(header) > 1:
            pairs = [f"{name}{value}" for name, value in zip(header[1:], cells[1:], strict=True)]
            line = f"{cells[0]}：" + "，".join(pair for pair in pairs if pair)
        else:
            line = CELL_SEPARATOR.join(cell for cell in cells if cell)
        if line and line[-1] not in SENTENCE_END:
            # Rows end as sentences, so the page reader does not join them as wrapped lines.
            line += "。"
        lines.append(line)
        for cell in row.cells:
            for nested in cell.tables:
                lines.extend(table_rows(nested))
    return lines


def row_cells(row):
    """Return the texts of a row's cells, a merged cell once."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # a merged cell repeats across the columns it spans
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
    return cells
