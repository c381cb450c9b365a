"""A periodic report as a PDF, rendered on the server: the same figures as its page, for printing, filing and citing.

Made with fpdf2 and Noto Sans (vendored in ``fonts/`` by ``scripts/vendor-assets``: Latin, Cyrillic with the Kazakh
letters, Greek; only the glyphs a document uses are embedded). Nothing is fetched: no network, no browser. The
document is in the reader's language, like the page; problem titles are shown as their authors wrote them. A
character the font has no glyph for (an emoji in a title) is left out rather than drawn as an empty box.

The output depends only on the report and the record's names: its creation date is the report's, so the same
report in the same language gives the same bytes (a reader can cite a PDF by its hash).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import dateformat, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from dauys.accountability.models import Report
from dauys.core.dates import month_year

logging.getLogger("fontTools.subset").setLevel(logging.WARNING)  # it lists every glyph a document uses

FONTS = Path(__file__).parent / "fonts"
FAMILY = "NotoSans"
INK = (26, 29, 33)
MUTED = (75, 85, 99)
BRAND = (7, 63, 120)
GOOD = (21, 101, 52)
BAD = (153, 27, 27)
RULE = (212, 217, 224)


@cache
def _glyphs() -> frozenset[int]:
    with TTFont(FONTS / "NotoSans-Regular.ttf") as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """``text`` without the characters the font cannot draw (and without control characters)."""
    glyphs = _glyphs()
    return "".join(c for c in text if c == "\n" or (c >= " " and ord(c) in glyphs))


def filename(report: Report) -> str:
    where = f"-{report.place.slug}" if report.place is not None else ""
    return f"dauys-{report.kind}-report-{report.key}{where}.pdf"


class _Document(FPDF):
    def __init__(self, footer: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer
        self.add_font(FAMILY, "", FONTS / "NotoSans-Regular.ttf")
        self.add_font(FAMILY, "B", FONTS / "NotoSans-Bold.ttf")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*MUTED)
        page = _("Page %(n)s of %(total)s") % {"n": self.page_no(), "total": "{nb}"}
        self.cell(0, 5, printable(f"{self.footer_text} · {page}"), align=Align.C)

    # Pieces ----------------------------------------------------------------------------------------------------

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - 50:  # a heading never ends a page alone
            self.add_page()
        self.ln(4)
        self.start_section(printable(text))  # the document's outline (bookmarks), for finding one's way
        self.set_font(FAMILY, "B", 13)
        self.set_text_color(*BRAND)
        self.multi_cell(0, 7, printable(text), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(1)

    def paragraph(self, text: str, size: float = 10, colour: tuple[int, int, int] = INK) -> None:
        self.set_font(FAMILY, size=size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, printable(text), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def stats(self, figures: list[tuple[str, int, tuple[int, int, int]]]) -> None:
        gap = 3
        width = (self.epw - gap * (len(figures) - 1)) / len(figures)
        top = self.get_y()
        for i, (label, value, colour) in enumerate(figures):
            x = self.l_margin + i * (width + gap)
            self.set_draw_color(*RULE)
            self.set_fill_color(*colour)
            self.rect(x, top, 1.2, 24, style="F")
            self.set_xy(x + 3, top + 1)
            self.set_font(FAMILY, "B", 18)
            self.set_text_color(*colour)
            self.cell(width - 3, 10, str(value), new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.set_x(x + 3)
            self.set_font(FAMILY, size=8.5)
            self.set_text_color(*MUTED)
            self.multi_cell(width - 3, 4.2, printable(label), align=Align.L)
        self.set_text_color(*INK)
        self.set_fill_color(255, 255, 255)
        self.set_xy(self.l_margin, top + 27)

    def figures(self, head: tuple[str, ...], rows: list[tuple[Any, ...]], widths: tuple[int, ...]) -> None:
        """A table: the first column a name (with an optional link), the others numbers."""
        self.set_font(FAMILY, size=9.5)
        self.set_draw_color(*RULE)
        self.set_fill_color(255, 255, 255)
        align = ("LEFT", *("RIGHT" for _ in head[1:]))
        with self.table(
            col_widths=widths,
            text_align=align,
            borders_layout="HORIZONTAL_LINES",
            line_height=5.5,
            padding=(1.2, 1.5),
            headings_style=_headings(),
        ) as table:
            header = table.row()
            for text in head:
                header.cell(printable(text))
            for name, link, *numbers in rows:
                row = table.row()
                row.cell(printable(name), link=link or None)
                for number in numbers:
                    row.cell(str(number))
        self.ln(1)

    def map_scale(self, drawn: Any) -> float:
        """Millimetres per unit of the map: the page's width, or less for a tall map (a city's districts)."""
        return min(self.epw / drawn.width, MAP_HEIGHT / drawn.height)

    def outline_map(self, drawn: Any, caption: str) -> None:
        """A ``places.maps.Map`` drawn as vector shapes, as on the page: each place filled by its level, the cities
        as circles, each with its short name and number; the table after it gives the same numbers."""
        from fpdf.drawing import DeviceRGB
        from fpdf.enums import PathPaintRule

        scale = self.map_scale(drawn)
        height = drawn.height * scale
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()
        left, top = self.l_margin + (self.epw - drawn.width * scale) / 2, self.get_y()
        frame = drawn.frame
        for shape in drawn.shapes:
            fill, stroke = LEVEL_COLOURS[shape.level]
            with self.new_path(paint_rule=PathPaintRule.STROKE_FILL_EVENODD) as path:
                path.style.fill_color = DeviceRGB(*(c / 255 for c in fill))
                path.style.stroke_color = DeviceRGB(*(c / 255 for c in stroke))
                path.style.stroke_width = 0.25
                for ring in frame.rings(shape.code):
                    (x0, y0), *rest = ring
                    path.move_to(left + x0 * scale, top + y0 * scale)
                    for x, y in rest:
                        path.line_to(left + x * scale, top + y * scale)
                    path.close()
            if shape.is_city:
                with self.new_path(paint_rule=PathPaintRule.STROKE_FILL_NONZERO) as path:
                    path.style.fill_color = DeviceRGB(*(c / 255 for c in fill))
                    path.style.stroke_color = DeviceRGB(*(c / 255 for c in stroke))
                    path.style.stroke_width = 0.5
                    path.circle(left + shape.x * scale, top + shape.y * scale, drawn.radius * scale)
        for shape in drawn.shapes:
            x, y = left + shape.x * scale, top + shape.y * scale
            self.set_text_color(*((255, 255, 255) if shape.level >= 4 else INK))
            if not shape.is_city:
                self.set_font(FAMILY, size=6.5)
                self.set_xy(x - 15, y - 3.2)
                self.cell(30, 3, printable(shape.short), align=Align.C)
            self.set_font(FAMILY, "B", 7.5)
            self.set_xy(x - 15, y - (1.6 if shape.is_city else 0))
            self.cell(30, 3.2, shape.text, align=Align.C)
        self.set_text_color(*INK)
        self.set_xy(self.l_margin, top + height + 1)
        self.paragraph(caption, 7.5, MUTED)
        self.ln(1)


MAP_HEIGHT = 120  # mm: a map and its heading stay on one page with room for the start of its table

# The fill and the border of each level, as the page's map draws them (web/static/dauys/dauys.css, ``.area.cN``).
LEVEL_COLOURS = {
    0: ((238, 241, 245), (195, 202, 211)),
    1: ((214, 228, 245), (255, 255, 255)),
    2: ((169, 200, 236), (255, 255, 255)),
    3: ((111, 163, 220), (255, 255, 255)),
    4: ((47, 111, 184), (255, 255, 255)),
    5: ((7, 63, 120), (255, 255, 255)),
}


def _headings() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(family=FAMILY, emphasis="BOLD", color=MUTED, size_pt=8.5, fill_color=(243, 245, 248))


def _absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def render(report: Report, lang: str) -> bytes:
    """The report in ``lang`` as a PDF document."""
    from dauys.accountability.reports import resolved

    with translation.override(lang):
        data = resolved(report)
        content = data["content"]
        kind = _("Weekly report") if report.kind == Report.Kind.WEEKLY else _("Monthly report")
        where = report.place.name if report.place is not None else _("Whole country")
        span = f"{dateformat.format(report.start, 'j E')} – {dateformat.format(report.end, 'j E Y')}"
        url = _absolute(report.get_absolute_url())
        doc = _Document(footer=f"Dauys · {url}")
        doc.set_lang(lang)
        doc.set_title(printable(f"{kind}: {span} · {where}"))
        doc.set_author("Dauys")
        doc.set_creator("Dauys")
        doc.set_creation_date(report.created_at)
        doc.add_page()

        doc.set_font(FAMILY, "B", 9)
        doc.set_text_color(*BRAND)
        doc.cell(0, 5, "DAUYS", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.set_font(FAMILY, "B", 20)
        doc.set_text_color(*INK)
        doc.multi_cell(0, 9, printable(f"{kind}: {span}"), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        written = dateformat.format(report.created_at, "j E Y")
        doc.paragraph(f"{where} · " + _("written on %(written)s and kept as written") % {"written": written}, 10, MUTED)
        doc.set_font(FAMILY, size=9)
        doc.set_text_color(*BRAND)
        doc.cell(0, 6, printable(url), link=url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.ln(3)
        doc.stats(
            [
                (_("New problems"), content["problems"], BRAND),
                (_("Answers received"), content["answers"], GOOD),
                (_("Appeals that went overdue"), content["overdue"], BAD),
                (_("Promises broken"), content["promises_broken"], BAD),
            ]
        )

        drawn = data["map"]
        if drawn is not None:
            if doc.get_y() + 20 + drawn.height * doc.map_scale(drawn) > doc.h - doc.b_margin:
                doc.add_page()  # the heading goes with its map
            doc.heading(_("New problems by district") if report.place is not None else _("New problems by region"))
            borders = _("Borders as of %(date)s: geokz (CC BY 4.0), from OCHA's boundaries.") % {
                "date": month_year(drawn.date, lang)
            }
            if drawn.has_cities:
                borders = _("Circles are the cities of republican significance.") + " " + borders
            doc.outline_map(drawn, borders)
            # The places with new problems; the map shows the others as none.
            places = [(shape.place.name, _absolute(shape.href), shape.value) for shape in drawn.table if shape.value]
            if places:
                doc.figures((_("Place"), _("New problems")), places, (4, 1))

        if data["top_problems"]:
            doc.heading(_("Most supported new problems"))
            for problem in data["top_problems"]:
                doc.set_font(FAMILY, "B", 10)
                doc.set_text_color(*BRAND)
                link = _absolute(problem.get_absolute_url())
                doc.multi_cell(
                    0, 5, printable(problem.title), link=link, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
                )
                supports = ngettext("%(counter)s support", "%(counter)s supports", problem.supports_count) % {
                    "counter": problem.supports_count
                }
                meta = [problem.category.name, problem.place.name, problem.get_status_display(), supports]
                if problem.published_at:
                    meta.append(dateformat.format(problem.published_at, "j M Y"))
                doc.paragraph(" · ".join(str(m) for m in meta), 8.5, MUTED)
                doc.ln(1.5)

        if data["answers_by_kind"]:
            doc.heading(_("Answers by kind"))
            rows = [(str(label)[:1].upper() + str(label)[1:], None, n) for label, n in data["answers_by_kind"]]
            doc.figures((_("Kind of answer"), _("Answers")), rows, (4, 1))

        for key, title, unit in (
            ("overdue_by", _("Who let appeals go overdue"), _("Appeals")),
            ("broken_by", _("Who broke promises"), _("Promises")),
        ):
            if data[key]:
                doc.heading(title)
                doc.figures((_("Authority"), unit), [_body_row(body, n) for body, n in data[key]], (4, 1))

        doc.heading(_("Biggest movers"))
        doc.paragraph(
            _(
                "Share of appeals answered on time, of the appeals registered in this period against those of the "
                "period before; bodies with at least %(mover_min)s appeals in both."
            )
            % {"mover_min": data["mover_min"]},
            8.5,
            MUTED,
        )
        doc.ln(1)
        if data["movers"]:
            rows = [
                (*_body_row(body), f"{before}%", f"{now}%", f"+{change}" if change > 0 else str(change))
                for body, before, now, change in data["movers"]
            ]
            doc.figures((_("Authority"), _("Before"), _("Now"), _("Change")), rows, (7, 2, 2, 2))
        else:
            doc.paragraph(_("No body had enough appeals in both periods to compare."))

        doc.ln(4)
        doc.paragraph(
            _("Open data under CC BY 4.0: the figures, the problems and their appeals can be downloaded at %(url)s")
            % {"url": _absolute("/open-data/")},
            8,
            MUTED,
        )
        return bytes(doc.output())


def _body_row(body: Any, *numbers: Any) -> tuple[Any, ...]:
    if body is None:
        return ("—", None, *numbers)
    from django.urls import reverse

    return (body.name, _absolute(reverse("accountability:authority", args=[body.slug])), *numbers)
