"""The extension's own words follow ``language``: English, French from its catalog.

The catalog (``_ext/jekyll_guide/locale``) must list every marked string of
the code, translated, and its ``.mo`` must be compiled from its ``.po``.
"""

from __future__ import annotations

import importlib.util
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

ENGLISH = {
    "moved": "This page has moved: ",
    "cta": "Contact us",
    "headers": ["Option", "Default", "Purpose"],
    "classes": ["Class", "Becomes"],
    "below": "(table below)",
    "previous": "Previous pages",
    "next": "Next pages",
}
FRENCH = {
    "moved": "Cette page a déménagé : ",
    "cta": "Nous contacter",
    "headers": ["Option", "Défaut", "Rôle"],
    "classes": ["Classe", "Devient"],
    "below": "(table ci-dessous)",
    "previous": "Pages précédentes",
    "next": "Pages suivantes",
}

PROBE_TEMPLATE = """\
{% extends "jekyll/layout.html" %}
{% block body %}<p class="i18n-probe">{{ jekyll_gettext("Contact us") | e }}</p>{{ super() }}
{% endblock body %}
"""


def load_compile_catalogs():
    path = ROOT / "tools" / "compile_catalogs.py"
    spec = importlib.util.spec_from_file_location("compile_catalogs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def project_files() -> dict[str, str]:
    pages = {
        f"fiche{i}.md": f"---\ntitle: Fiche {i}\nlayout: fiche\nnav_order: {i}\n---\n\nTexte.\n"
        for i in (1, 2, 3)
    }
    return {
        **pages,
        "contact.md": """
            ---
            title: Contact
            redirect_from: /ancien-contact.html
            footer_cta: true
            ---

            Écrivez-nous.
            """,
        "options.md": """
            ---
            title: Options
            ---

            ```{jekyll-config-reference}
            ```
            """,
        "sonde.md": "---\ntitle: Sonde\nlayout: sonde\n---\n\nTexte.\n",
        "_templates/sonde.html": PROBE_TEMPLATE,
    }


@pytest.mark.parametrize(
    ("language", "lang", "words"),
    [
        ("en", "en", ENGLISH),
        ("fr", "fr", FRENCH),
        ("fr_FR", "fr-FR", FRENCH),  # a regional variant gets the language's catalog
        ("de", "de", ENGLISH),  # no catalog: English
    ],
)
def test_the_extensions_words_follow_language(build_project, language, lang, words):
    conf = f"""
language = {language!r}
templates_path = ["_templates"]
jekyll_layouts = {{"sonde": "sonde.html"}}
jekyll_navigation_group_size = 1
"""
    build = build_project(project_files(), conf=conf)
    assert build.returncode == 0, build.warnings

    # the redirect page: the project's language, its sentence translated
    redirect = BeautifulSoup((build.outdir / "ancien-contact.html").read_text("utf-8"), "lxml")
    assert redirect.html["lang"] == lang
    paragraph = redirect.body.p
    assert paragraph.get_text() == words["moved"] + "Contact."
    assert paragraph.a["href"] == "contact.html"

    # footer_cta: true
    cta = build.html("contact").select_one(".jekyll-footer-cta")
    assert cta.get_text(strip=True) == words["cta"]

    # jekyll-config-reference
    tables = build.html("options").select("article table")
    assert [th.get_text(strip=True) for th in tables[0].select("thead th")] == words["headers"]
    assert [th.get_text(strip=True) for th in tables[1].select("thead th")] == words["classes"]
    assert words["below"] in tables[0].get_text()

    # the layout sidebar's links to the chunks around the page
    nav = build.html("fiche2").select_one(".jekyll-layout-nav")
    more = [a.get("aria-label") for a in nav.select("li.jekyll-more a")]
    assert more == [words["previous"], words["next"]]

    # a template translates with the extension's catalog too
    assert build.html("sonde").select_one(".i18n-probe").get_text() == words["cta"]


def test_the_guide_stays_french(guide_html):
    assert guide_html.returncode == 0, guide_html.warnings
    redirect = BeautifulSoup((guide_html.outdir / "audit.html").read_text("utf-8"), "lxml")
    assert redirect.html["lang"] == "fr"
    assert redirect.body.p.get_text().startswith(FRENCH["moved"])
    tables = guide_html.html("docs/rediger").select("article table")
    headers = [[th.get_text(strip=True) for th in t.select("thead th")] for t in tables]
    assert FRENCH["headers"] in headers
    assert FRENCH["classes"] in headers


def test_catalogs_are_up_to_date():
    """Run ``python tools/compile_catalogs.py`` (then translate what is new) to fix this."""
    assert load_compile_catalogs().catalog_problems() == []


def test_the_catalog_check_sees_a_forgotten_string_and_a_stale_mo(tmp_path):
    tool = load_compile_catalogs()
    locale = tmp_path / "locale"
    shutil.copytree(tool.LOCALE_DIR, locale)
    po = locale / "fr" / "LC_MESSAGES" / "jekyll_guide.po"
    text = po.read_text("utf-8")
    assert tool.catalog_problems(locale) == []

    # a translation changed in the .po, the .mo not compiled again
    po.write_text(text.replace('msgstr "Nous contacter"', 'msgstr "Contactez-nous"'), "utf-8")
    assert tool.catalog_problems(locale) == [
        f"{po.with_suffix('.mo')} is out of date with {po.name}"
    ]

    # a string of the code missing from the .po
    po.write_text(text.replace('msgid "Contact us"\nmsgstr "Nous contacter"\n', ""), "utf-8")
    assert f"{po}: 'Contact us' is missing" in tool.catalog_problems(locale)

    # a string left untranslated, a {field} lost in translation
    po.write_text(text.replace('msgstr "Nous contacter"', 'msgstr ""'), "utf-8")
    assert f"{po}: 'Contact us' has no translation (or a fuzzy one)" in tool.catalog_problems(
        locale
    )
    po.write_text(text.replace("déménagé : {link}.", "déménagé : {lien}."), "utf-8")
    problems = tool.catalog_problems(locale)
    assert f"{po}: the translation of 'This page has moved: {{link}}.' changes its {{fields}}" in (
        problems
    )
