"""Write a `Brief` (exports.brief) as a Word document with python-docx: a thin writer, no queries.

Headings use Word's own heading styles (so the navigation pane and a table of contents work), tables
the "Table Grid" style with a repeated header row, and every page carries the event in its header
and, for the demo event, the demo marker. Control characters Word refuses are removed.
"""
from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from exports.brief import Block, Brief

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    return _CONTROL.sub("", str(text))


def _repeat_header(row) -> None:
    """Mark a table row as a header row Word repeats on every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _table(document, block: Block) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header):
        cell.text = ""
        cell.paragraphs[0].add_run(_clean(text)).bold = True
    _repeat_header(table.rows[0])
    for values in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = _clean(text)
    if block.widths:  # Word reads the cells' widths, LibreOffice the grid's: set both
        table.autofit = False
        for column, width in zip(table.columns, block.widths):
            column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, block.widths or [None] * len(row.cells)):
            if width:
                cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    document.add_paragraph()


def write_docx(brief: Brief) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    header = section.header.paragraphs[0]
    header.text = _clean(f"{brief.title} — draft for the rapporteur"
                         + (f" · {brief.marker}" if brief.marker else ""))
    header.runs[0].font.size = Pt(8)
    document.styles["Normal"].font.size = Pt(10.5)
    for block in brief.blocks:
        if block.kind == "title":
            document.add_heading(_clean(block.text), level=0)
        elif block.kind == "heading1":
            document.add_heading(_clean(block.text), level=1)
        elif block.kind == "heading2":
            document.add_heading(_clean(block.text), level=2)
        elif block.kind == "paragraph":
            document.add_paragraph(_clean(block.text))
        elif block.kind == "bullets":
            for item in block.items:
                document.add_paragraph(_clean(item), style="List Bullet")
        elif block.kind == "table":
            _table(document, block)
        elif block.kind == "page_break":
            document.add_page_break()
        else:
            raise ValueError(f"unknown block kind {block.kind!r}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
