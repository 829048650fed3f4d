"""The deck (review/deck.py, python -m review, csat/export.py): the review of the demo data's March 2025 as PPTX
and PDF — its slides, figures, pictures, Chinese typefaces, footer and notes — and the command line's answers
to bad arguments. Each deck is built once per module; the LibreOffice and Streamlit tests are marked slow."""

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from csat import theme
from review import deck
from review.__main__ import main as review_main
from review.slides import build_review
from tests.apptest_support import rendered
from tests.fixture_data import table, write_fixture

# Building, printing and parsing decks takes tens of seconds: in the full run (tools/run_tests.sh), not the
# default loop.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
MARCH = dt.date(2025, 3, 1)
CJK = re.compile(r"[\u4e00-\u9fff]")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def review_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "review", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.fixture(scope="module")
def demo_data():
    """The bundled demo exports (the default data directory), whatever the environment says."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CSAT_DATA_DIR", raising=False)
        yield


@pytest.fixture(scope="module")
def built(demo_data, tmp_path_factory) -> dict:
    """{lang: (review, Presentation, progress reports)} for the nation's March 2025, zh and en."""
    folder = tmp_path_factory.mktemp("decks")
    decks = {}
    for lang in ("zh", "en"):
        review = build_review(MARCH, (), lang)
        reports = []
        path = deck.write_deck(review, folder / f"review-{lang}.pptx", lambda f, t, r=reports: r.append((f, t)))
        decks[lang] = (review, Presentation(str(path)), reports)
    return decks


@pytest.fixture(scope="module")
def city_deck(demo_data, tmp_path_factory):
    """The command line's deck for Urumqi and Lanzhou, in Chinese."""
    out = tmp_path_factory.mktemp("city") / "wlmq-lz.pptx"
    result = review_cli("--month", "2025-03", "--cities", "WLMQ,LZ", "--lang", "zh", "--out", str(out))
    return result, out


def shape(slide, name: str):
    return next(s for s in slide.shapes if s.name == name)


def slide_text(slide) -> str:
    texts = []
    for item in slide.shapes:
        if item.has_text_frame:
            texts.append(item.text_frame.text)
        if item.has_table:
            texts += [cell.text for row in item.table.rows for cell in row.cells]
    return "\n".join(texts)


def runs(element) -> list:
    return element.findall(f".//{qn('a:r')}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_slide_per_section_with_its_title_in_the_reviews_order(built, lang):
    review, presentation, _ = built[lang]
    assert [shape(s, "title").text_frame.text for s in presentation.slides] == [s.title for s in review.slides]
    assert len(review.slides) >= 7 and review.slides[0].key == "cover"
    assert (presentation.slide_width, presentation.slide_height) == (deck.Inches(13.333), deck.Inches(7.5))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_cover_shows_the_headline_figures_with_coloured_changes(built, lang):
    _, presentation, _ = built[lang]
    cover = presentation.slides[0]
    text = slide_text(cover)
    for value in ("87.4", "+1.1", "+5.2", "-1.3", "1,245"):  # index, speed up, resolution down (kpis' format)
        assert value in text
    colours = {run.text: str(run.font.color.rgb) for item in cover.shapes if item.name.startswith("figure")
               for paragraph in item.text_frame.paragraphs for run in paragraph.runs}
    assert colours["+5.2"] == theme.GOOD.lstrip("#") and colours["-1.3"] == theme.BAD.lstrip("#")
    assert colours["+133 (+12%)"] == theme.MUTED.lstrip("#")  # case volume: neither good nor bad


@pytest.mark.parametrize(("lang", "top", "bottom"), [("zh", "北京 92.1", "呼和浩特 82.5"),
                                                     ("en", "Beijing 92.1", "Hohhot 82.5")])
def test_the_map_slide_names_the_top_five_and_bottom_three(built, lang, top, bottom):
    review, presentation, _ = built[lang]
    number = [s.key for s in review.slides].index("map")
    text = slide_text(presentation.slides[number])
    assert top in text and bottom in text


@pytest.mark.parametrize(("lang", "hours", "header"), [("zh", "4.6 小时", "乌鲁木齐"), ("en", "4.6 h", "Urumqi")])
def test_the_diagnosis_is_a_table(built, lang, hours, header):
    review, presentation, _ = built[lang]
    number = [s.key for s in review.slides].index("diagnosis")
    grid = shape(presentation.slides[number], "table").table
    cells = [[cell.text for cell in row.cells] for row in grid.rows]
    expected = review.slides[number].table
    assert cells[0] == list(expected.columns) and header in cells[0]
    assert cells[1:] == expected.astype(str).values.tolist()
    assert hours in {cell for row in cells for cell in row}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_and_the_map_are_pictures_at_projector_resolution(built, lang):
    review, presentation, _ = built[lang]
    for model, slide in zip(review.slides, presentation.slides, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == len(model.charts) + (model.map is not None), model.key
        for picture in pictures:
            blob = picture.image.blob
            assert blob.startswith(PNG_MAGIC)
            width, height = Image.open(io.BytesIO(blob)).size
            assert width / (picture.width / 914400) >= 140  # ≥ 140 pixels per inch as shown: 1920 across a slide
            assert max(width, height) >= 800


def test_the_slides_charts_are_left_as_they_were(built):
    review, _, _ = built["zh"]
    assert all(chart["width"] == "container" for slide in review.slides for chart in slide.charts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_run_names_the_east_asian_and_the_latin_typeface(built, lang):
    _, presentation, _ = built[lang]
    checked = 0
    for slide in presentation.slides:
        parts = [slide.element] + ([slide.notes_slide.element] if slide.has_notes_slide else [])
        for element in parts:
            for run in runs(element):
                properties = run.find(qn("a:rPr"))
                assert properties is not None
                assert properties.find(qn("a:ea")).get("typeface") == deck.CJK_FONT
                assert properties.find(qn("a:latin")).get("typeface") == deck.LATIN_FONT
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_slide_carries_the_footer_with_scope_and_data_stamp(built, lang):
    review, presentation, _ = built[lang]
    assert "2025-12-31" in review.as_of
    for number, slide in enumerate(presentation.slides, start=1):
        footer = shape(slide, "footer").text_frame.text
        assert footer == review.footer and review.as_of in footer and footer.startswith(review.scope)
        assert shape(slide, "page number").text_frame.text == f"{number} / {len(review.slides)}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_speaker_notes_are_the_slides_notes(built, lang):
    review, presentation, _ = built[lang]
    assert any(model.notes for model in review.slides)
    for model, slide in zip(review.slides, presentation.slides, strict=True):
        if model.notes:
            assert slide.notes_slide.notes_text_frame.text == "\n".join(model.notes)
        else:
            assert not slide.has_notes_slide or not slide.notes_slide.notes_text_frame.text


def test_progress_is_reported_in_the_reviews_language_up_to_done(built):
    for lang, done in (("zh", "已完成"), ("en", "Done")):
        reports = built[lang][2]
        fractions = [fraction for fraction, _ in reports]
        assert fractions == sorted(fractions) and fractions[-1] == 1.0 and reports[-1][1] == done
        assert len(reports) == len(built[lang][0].slides) + 1
    assert CJK.search(built["zh"][2][0][1]) and not CJK.search(built["en"][2][0][1])


def test_a_city_deck_from_the_command_line_is_about_those_cities(city_deck):
    result, out = city_deck
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out) and out.is_file()
    slides = list(Presentation(str(out)).slides)
    titles = [shape(s, "title").text_frame.text for s in slides]
    assert "低满意度城市诊断：乌鲁木齐、兰州" in titles
    assert all(shape(s, "footer").text_frame.text.startswith("乌鲁木齐、兰州 · ") for s in slides)
    cover = slide_text(slides[0])
    assert "83.0" in cover and "全国满意度指数" in cover and "87.4" in cover  # the selection, the nation beside it
    diagnosis = slide_text(slides[titles.index("低满意度城市诊断：乌鲁木齐、兰州")])
    assert "呼和浩特" not in diagnosis


@pytest.mark.parametrize(("args", "named"), [
    (["--month", "2025-03-99"], "2025-03-99"),
    (["--month", "2019-01"], "2019-01"),
    (["--cities", "BJ,XX"], "XX"),
    (["--lang", "fr"], "fr"),
    (["--out", "review.docx"], "review.docx"),
    (["--out", "/no/such/folder/review.pptx"], "/no/such/folder/review.pptx"),
    (["--data", "/no/such/exports"], "/no/such/exports"),
    (["--bogus"], "--bogus"),
])
def test_bad_arguments_exit_2_with_one_line_naming_the_value(demo_data, tmp_path, args, named, capsys):
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "review.pptx")]
    assert review_main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and named in err, err
    assert not (tmp_path / "review.pptx").exists()


def test_an_existing_folder_is_no_place_for_the_deck(demo_data, tmp_path, capsys):
    folder = tmp_path / "review.pptx"
    folder.mkdir()
    assert review_main(["--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and len(err.splitlines()) == 1


def test_the_review_reads_the_chosen_data_directory(demo_data, tmp_path, monkeypatch, capsys):
    from queries.settings import BUNDLED_DEMO_DATA

    asked = []

    def refuse(review, path, progress=None):
        raise deck.DeckError("no deck today")

    monkeypatch.setattr(deck, "write_deck", refuse)
    monkeypatch.setattr("review.slides.build_review",
                        lambda month, cities, lang, data_dir=None: asked.append(data_dir))
    assert review_main(["--data", str(BUNDLED_DEMO_DATA), "--out", str(tmp_path / "review.pptx")]) == 2
    assert asked == [BUNDLED_DEMO_DATA.resolve()]
    assert capsys.readouterr().err == "error: no deck today\n"


def test_exports_that_break_the_contract_exit_2_in_one_line_without_traceback(tmp_path):
    directory = write_fixture(tmp_path / "exports")
    pq.write_table(table("survey_responses").drop(["follow_up"]), directory / "survey_responses.parquet")
    result = review_cli("--data", str(directory), "--out", str(tmp_path / "review.pptx"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "survey_responses.parquet, column follow_up: required column missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_a_cjk_font_the_deck_is_refused_naming_the_package(built, tmp_path, monkeypatch):
    monkeypatch.setattr(deck, "FONT_DIRECTORIES", (str(tmp_path),))
    with pytest.raises(deck.DeckError, match="install fonts-noto-cjk") as raised:
        deck.write_deck(built["zh"][0], tmp_path / "review.pptx")
    assert "\n" not in str(raised.value) and not (tmp_path / "review.pptx").exists()


def test_without_libreoffice_the_pdf_is_refused_naming_the_package(built, tmp_path, monkeypatch):
    monkeypatch.setattr(deck, "SOFFICE_NAMES", ("no-such-office",))
    with pytest.raises(deck.DeckError, match="install libreoffice-impress"):
        deck.write_deck(built["zh"][0], tmp_path / "review.pdf")


def test_only_pptx_and_pdf_are_written(built, tmp_path):
    with pytest.raises(deck.DeckError, match=r"\.pptx or \.pdf"):
        deck.write_deck(built["en"][0], tmp_path / "review.key")


def test_the_map_picture_labels_the_top_and_bottom_cities_and_marks_warnings(demo_data):
    import queries
    from csat.charts.map_image import map_spec, satisfaction_map_image
    from csat.i18n import Translator

    scores = queries.run("city_scores", month=MARCH)
    spec = map_spec(satisfaction_map_image(scores, Translator("en"), selected={"LZ"}, warned={"WLMQ", "LZ"}))
    assert {"china_provinces", "china_dash_line"} <= set(spec["datasets"])
    assert spec["layer"][0]["projection"]["type"] == "mercator"
    rows = [row for values in spec["datasets"].values() for row in values if isinstance(row, dict)]
    labels = {row["label"] for row in rows if row.get("label")}
    assert {"Beijing 92.1", "Hohhot 82.5", "Urumqi 83.2"} <= labels and len(labels) == 8
    assert sum(1 for row in rows if row.get("mark") == "▲" and "lon" in row)  # the key has one too == 2
    assert {row["outline"] for row in rows if row.get("name") == "Lanzhou"} == {theme.TEXT}


# --- slow: LibreOffice and Streamlit ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf(built, tmp_path_factory) -> tuple[Path, int]:
    review = built["zh"][0]
    path = deck.write_deck(review, tmp_path_factory.mktemp("pdf") / "review-zh.pdf")
    return path, len(review.slides)


def test_the_pdf_has_one_page_per_slide_and_renders(pdf, tmp_path):
    path, slides = pdf
    assert path.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == slides
    assert all(p.read_bytes().startswith(PNG_MAGIC) and Image.open(p).size[0] > Image.open(p).size[1]
               for p in pages)


def test_the_pdf_text_carries_the_figures_in_chinese(pdf):
    path, slides = pdf
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=120).stdout
    assert text.count("\f") in (slides, slides - 1)
    for value in ("87.4", "+5.2", "-1.3", "北京 92.1", "呼和浩特 82.5", "本月概览", "数据截至 2025-12-31"):
        assert value in text


def test_the_sidebar_block_builds_the_deck_with_a_progress_bar_then_offers_both_files(demo_data):
    from streamlit.testing.v1 import AppTest

    def page():
        import datetime as dt

        from csat.export import deck_download
        from csat.frame import Filters
        from csat.i18n import Translator

        deck_download(Filters(dt.date(2025, 3, 1), ("WLMQ", "LZ"), "en"), Translator("en"), key="test_deck")

    app = AppTest.from_function(page, default_timeout=300)
    app.run()
    assert [b.label for b in app.button] == ["Prepare the deck (PPTX / PDF)"]
    app.button[0].click().run()
    assert not app.exception and not app.error
    downloads = [e for e in app.main if getattr(e, "proto", None) is not None and e.type == "download_button"]
    assert [d.proto.label for d in downloads] == ["Download PPTX", "Download PDF"]
    assert "Urumqi, Lanzhou" in rendered(app.caption[0].value)  # city names are Markdown-escaped as export text


def test_the_test_tools_are_installed():
    """tools/install_system_packages.sh --with-tests provides these (tools/run_tests.sh runs it)."""
    for program in ("pdftoppm", "pdftotext"):
        assert shutil.which(program), program
    assert deck.soffice() and deck.find_cjk_font_directory()
