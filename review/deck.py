"""The monthly review as a deck: `write_deck(review, "review.pptx")` or `write_deck(review, "review.pdf")`.

One 16:9 slide per `review.slides` entry, in order: the title, the headline figures (value large, the change
green when good and red when bad), the charts and the national map as pictures at projector resolution
(rendered offline with vl-convert), the table as a PowerPoint table, the bullets as text, the footer (scope ·
title · data stamp) on every slide and the summary's sentences as speaker notes. The PDF is the PPTX printed
by LibreOffice (headless).

Chinese needs a CJK font twice: every text run names an east-Asian typeface (python-pptx only sets the Latin
one), and the chart renderer gets the font directory registered. Without the font the deck is not written
(a `DeckError` says what to install) rather than showing boxes.
"""

import io
import math
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from csat import theme
from csat.charts.map_image import map_spec, satisfaction_map_image
from csat.i18n import Translator
from csat.markup import bare
from review.slides import Figure, Review, Slide

FORMATS = (".pptx", ".pdf")
SLIDE_WIDTH, SLIDE_HEIGHT = 13.333, 7.5      # inches: 16:9
MARGIN = 0.55
CONTENT_TOP, CONTENT_BOTTOM = 1.45, 6.85     # the band between the title and the footer
GAP = 0.3
CARD_WIDTH = 3.2                             # a figure card's widest
FIGURE_BAND = 1.2                            # the height of a row of figures above a slide's chart or text
PICTURE_DPI = 144                            # 1920 pixels across the slide: a projector's full width
CHART_POINTS_PER_INCH = 72                   # charts are laid out in points, so 13 px type reads as 13 pt
MAP_PIXELS_PER_INCH = 80                     # the map: labels at 12–13 pt, readable across a room
CJK_FONT = "Noto Sans CJK SC"                # the east-Asian typeface of every run, first in theme.FONT
LATIN_FONT = "Noto Sans CJK SC"              # the same family for Latin text: one look, and it is installed
# Where Debian (fonts-noto-cjk), Fedora and others put Noto Sans CJK; searched in order.
FONT_DIRECTORIES = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/share/fonts/opentype/noto-cjk",
                    "/usr/share/fonts/google-noto-cjk", "/usr/share/fonts/truetype/noto",
                    "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
FONT_FILES = ("NotoSansCJK*", "NotoSansSC*", "SourceHanSans*")
SOFFICE_NAMES = ("soffice", "libreoffice")
SOFFICE_TIMEOUT = 240                        # seconds; a first start with a fresh profile takes a few
TONE_COLOURS = {"good": theme.GOOD, "bad": theme.BAD, "neutral": theme.MUTED}
HEADER_FILL, STRIPE_FILL = "#F4F6F8", "#FFFFFF"

Progress = Callable[[float, str], None]


class DeckError(RuntimeError):
    """The deck cannot be written on this machine or to this path; the message says what to do (one line)."""


# --- fonts -------------------------------------------------------------------------------------------------

def find_cjk_font_directory() -> Path:
    """The first of FONT_DIRECTORIES holding Noto Sans CJK (or Source Han Sans); DeckError naming the package
    to install if none does."""
    for directory in FONT_DIRECTORIES:
        folder = Path(directory).expanduser()
        if folder.is_dir() and any(next(folder.rglob(pattern), None) for pattern in FONT_FILES):
            return folder
    raise DeckError(f"no Chinese font ({CJK_FONT}) found: install fonts-noto-cjk "
                    "(sudo apt-get install fonts-noto-cjk, or tools/install_system_packages.sh)")


@cache
def _register_fonts(directory: Path) -> None:
    vl_convert.register_font_directory(str(directory))


def _typefaces(properties) -> None:
    """Latin and east-Asian typeface on a run's (or a paragraph's end) a:rPr."""
    properties.get_or_add_latin().set("typeface", LATIN_FONT)
    east_asian = properties.find(qn("a:ea"))
    if east_asian is None:
        east_asian = properties.makeelement(qn("a:ea"), {})
        properties.find(qn("a:latin")).addnext(east_asian)
    east_asian.set("typeface", CJK_FONT)


def _colour(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _run(paragraph, text: str, size: float, colour: str = theme.TEXT, bold: bool = False) -> None:
    run = paragraph.add_run()
    run.text = bare(text)  # a text run shows text as written; the exports' bidirectional controls are dropped
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _colour(colour)
    _typefaces(run._r.get_or_add_rPr())


def _lines(frame, lines: list[tuple[str, float, str, bool]], align=None) -> None:
    """Fill a text frame: one paragraph per (text, size, colour, bold)."""
    for number, (text, size, colour, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        _run(paragraph, text, size, colour, bold)


def _text_box(slide, left: float, top: float, width: float, height: float, lines, name: str,
              align=None, anchor=MSO_ANCHOR.TOP, fill: str | None = None):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE  # the box keeps its size (LibreOffice would shrink it to the text)
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.12)
    if fill:
        box.fill.solid()
        box.fill.fore_color.rgb = _colour(fill)
    _lines(frame, lines, align)
    return box


# --- text fitting: the deck is written once and never edited by a machine, so sizes are chosen up front ---

def _text_width(text: str, size: float) -> float:
    """Points a line of `text` takes at `size` points: CJK characters are square, Latin ones about half."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.53 for ch in text)


def _text_height(texts: list[str], width: float, size: float, spacing: float) -> float:
    """Inches that `texts` (one paragraph each) need at `size` points in a box `width` inches wide."""
    usable = (width - 0.7) * 72  # points, less margins, the bullet indent and some slack for the renderer
    lines = sum(max(1, math.ceil(_text_width(text, size) / usable)) for text in texts)
    return (lines * size * 1.2 + len(texts) * spacing) / 72


def _bullet_size(texts: list[str], width: float, height: float) -> float:
    for size in (20, 18, 16, 15, 14, 13, 12, 11):
        if _text_height(texts, width, size, _spacing(size, texts)) <= height:
            return size
    return 10


def _spacing(size: float, texts: list[str]) -> float:
    """Points between bullets: generous for a few, tighter for a long list."""
    return size * (0.6 if len(texts) <= 8 else 0.3)


def _bullets(slide, texts: tuple[str, ...], left: float, top: float, width: float, height: float) -> None:
    size = _bullet_size(list(texts), width, height)
    box = _text_box(slide, left, top, width, height, [(text, size, theme.TEXT, False) for text in texts], "bullets")
    for paragraph in box.text_frame.paragraphs:
        paragraph.space_after = Pt(_spacing(size, list(texts)))
        properties = paragraph._p.get_or_add_pPr()
        properties.set("marL", str(Emu(Inches(0.3))))
        properties.set("indent", str(-Emu(Inches(0.3))))
        bullet = properties.makeelement(qn("a:buChar"), {"char": "•"})
        properties.append(bullet)


# --- pictures --------------------------------------------------------------------------------------------

def _png(spec: dict, pixels_per_inch: float) -> bytes:
    return vl_convert.vegalite_to_png(spec, scale=PICTURE_DPI / pixels_per_inch)


def chart_png(chart: alt.TopLevelMixin, width: float, height: float) -> bytes:
    """A dashboard chart (width="container") as a PNG for a `width` × `height` inch box, at PICTURE_DPI.

    The chart itself is not changed: a copy gets the box's size, axes and legends included."""
    sized = chart.properties(width=round(width * CHART_POINTS_PER_INCH), height=round(height * CHART_POINTS_PER_INCH),
                             autosize=alt.AutoSizeParams(type="fit", contains="padding"))  # a copy
    with alt.data_transformers.disable_max_rows():
        return _png(sized.to_dict(), CHART_POINTS_PER_INCH)


def map_png(slide: Slide, tr: Translator, width: float, height: float) -> bytes:
    """A slide's national map as a PNG for a `width` × `height` inch box, at MAP_PIXELS_PER_INCH."""
    view = slide.map
    chart = satisfaction_map_image(view.scores, tr, set(view.selected), set(view.warned),
                                   width=round(width * MAP_PIXELS_PER_INCH), height=round(height * MAP_PIXELS_PER_INCH))
    return _png(map_spec(chart), MAP_PIXELS_PER_INCH)


def _picture(slide, png: bytes, left: float, top: float, width: float, height: float, name: str) -> None:
    """The picture centred in its box, as large as fits without distortion."""
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top))
    ratio = min(Inches(width) / picture.width, Inches(height) / picture.height)
    picture.width, picture.height = int(picture.width * ratio), int(picture.height * ratio)
    picture.left = int(Inches(left) + (Inches(width) - picture.width) / 2)
    picture.top = int(Inches(top) + (Inches(height) - picture.height) / 2)
    picture.name = name


# --- the parts of a slide ---------------------------------------------------------------------------------

def _figures(slide, figures: tuple[Figure, ...], left: float, top: float, width: float, height: float) -> None:
    """Figure cards in a grid: label, value large, change coloured by its tone."""
    columns = len(figures) if len(figures) <= 4 else math.ceil(len(figures) / math.ceil(len(figures) / 5))
    rows = math.ceil(len(figures) / columns)
    gap = 0.2
    card_width, card_height = (width - gap * (columns - 1)) / columns, (height - gap * (rows - 1)) / rows
    card_width = min(card_width, CARD_WIDTH)
    value_size = max(24, min(44, card_height * 26))
    for number, shown in enumerate(figures):
        row, column = divmod(number, columns)
        lines = [(shown.label, 14, theme.MUTED, False), (shown.value, value_size, theme.TEXT, True)]
        if shown.delta:
            lines.append((shown.delta, 16, TONE_COLOURS.get(shown.tone, theme.MUTED), True))
        _text_box(slide, left + column * (card_width + gap), top + row * (card_height + gap), card_width,
                  card_height, lines, f"figure {number + 1}", anchor=MSO_ANCHOR.MIDDLE, fill=theme.LAND)


def _table(slide, frame: pd.DataFrame, left: float, top: float, width: float, height: float) -> None:
    rows, columns = len(frame) + 1, len(frame.columns)
    row_height = min(0.5, height / rows)
    size = 14 if row_height >= 0.42 else 12
    cells = [list(map(str, frame.columns))] + [[str(v) for v in values] for values in frame.itertuples(index=False)]
    # The value columns as wide as their longest text (bold, plus margins); the first (the labels, which may
    # wrap) takes the rest.
    needed = [max(_text_width(values[column], size) * 1.1 / 72 + 0.3 for values in cells) for column in range(columns)]
    widths = [max(width * 0.3, width - sum(needed[1:])), *needed[1:]]
    shape = slide.shapes.add_table(rows, columns, Inches(left), Inches(top), Inches(width), Inches(row_height * rows))
    shape.name = "table"
    table = shape.table
    for column, inches in enumerate(widths):
        table.columns[column].width = Inches(width * inches / sum(widths))
    for row_number, values in enumerate(cells):
        table.rows[row_number].height = Inches(row_height)
        for column, text in enumerate(values):
            cell = table.cell(row_number, column)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _colour(HEADER_FILL if row_number == 0 else STRIPE_FILL)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_left = cell.margin_right = Inches(0.1)
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if column == 0 else PP_ALIGN.RIGHT
            _run(paragraph, text, size, theme.TEXT, bold=row_number == 0 or column == 0)


def _visuals(slide_model: Slide, tr: Translator) -> list[Callable]:
    """What fills the slide's main box, each as a drawer(slide, left, top, width, height)."""
    drawers = []
    if slide_model.map is not None:
        drawers.append(lambda s, *box: _picture(s, map_png(slide_model, tr, box[2], box[3]), *box, "map"))
    for number, chart in enumerate(slide_model.charts):
        drawers.append(lambda s, *box, chart=chart, number=number:
                       _picture(s, chart_png(chart, box[2], box[3]), *box, f"chart {number + 1}"))
    if slide_model.table is not None:
        drawers.append(lambda s, *box: _table(s, slide_model.table, *box))
    return drawers


def _slide(presentation, review: Review, slide_model: Slide, number: int, tr: Translator) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])  # blank
    width = SLIDE_WIDTH - 2 * MARGIN
    _text_box(slide, MARGIN, 0.4, width, 0.8, [(slide_model.title, 28, theme.TEXT, True)], "title",
              anchor=MSO_ANCHOR.BOTTOM)
    accent = slide.shapes.add_shape(1, Inches(MARGIN + 0.12), Inches(1.22), Inches(0.9), Inches(0.06))
    accent.fill.solid()
    accent.fill.fore_color.rgb = _colour(theme.HIGHLIGHT)
    accent.line.fill.background()
    accent.name = "accent"
    _text_box(slide, MARGIN, CONTENT_BOTTOM + 0.1, width - 1.0, 0.4, [(review.footer, 11, theme.MUTED, False)],
              "footer", anchor=MSO_ANCHOR.MIDDLE)
    _text_box(slide, SLIDE_WIDTH - MARGIN - 1.0, CONTENT_BOTTOM + 0.1, 1.0, 0.4,
              [(f"{number} / {len(review.slides)}", 11, theme.MUTED, False)], "page number", align=PP_ALIGN.RIGHT,
              anchor=MSO_ANCHOR.MIDDLE)

    top, height = CONTENT_TOP, CONTENT_BOTTOM - CONTENT_TOP
    if slide_model.key == "cover":  # what the deck is about, under the first title
        _text_box(slide, MARGIN, top, width, 0.5, [(f"{review.title} · {review.scope}", 18, theme.MUTED, False)],
                  "subtitle")
        top, height = top + 0.5 + GAP, height - 0.5 - GAP
    visuals = _visuals(slide_model, tr)
    if slide_model.figures:
        band = height if not (visuals or slide_model.bullets) else FIGURE_BAND
        _figures(slide, slide_model.figures, MARGIN, top, width, band)
        top, height = top + band + GAP, height - band - GAP
    if not visuals and slide_model.bullets:
        _bullets(slide, slide_model.bullets, MARGIN, top, width, height)
    elif visuals:
        main_width = width if not slide_model.bullets else width * (0.62 if slide_model.map is None else 0.6)
        share = (height - GAP * (len(visuals) - 1)) / len(visuals)
        for position, draw in enumerate(visuals):
            draw(slide, MARGIN, top + position * (share + GAP), main_width, share)
        if slide_model.bullets:
            _bullets(slide, slide_model.bullets, MARGIN + main_width + GAP, top, width - main_width - GAP, height)
    if slide_model.notes:
        frame = slide.notes_slide.notes_text_frame
        _lines(frame, [(text, 12, theme.TEXT, False) for text in slide_model.notes])


# --- writing ---------------------------------------------------------------------------------------------

def _report(progress: Progress | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(min(max(fraction, 0.0), 1.0), text)


def _pptx(review: Review, path: Path, progress: Progress | None, share: float) -> None:
    _register_fonts(find_cjk_font_directory())
    tr = Translator(review.lang)
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(SLIDE_WIDTH), Inches(SLIDE_HEIGHT)
    count = len(review.slides)
    for number, slide_model in enumerate(review.slides, start=1):
        _report(progress, share * (number - 1) / count,
                tr("deck.progress_slide", number=number, count=count, title=slide_model.title))
        _slide(presentation, review, slide_model, number, tr)
    presentation.core_properties.title = review.title
    presentation.core_properties.subject = bare(review.footer)
    presentation.save(path)


_soffice_lock = threading.Lock()


def soffice() -> str:
    """The LibreOffice program on the PATH; raises DeckError, saying what to install, when there is none."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise DeckError("LibreOffice (soffice) not found: install libreoffice-impress "
                    "(sudo apt-get install --no-install-recommends libreoffice-impress, "
                    "or tools/install_system_packages.sh)")


def pptx_to_pdf(pptx: str | os.PathLike, pdf: str | os.PathLike) -> Path:
    """Print a PPTX to PDF with LibreOffice (headless, its own profile, so parallel runs do not clash)."""
    program, pptx, pdf = soffice(), Path(pptx), Path(pdf)
    with tempfile.TemporaryDirectory(prefix="csat-deck-") as scratch, _soffice_lock:
        profile = Path(scratch) / "profile"
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", scratch, str(pptx)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise DeckError(f"LibreOffice did not finish converting {pptx.name} within {SOFFICE_TIMEOUT} s") from None
        printed = Path(scratch) / f"{pptx.stem}.pdf"
        if result.returncode != 0 or not printed.is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise DeckError(f"LibreOffice could not convert {pptx.name} to PDF"
                            + (f": {detail[-1]}" if detail else f" (exit status {result.returncode})"))
        shutil.move(printed, pdf)
    return pdf


def write_deck(review: Review, path: str | os.PathLike, progress: Progress | None = None) -> Path:
    """Write the review as PPTX or PDF (by the extension of `path`); returns the path.

    `progress(fraction, text)`, if given, is called as the work advances (fraction 0…1, text in the review's
    language) so that a caller can show a progress bar. Raises `DeckError` (one line) when the deck cannot be
    written: unknown extension, no CJK font, no LibreOffice (PDF), an unwritable path.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DeckError(f"cannot write {path.name}: the deck is written as .pptx or .pdf")
    tr = Translator(review.lang)
    if suffix == ".pdf":
        soffice()  # fail before the slow part
    try:
        if suffix == ".pptx":
            _pptx(review, path, progress, 1.0)
        else:
            with tempfile.TemporaryDirectory(prefix="csat-deck-") as scratch:
                slides = Path(scratch) / f"{path.stem}.pptx"
                _pptx(review, slides, progress, 0.75)
                _report(progress, 0.75, tr("deck.progress_pdf"))
                pptx_to_pdf(slides, path)
    except OSError as error:
        raise DeckError(f"cannot write {path}: {error.strerror or error}") from None
    _report(progress, 1.0, tr("deck.progress_done"))
    return path
