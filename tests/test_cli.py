"""``jekyll-guide init`` on the two fixture sites of ``tests/sites/``.

``freelance``: a Bootstrap freelancer site (layouts from ``defaults:``, ``_data``
loops, includes with parameters, header images); ``docs``: a just-the-docs site
(three-level ``parent``/``grand_parent`` tree, callouts, ``exclude:``).
"""

from __future__ import annotations

import os
import runpy
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, sphinx_build, write_files
from jekyll_guide.cli import (
    PARALLEL_FROM_PAGES,
    glob_regex,
    jekyll_excluded,
    main,
    sphinx_language,
)
from jekyll_guide.frontmatter import split_front_matter
from sphinx.util.matching import get_matching_files

SITES = Path(__file__).parent / "sites"

FREELANCE_PAGES = {
    "index.md",
    "expertises/back-end.md",
    "expertises/conseil.md",
    "expertises/front-end.md",
    "offres/audit.md",
    "offres/forfait-maintenance.md",
}
DOCS_PAGES = {
    "index.md",
    "404.md",
    "docs/getting-started.md",
    "docs/guides.md",
    "docs/guides/installation.md",
    "docs/guides/configuration.md",
    "docs/guides/configuration/formats.md",
    "docs/guides/configuration/ignoring.md",
    "docs/internal.md",
    "docs/reference.md",
    "docs/reference/cli.md",
    "docs/reference/exit-codes.md",
}
#: Files of the sites that must never become pages, and why.
NOT_PAGES = {
    "freelance": [
        "README.md",  # exclude: + no front matter
        "_posts/2026-03-12-retour-sur-un-audit.md",  # a post
    ],
    "docs": [
        "README.md",  # no front matter
        "CHANGELOG.md",  # exclude: by name
        "notes/release-checklist.md",  # exclude: "notes/*"
        "docs/guides/configuration/TODO.md",  # no front matter
    ],
}
INIT_FILES = ("conf.py", ".readthedocs.yaml")


def copy_site(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(SITES / name, target)
    return target


def load_conf(site: Path, monkeypatch, canonical: str = "") -> dict:
    """Run the written conf.py as Sphinx does (a plain Python file)."""
    if canonical:
        monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", canonical)
    else:
        monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    return runpy.run_path(str(site / "conf.py"))


def sphinx_pages(site: Path, conf: dict) -> set[str]:
    """The files Sphinx reads as pages with this conf.py (its own matcher)."""
    return set(get_matching_files(site, conf["include_patterns"], conf["exclude_patterns"]))


def run_init(*args: str) -> int:
    return main(["init", *args])


# -- Unit checks of the Jekyll rules ------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "is_dir", "patterns", "excluded"),
    [
        ("README.md", False, ["README.md"], True),
        ("docs/README.md", False, ["README.md"], False),  # relative to the site
        ("notes/a.md", False, ["notes/*"], True),
        ("notes", True, ["notes/"], True),  # a folder named with its slash
        ("vendor", True, ["vendor"], True),
        ("READMEs.md", False, ["README"], True),  # Jekyll matches prefixes too
        ("a/b/c.md", False, ["*.md"], True),  # File.fnmatch: * crosses /
        ("guide.md", False, ["/guide.md"], True),
        ("guide.md", False, ["other.md"], False),
    ],
)
def test_jekyll_exclude_semantics(path, is_dir, patterns, excluded):
    assert jekyll_excluded(path, is_dir, patterns) is excluded


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("docs/**/*.md", "docs/x.md", True),  # ** is zero folders too
        ("docs/**/*.md", "docs/a/b/x.md", True),
        ("docs/*.md", "docs/a/x.md", False),
        ("*.md", "docs/x.md", False),
        ("**/index.md", "index.md", True),
        ("docs/**", "docs/a/x.md", True),
        ("docs/[gr]*.md", "docs/guides.md", True),
        ("docs/[!gr]*.md", "docs/guides.md", False),
    ],
)
def test_pages_glob(glob, path, matches):
    assert bool(glob_regex(glob).fullmatch(path)) is matches


@pytest.mark.parametrize(
    ("value", "language"),
    [("fr", "fr"), ("fr_FR", "fr"), ("fr-FR", "fr"), ("EN", "en"), ("pt_BR", "pt_BR"), ("", "en")],
)
def test_language_codes(value, language):
    assert sphinx_language(value) == language


# -- init ---------------------------------------------------------------------------------


def test_init_freelance(tmp_path, capsys, monkeypatch):
    site = copy_site("freelance", tmp_path)
    assert run_init(str(site)) == 0
    out = capsys.readouterr().out

    for name in INIT_FILES:
        assert (site / name).is_file(), name
    assert not (site / "guide-index.md").exists()  # index.md has front matter: it is the home

    source = (site / "conf.py").read_text("utf-8")
    compile(source, "conf.py", "exec")
    assert source.count("\n# ") >= 10  # commented
    conf = load_conf(site, monkeypatch, canonical="https://guide.example.org/fr/latest/")
    assert conf["project"] == "Camille Roux, développeuse web freelance"
    assert conf["author"] == "Camille Roux"
    assert conf["language"] == "fr"
    assert conf["extensions"] == ["jekyll_guide"]
    assert conf["jekyll_site_dir"] == ""
    assert conf["jekyll_navigation"] is True
    assert conf["root_doc"] == "index"
    assert conf["html_theme"] == "pydata_sphinx_theme"
    assert conf["html_baseurl"] == "https://guide.example.org/fr/latest/"
    assert load_conf(site, monkeypatch)["html_baseurl"] == ""
    assert conf["jekyll_header_image_dirs"] == ["assets/img/headers"]
    (latex,) = conf["latex_documents"]
    assert latex[0] == "index" and latex[1].endswith(".tex") and latex[4] == "manual"
    assert sphinx_pages(site, conf) == FREELANCE_PAGES

    rtd = yaml.safe_load((site / ".readthedocs.yaml").read_text("utf-8"))
    assert rtd["version"] == 2
    assert rtd["build"]["os"] == "ubuntu-22.04"
    assert rtd["build"]["tools"]["python"] == "3.11"
    assert rtd["sphinx"] == {"configuration": "conf.py", "fail_on_warning": False}
    assert rtd["formats"] == ["pdf"]
    assert any(
        "pip install" in c and "jekyll-guide[guide]>=" in c
        for c in rtd["build"]["jobs"]["post_install"]
    )
    assert "build" not in rtd["build"]["jobs"]  # six pages: Read the Docs' own serial build
    assert "jekyll_parallel_read_per_process" not in conf
    rtd_text = (site / ".readthedocs.yaml").read_text("utf-8")
    comment = rtd_text.split("fail_on_warning")[0].rsplit("configuration: conf.py", 1)[1]
    assert "warning" in comment  # says why it is false

    for name in INIT_FILES:
        assert f"  {name}" in out
    assert (
        f"python -m sphinx -T -W --keep-going -b html -d _build/doctrees {site} _build/html" in out
    )
    assert f"python -m sphinx -T -b latex -d _build/doctrees {site} _build/latex" in out
    assert f"latexmk -r latexmkrc -pdf -f -dvi- -ps- -interaction=nonstopmode {latex[1]}" in out


def test_init_builds_a_large_site_in_parallel(tmp_path, capsys):
    """From PARALLEL_FROM_PAGES pages the commands, and Read the Docs' HTML build, use
    ``-j auto``; the Read the Docs command builds the site as it is written."""
    site = tmp_path / "large"
    pages = {
        "_config.yml": "title: Grand site\nlang: fr\n",
        "index.md": "---\ntitle: Accueil\n---\n",
    }
    for i in range(PARALLEL_FROM_PAGES):
        pages[f"pages/p{i:03}.md"] = f"---\ntitle: Page {i}\n---\n\nTexte {i}.\n{{: #p{i}}}\n"
    write_files(site, pages, dedent=False)
    assert run_init(str(site)) == 0
    out = capsys.readouterr().out
    assert "-W --keep-going -j auto -b html" in out and "-T -j auto -b latex" in out
    conf = runpy.run_path(str(site / "conf.py"))
    assert conf["jekyll_parallel_read_per_process"] is True
    rtd = yaml.safe_load((site / ".readthedocs.yaml").read_text("utf-8"))
    (html,) = rtd["build"]["jobs"]["build"]["html"]
    assert "-j auto" in html and html.endswith("$READTHEDOCS_OUTPUT/html")
    assert rtd["formats"] == ["pdf"] and "pdf" not in rtd["build"]["jobs"]["build"]
    output = tmp_path / "rtd-output"
    result = subprocess.run(
        ["bash", "-c", html.replace("python ", f"{shlex.quote(sys.executable)} ", 1)],
        cwd=site,
        env=dict(os.environ, READTHEDOCS_OUTPUT=str(output), PYTHONPATH=str(ROOT / "_ext")),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = (output / "html" / "pages" / f"p{PARALLEL_FROM_PAGES - 1:03}.html").read_text("utf-8")
    assert f'id="p{PARALLEL_FROM_PAGES - 1}"' in last


def test_init_docs_with_python_m(tmp_path, monkeypatch):
    """``python -m jekyll_guide init`` in a subprocess, from inside the site."""
    site = copy_site("docs", tmp_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "_ext"))
    result = subprocess.run(
        [sys.executable, "-m", "jekyll_guide", "init"],
        cwd=site,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "python -m sphinx -T -W --keep-going -b html -d _build/doctrees . _build/html" in (
        result.stdout
    )
    # Markdown without front matter is named, as not being a page
    assert "README.md" in result.stderr and "docs/guides/configuration/TODO.md" in result.stderr
    conf = load_conf(site, monkeypatch)
    assert conf["project"] == "Lumen"
    assert conf["language"] == "en"  # no lang: in _config.yml
    assert conf["root_doc"] == "index"
    assert "jekyll_header_image_dirs" not in conf
    assert sphinx_pages(site, conf) == DOCS_PAGES


def test_refuses_to_overwrite_without_force(tmp_path, capsys):
    site = copy_site("freelance", tmp_path)
    (site / "conf.py").write_text("# my own conf.py\n", "utf-8")
    assert run_init(str(site)) == 1
    err = capsys.readouterr().err
    assert "conf.py" in err and "--force" in err and "nothing written" in err
    assert (site / "conf.py").read_text("utf-8") == "# my own conf.py\n"
    assert not (site / ".readthedocs.yaml").exists()  # all or nothing

    assert run_init(str(site), "--force") == 0
    assert "jekyll_guide" in (site / "conf.py").read_text("utf-8")


def test_refuses_to_overwrite_readthedocs_yaml(tmp_path, capsys):
    site = copy_site("docs", tmp_path)
    (site / ".readthedocs.yaml").write_text("version: 2\n", "utf-8")
    assert run_init(str(site)) == 1
    assert ".readthedocs.yaml" in capsys.readouterr().err
    assert not (site / "conf.py").exists()


def test_pages_narrow_and_guide_index(tmp_path, capsys, monkeypatch):
    """``--pages 'docs/**/*.md'``: docs/x.md too; no site index left → guide-index.md."""
    site = copy_site("docs", tmp_path)
    assert run_init(str(site), "--pages", "docs/**/*.md") == 0
    assert "guide-index.md" in capsys.readouterr().out
    conf = load_conf(site, monkeypatch)
    assert conf["root_doc"] == "guide-index"
    expected = {page for page in DOCS_PAGES if page.startswith("docs/")} | {"guide-index.md"}
    assert sphinx_pages(site, conf) == expected
    assert conf["latex_documents"][0][0] == "guide-index"

    index = split_front_matter((site / "guide-index.md").read_text("utf-8"))
    assert index.present
    assert index.data["title"] == "Lumen"
    assert index.data["summary"].startswith("Lumen makes images small")


def test_pages_folder_and_several_globs(tmp_path, monkeypatch):
    site = copy_site("freelance", tmp_path)
    assert run_init(str(site), "--pages", "expertises", "--pages", "index.md") == 0
    conf = load_conf(site, monkeypatch)
    assert conf["root_doc"] == "index"
    assert sphinx_pages(site, conf) == {
        "index.md",
        "expertises/back-end.md",
        "expertises/conseil.md",
        "expertises/front-end.md",
    }


def test_pages_matching_nothing_is_an_error(tmp_path, capsys):
    site = copy_site("freelance", tmp_path)
    assert run_init(str(site), "--pages", "blog/*.md") == 1
    assert "blog/*.md" in capsys.readouterr().err
    assert not (site / "conf.py").exists()


def test_language_and_title_options(tmp_path, monkeypatch):
    site = copy_site("freelance", tmp_path)
    assert run_init(str(site), "--language", "de", "--title", "Mein Leitfaden") == 0
    conf = load_conf(site, monkeypatch)
    assert conf["language"] == "de"
    assert conf["project"] == "Mein Leitfaden"
    assert conf["latex_documents"][0][1] == "mein-leitfaden.tex"


def test_locale_gives_the_language(tmp_path, monkeypatch):
    site = copy_site("docs", tmp_path)
    config = site / "_config.yml"
    config.write_text(config.read_text("utf-8") + "locale: fr_FR\n", "utf-8")
    assert run_init(str(site)) == 0
    assert load_conf(site, monkeypatch)["language"] == "fr"


def test_missing_and_broken_config(tmp_path, capsys, monkeypatch):
    site = tmp_path / "mon-site"
    site.mkdir()
    (site / "about.md").write_text("---\ntitle: À propos\n---\n\nBonjour.\n", "utf-8")
    assert run_init(str(site)) == 0
    assert "no _config.yml" in capsys.readouterr().err
    conf = load_conf(site, monkeypatch)
    assert conf["project"] == "mon-site" and conf["language"] == "en"
    assert sphinx_pages(site, conf) == {"about.md", "guide-index.md"}

    (site / "_config.yml").write_text("title: [unclosed\n", "utf-8")
    assert run_init(str(site), "--force") == 0
    err = capsys.readouterr().err
    assert "_config.yml" in err and "not valid YAML" in err


def test_markdown_suffix_and_include(tmp_path, monkeypatch):
    """``.markdown`` pages get their source suffix; ``include:`` lets a ``_`` folder in."""
    site = tmp_path / "site"
    (site / "_guides").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Notes\ninclude: [_guides]\n", "utf-8")
    (site / "index.markdown").write_text("---\ntitle: Accueil\n---\n\nBonjour.\n", "utf-8")
    (site / "_guides" / "a.md").write_text("---\ntitle: A\n---\n\nA.\n", "utf-8")
    (site / "_guides" / "b.md").write_text("---\ntitle: B\n---\n\nB.\n", "utf-8")
    assert run_init(str(site)) == 0
    conf = load_conf(site, monkeypatch)
    assert conf["source_suffix"] == {".md": "markdown", ".markdown": "markdown"}
    assert conf["root_doc"] == "index"
    assert sphinx_pages(site, conf) == {"index.markdown", "_guides/a.md", "_guides/b.md"}


def test_site_without_pages(tmp_path, capsys):
    site = tmp_path / "empty"
    site.mkdir()
    (site / "README.md").write_text("# Nothing\n", "utf-8")
    assert run_init(str(site)) == 1
    assert "no Markdown page with front matter" in capsys.readouterr().err


# -- One HTML build of each initialised site -----------------------------------------------


@pytest.fixture(scope="module")
def built_sites(tmp_path_factory):
    builds = {}
    for name in ("freelance", "docs"):
        site = copy_site(name, tmp_path_factory.mktemp(name))
        assert main(["init", str(site)]) == 0
        builds[name] = sphinx_build(site)
    return builds


@pytest.mark.parametrize(("name", "pages"), [("freelance", FREELANCE_PAGES), ("docs", DOCS_PAGES)])
def test_initialised_site_builds(built_sites, name, pages):
    build = built_sites[name]
    assert build.returncode == 0, build.warnings
    for page in pages:
        html = build.outdir / (page.rsplit(".", 1)[0] + ".html")
        assert html.is_file(), page
    for page in NOT_PAGES[name]:
        assert not (build.outdir / (page.rsplit(".", 1)[0] + ".html")).exists(), page
    built = {
        path.relative_to(build.outdir).as_posix()
        for path in build.outdir.rglob("*.html")
        if not path.relative_to(build.outdir).as_posix().startswith("_")
    }
    expected = {page.rsplit(".", 1)[0] + ".html" for page in pages} | {
        "genindex.html",
        "search.html",
    }
    assert built == expected
    # Today's warnings are reported by `pytest -rA -s`, not asserted (others own them).
    print(f"\n{name}: {len(build.warning_lines())} warning(s)")
    for line in build.warning_lines():
        print("  " + line)
