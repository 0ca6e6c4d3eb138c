"""The extension's message catalogs: extract, merge, compile (Babel, installed with Sphinx).

    python tools/compile_catalogs.py          # bring the catalogs up to date
    python tools/compile_catalogs.py --check  # say what is out of date (exit status 1)

Extracts the strings marked with ``_("…")`` in the package's Python modules
and ``jekyll_gettext("…")`` in its HTML templates into
``_ext/jekyll_guide/locale/jekyll_guide.pot``, merges them into every
``locale/<language>/LC_MESSAGES/jekyll_guide.po`` (a new string comes with an
empty translation: write it, then run this again) and compiles each ``.po``
into the ``.mo`` Sphinx reads.  Files are written only when their content
changes.  ``tests/test_i18n.py`` runs the check.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "_ext" / "jekyll_guide"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "jekyll_guide"
#: What marks a string: ``_`` in Python (``jekyll_guide.i18n._``), ``jekyll_gettext`` in
#: templates (given to their context by ``jekyll_guide.i18n``).
PYTHON_KEYWORDS = {"_": None}
TEMPLATE_KEYWORDS = {"jekyll_gettext": None}
COMMENT_TAGS = ("Translators:",)
HEADER = """\
# French translations of the jekyll_guide Sphinx extension.
# This file is distributed under the same license as the jekyll-guide project.
#"""


def sources() -> list[tuple[str, Path]]:
    """(extraction method, file) for every file whose strings are extracted."""
    found = [("python", path) for path in sorted(PACKAGE.rglob("*.py"))]
    found += [
        ("jinja2.ext:babel_extract", path)
        for path in sorted((PACKAGE / "templates").rglob("*.html"))
    ]
    return [(method, path) for method, path in found if "__pycache__" not in path.parts]


def extract_messages() -> Catalog:
    """The marked strings of the code, as a template catalog."""
    catalog = Catalog(domain=DOMAIN, project="jekyll-guide", fuzzy=False, header_comment=HEADER)
    for method, path in sources():
        keywords = PYTHON_KEYWORDS if method == "python" else TEMPLATE_KEYWORDS
        location = path.relative_to(PACKAGE.parent).as_posix()
        for lineno, message, comments, context in extract_from_file(
            method, path, keywords=keywords, comment_tags=COMMENT_TAGS, strip_comment_tags=True
        ):
            catalog.add(
                message,
                locations=[(location, lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def messages(catalog: Catalog) -> dict[str, str]:
    """``{msgid: msgstr}`` of a catalog, header left out."""
    return {str(m.id): str(m.string or "") for m in catalog if m.id}


def fingerprint(catalog: Catalog) -> list[tuple[str, list[str]]]:
    """What a ``.pot`` says: each string and the files it comes from."""
    return sorted(
        (str(m.id), sorted({file for file, _line in m.locations})) for m in catalog if m.id
    )


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, sort_output=True)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compiled(catalog: Catalog) -> dict[str, str]:
    """What a ``.mo`` compiled from ``catalog`` holds (fuzzy and empty entries left out)."""
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


_FIELD = re.compile(r"\{[^{}]*\}")


def catalog_problems(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Everything out of date: the ``.pot``, a string without translation, a ``.mo``."""
    problems = []
    template = extract_messages()
    wanted = messages(template)
    pot = locale_dir / f"{DOMAIN}.pot"
    if not pot.is_file():
        problems.append(f"{pot} is missing")
    elif fingerprint(read_catalog(pot)) != fingerprint(template):
        problems.append(f"{pot} does not list the strings of the code")
    pos = po_files(locale_dir)
    if not pos:
        problems.append(f"no {DOMAIN}.po under {locale_dir}")
    for po in pos:
        catalog = read_catalog(po)
        for msgid in wanted:
            message = catalog.get(msgid)
            if message is None:
                problems.append(f"{po}: {msgid!r} is missing")
            elif not message.string or message.fuzzy:
                problems.append(f"{po}: {msgid!r} has no translation (or a fuzzy one)")
            elif sorted(_FIELD.findall(msgid)) != sorted(_FIELD.findall(str(message.string))):
                problems.append(f"{po}: the translation of {msgid!r} changes its {{fields}}")
        mo = po.with_suffix(".mo")
        if not mo.is_file():
            problems.append(f"{mo} is missing")
            continue
        with mo.open("rb") as file:
            if compiled(read_mo(file)) != compiled(catalog):
                problems.append(f"{mo} is out of date with {po.name}")
    return problems


def write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and path.read_bytes() == content:
        return False
    path.write_bytes(content)
    print(f"wrote {path.relative_to(ROOT)}")
    return True


def update(locale_dir: Path = LOCALE_DIR) -> None:
    template = extract_messages()
    pot = locale_dir / f"{DOMAIN}.pot"
    if not pot.is_file() or fingerprint(read_catalog(pot)) != fingerprint(template):
        write_if_changed(pot, po_bytes(template))
    for po in po_files(locale_dir):
        catalog = read_catalog(po)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        write_if_changed(po, po_bytes(catalog))
        write_if_changed(po.with_suffix(".mo"), mo_bytes(read_catalog(po)))


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = catalog_problems()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    update()
    problems = catalog_problems()
    for problem in problems:
        print(f"still to do: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
