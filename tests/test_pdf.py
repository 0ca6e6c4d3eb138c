"""The PDF, built the way Read the Docs builds it, read back with pypdf."""

from __future__ import annotations

import subprocess

import pytest
from conftest import ROOT, require_latex, sphinx_build

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
    result = subprocess.run(
        [
            "latexmk",
            "-r",
            "latexmkrc",
            "-pdf",
            "-f",
            "-dvi-",
            "-ps-",
            f"-jobname={JOBNAME}",
            "-interaction=nonstopmode",
        ],
        cwd=out,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=900,
    )
    log = (out / f"{JOBNAME}.log").read_text("utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("! ")]
    assert errors == [], errors
    assert result.returncode == 0, result.stdout[-3000:]
    return PdfReader(out / f"{JOBNAME}.pdf")


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
