"""The PDF, built the way Read the Docs builds it, read back with pypdf."""

from __future__ import annotations

import subprocess

import pytest
from conftest import ROOT, require_latex, run_latexmk, sphinx_build

JOBNAME = "guide-des-expertises"
SEED_HEADINGS = {
    "differences": "Quel est la différence entre un développeur back",
    "presentation": "Qu’est-ce qu’un développeur back",
    "etapes": "Qu’est ce qu’une API",
    "mission": "Quels sont les missions du développeur back",
    "profil": "Qui est le développeur back",
}


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    require_latex()
    from pypdf import PdfReader

    out = tmp_path_factory.mktemp("pdf") / "latex"
    latex = sphinx_build(
        ROOT, out, builder="latex", extra_args=("-W", "--keep-going", "-D", "language=fr")
    )
    assert latex.returncode == 0, latex.warnings
    result = run_latexmk(out, f"-jobname={JOBNAME}")
    log = (out / f"{JOBNAME}.log").read_text("utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("! ")]
    assert errors == [], errors
    assert result.returncode == 0, result.stdout[-3000:]
    reader = PdfReader(out / f"{JOBNAME}.pdf")
    reader.path = out / f"{JOBNAME}.pdf"
    return reader


def _page_texts(reader):
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.latex
def test_seed_title_and_headings_are_in_the_text(pdf):
    text = " ".join(_page_texts(pdf))
    assert "Développeur back-end freelance, création d'une API" in text
    for heading in SEED_HEADINGS.values():
        assert heading in text


@pytest.mark.latex
def test_outline_has_one_entry_per_expertise_chapter(pdf):
    def titles(outline):
        return [item["/Title"] for item in outline if not isinstance(item, list)]

    top = titles(pdf.outline)
    assert top[:2] == ["I Expertises", "II Offres"]  # one part per section of the guide
    expertises = pdf.outline[top.index("I Expertises") + 1]
    assert titles(expertises) == [
        "Chef de projet web, piloter un site de bout en bout",
        "Intégrateur web, du design au code",
        "Développeur back-end freelance, création d'une API",
        "Développeur front-end freelance, intégration et interfaces",
    ]


def _outline_positions(reader, outline, found=None):
    """Heading title → (page, top) of its bookmark."""
    found = {} if found is None else found
    for item in outline:
        if isinstance(item, list):
            _outline_positions(reader, item, found)
        else:
            found[item["/Title"]] = (reader.get_destination_page_number(item), item["/Top"])
    return found


@pytest.mark.latex
def test_seed_in_page_links_go_to_their_sections(pdf):
    """The seed's five links, in order, land exactly where the five bookmarks do."""
    texts = _page_texts(pdf)
    bookmarks = _outline_positions(pdf, pdf.outline)
    expected = [
        next(pos for title, pos in bookmarks.items() if title.startswith(heading))
        for heading in SEED_HEADINGS.values()
    ]
    destinations = pdf.named_destinations
    seed_page = next(
        i
        for i, t in enumerate(texts)
        if "Développeur back-end freelance, création" in t and "Quel est la différence" in t
    )
    targets = []
    for annotation in pdf.pages[seed_page].get("/Annots") or []:
        annotation = annotation.get_object()
        action = annotation.get("/A")
        if annotation.get("/Subtype") == "/Link" and action and action["/S"] == "/GoTo":
            destination = destinations[action["/D"]]
            targets.append((pdf.get_destination_page_number(destination), destination["/Top"]))
    assert expected[0] in targets
    start = targets.index(expected[0])
    assert targets[start : start + 5] == expected


def _styled_runs(reader, page_number):
    """(text without spaces, fill colour, font size) of each text-showing operator."""
    from pypdf.generic import ContentStream

    page = reader.pages[page_number]
    runs, color, size = [], (0.0, 0.0, 0.0), 0.0
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"rg":
            color = tuple(round(float(v), 2) for v in operands)
        elif operator == b"g":
            color = (round(float(operands[0]), 2),) * 3
        elif operator == b"Tf":
            size = round(float(operands[1]), 1)
        elif operator in (b"TJ", b"Tj"):
            parts = operands[0] if operator == b"TJ" else [operands[0]]
            text = "".join(
                p.get_original_bytes().decode("latin-1")
                for p in parts
                if hasattr(p, "get_original_bytes")
            )
            runs.append((text, color, size))
    return runs


@pytest.mark.latex
def test_styled_headings_keep_their_style(pdf):
    texts = _page_texts(pdf)
    page = next(i for i, t in enumerate(texts) if "Développeur full-stack" in t)
    runs = _styled_runs(pdf, page)
    primary = (round(13 / 255, 2), round(110 / 255, 2), round(253 / 255, 2))
    h5 = [r for r in runs if r[0] == "Développeurfull-stack"]
    assert h5 and h5[0][1] == primary, runs[:10]
    body = [r for r in runs if r[0].startswith("Alacroisédecesdeuxmonde")]
    assert body and body[0][1] == (0.0, 0.0, 0.0)
    h2 = [r for r in runs if r[0].startswith("Qu'est-cequ'undéveloppeurback")]
    assert h2 and h5[0][2] < h2[0][2]  # the .h5 heading is smaller than the h2 after it
    assert h2[0][1] != primary


@pytest.mark.latex
def test_chapter_has_header_image_summary_and_cta(pdf):
    texts = _page_texts(pdf)
    start = next(
        i
        for i, t in enumerate(texts)
        if "Développeur front-end freelance, intégration" in t
        and "Que fait un développeur front-end" in t
    )
    assert "Le développeur front-end donne vie aux maquettes" in texts[start]
    xobjects = pdf.pages[start]["/Resources"].get("/XObject", {})
    images = [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    assert images, "the header image is embedded at the chapter start"
    chapter = " ".join(texts[start : start + 3])
    assert "Parlons de votre interface" in chapter  # footer_cta
    assert "Documentation MDN" in chapter  # the raw HTML button, converted


@pytest.mark.latex
def test_index_cards_are_a_list(pdf):
    texts = _page_texts(pdf)
    index = next(i for i, t in enumerate(texts) if "Les expertises" in t and "Les offres" in t)
    assert "Chef de projet web, piloter un site de bout en bout — Le chef de projet" in texts[index]


def render_page(pdf_file: str, page: int, options: list[str], output) -> None:
    """One page of the PDF as an image, with pdftoppm."""
    pages = ["-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run(["pdftoppm", *options, *pages, pdf_file, str(output)], check=True)


@pytest.mark.latex
def test_a_rendered_page_is_not_blank(pdf, tmp_path_factory):
    import shutil

    if shutil.which("pdftoppm") is None:
        from conftest import require

        require(False, "pdftoppm (Debian package 'poppler-utils')")
    texts = _page_texts(pdf)
    page = next(i for i, t in enumerate(texts) if "Quel est la différence entre un dév" in t) + 1
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(exist_ok=True)
    source = str(pdf.path)
    render_page(source, page, ["-r", "60", "-png"], artifacts / "seed-page")
    ppm = tmp_path_factory.mktemp("ppm") / "page"
    render_page(source, page, ["-r", "30", "-gray"], ppm)
    data = (ppm.parent / "page.pgm").read_bytes()
    width, height = map(int, data.split(b"\n")[1].split())
    pixels = data[-width * height :]
    dark = sum(1 for value in pixels if value < 128)
    assert (artifacts / "seed-page.png").stat().st_size > 5_000
    assert dark > 0.01 * len(pixels)  # text and the banner, not a blank page
