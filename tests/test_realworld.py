"""Real-world corpus: 42 pages of 11 public Jekyll sites, rendered as Jekyll + kramdown do.

The sites are in ``tests/realworld/`` (provenance and licences in
``SOURCES.md``, pages and features in ``manifest.yml``).  Each site is copied
to a temporary folder and built by Sphinx **once** (the extension, the pydata
theme); each page is compared with its reference, rendered as Jekyll renders
it: the body after the front matter, Liquid rendered by the extension's own
:func:`~jekyll_guide.liquid.render_liquid` with the site's ``_config.yml``,
``_data`` and ``_includes`` (skipped for ``render_with_liquid: false``), then
kramdown itself with the site's kramdown options (:mod:`kramdown_reference`,
one ``ruby`` process per site).

Per page (:func:`page_findings`):

1. ``ids``: the author's ids and classes land on the element kramdown puts them
   on (:func:`kramdown_compare.compare`);
2. ``leak``: no ``{:``, ``{::``, ``{{``, ``{%`` in the text of our article
   outside ``pre``/``code`` that kramdown's HTML does not show as text too;
3. ``anchor``: every ``href="#x"`` of our article has a target ``id="x"`` on the
   page, and no link kramdown writes to another URL became ``#…``;
4. ``code``: the same code blocks (``pre``) as kramdown, none of our own;
5. ``heading``: the same sequence of heading levels as kramdown's, the page
   title (the front matter ``title``, an ``h1`` the extension adds) left out: the
   extension demotes a body's ``#`` headings in the doctree only, its HTML keeps
   the level written (``parser.insert_front_matter_title``).

A finding fails the test unless it is in :data:`KNOWN`, with its reason; the
build's warnings must be exactly those of :data:`EXPECTED_WARNINGS`.  An entry
of either list that nothing matches any more fails too, so both lists stay true.
A page that makes Sphinx crash is left out of the build (built again without
it) and is one ``crash`` finding.

What the reference does differently from a plain kramdown run, and why:

- ``{% highlight x linenos %}``: the extension's tag writes a MyST
  ``{code-block}`` fence with options, which kramdown does not take for a
  fence; the reference turns it back into a plain fence (:func:`as_kramdown_fences`);
- the highlighters' inner ``highlight`` class (rouge's and Pygments') and the
  classes kramdown writes on its own (``footnote``…) are not the author's
  (:func:`author_divergences`);
- when the body opens with a top-level ``# heading``, that heading is the page
  title and stays in the comparison (:func:`title_added`).

The pages of a site the manifest does not list (the few files written for the
test, see ``SOURCES.md``) are built, so that links find them, but not compared.

Run alone: ``.venv/bin/pytest tests/test_realworld.py``; set
``REALWORLD_REPORT=/path/report.json`` to get every page's source, reference,
kramdown's HTML, ours and findings.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from conftest import Build, sphinx_build
from jekyll_guide.frontmatter import split_front_matter
from jekyll_guide.kramdown import KramdownOptions
from jekyll_guide.liquid import (
    JekyllEnvironment,
    has_liquid,
    load_site_config,
    load_site_data,
    render_liquid,
)
from jekyll_guide.pagemodel import jekyll_url
from jekyll_guide.site import SiteContext, kramdown_options
from kramdown_compare import (
    Divergence,
    compare,
    kramdown_content,
    normalise_text,
    our_content,
    source_tokens,
)
from kramdown_reference import render_kramdown, require_kramdown

REALWORLD = Path(__file__).resolve().parent / "realworld"
MANIFEST: dict = yaml.safe_load((REALWORLD / "manifest.yml").read_text("utf-8"))["sites"]

# ---- where each site's Jekyll source is ------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How a site folder becomes the Jekyll source the test builds.

    ``source``: the folder (inside the site folder) Jekyll builds, copied as the
    root of the Sphinx project (``jekyll_site_dir = ""``).  ``moved``: files of
    the site folder outside it, ``(from, to, why)``, ``to`` relative to that root.
    """

    source: str = "."
    moved: tuple[tuple[str, str, str], ...] = ()


LAYOUTS: dict[str, Layout] = {
    "jekyll__jekyll": Layout("docs"),
    "mmistakes__minimal-mistakes": Layout(
        "docs",
        (
            (
                "_includes/toc",
                "_includes/toc",
                "the demo site in docs/ uses the theme's includes (remote_theme); Jekyll "
                "finds a theme's _includes after the site's own",
            ),
        ),
    ),
    "twbs__bootstrap": Layout(
        "site",
        (
            (
                "_data/theme-colors.yml",
                "_data/theme-colors.yml",
                "stored at the pre-site/ path; Bootstrap 4.3's Jekyll source (source: site) "
                "reads site/_data",
            ),
        ),
    ),
    "kitian616__jekyll-TeXt-theme": Layout(
        ".",
        (
            (
                "test/_config.yml",
                "_config.yml",
                "the theme's test-site configuration, for its docs page too (docs/_config.yml "
                "was not fetched); it sets no kramdown option, only markdown: kramdown, "
                "highlighter: rouge and layout defaults",
            ),
        ),
    ),
}

SITES = sorted(MANIFEST)
PAGES = [(site, page["path"]) for site in SITES for page in MANIFEST[site]["pages"]]


def layout(site: str) -> Layout:
    return LAYOUTS.get(site, Layout())


def page_in_source(site: str, path: str) -> str:
    """A manifest path (relative to the site folder) → relative to the Jekyll source."""
    source = "" if layout(site).source == "." else layout(site).source
    if source:
        assert path.startswith(source + "/"), f"{site}: {path} is outside {source}/"
        return path[len(source) + 1 :]
    return path


def docname_of(site: str, path: str) -> str:
    return page_in_source(site, path).rsplit(".", 1)[0]


# ---- known findings and expected warnings ----------------------------------------------


@dataclass(frozen=True)
class Known:
    """A finding of one page that is not a failure, and why.

    ``check`` is the check's name, ``pattern`` a regular expression searched
    in the finding's text (see :class:`Finding`).
    """

    check: str
    pattern: str
    reason: str


#: ``(site, page path)`` → the findings of that page that are known, each with its reason.
KNOWN: dict[tuple[str, str], list[Known]] = {
    ("just-the-docs__just-the-docs", "docs/ui-components/callouts.md"): [
        Known(
            "ids",
            r"^extra +\.label +kramdown: None +ours: <span> '\[1\]'",
            'docutils writes a footnote\'s number as <span class="label">: the class is '
            "docutils', not the author's (whose .label lands where kramdown puts it)",
        ),
    ],
    ("twbs__bootstrap", "site/docs/4.3/components/alerts.md"): [
        Known(
            "ids",
            r"^text +\.(alert[\w-]*|bd-example) +kramdown: <div> .* ours: <div> "
            r"'(Note|Tip|Warning|Danger) ",
            "intended (jekyll_class_map): .alert-* makes the block an admonition whose title "
            "(Note, Danger…) is text kramdown does not have; the classes stay on its <div>",
        ),
    ],
    ("evanwill__workshop-template-b", "content/3-lesson.md"): [
        Known(
            "ids",
            r"^text +\.alert(-success)? +kramdown: <div> 'This is a Bootstrap Alert' +"
            r"ours: <div> 'Tip This is a Bootstrap Alert'",
            "intended (jekyll_class_map): .alert-success makes the block a 'tip' admonition, "
            "whose title 'Tip' is text kramdown does not have; the classes stay on its <div>",
        ),
    ],
    ("jekyll__jekyll", "docs/_docs/front-matter.md"): [
        Known(
            "leak",
            r"^\{\{ 1 in ours, 0 in kramdown's: .*\{\{ page\.food \}\}",
            "the page's own HTML error (<code>false<code>, never closed, warned as "
            "jekyll.unclosed_html): kramdown leaves the rest of the page inside that <code>, "
            "the extension closes it; the {{ page.food }} example is shown as text by both",
        ),
    ],
    ("kitian616__jekyll-TeXt-theme", "test/_posts/2017-08-08-additional-styles.md"): [],
    ("mmistakes__minimal-mistakes", "docs/_docs/15-utility-classes.md"): [
        Known(
            "anchor",
            r"^dead #link \('Text'\)",
            "the page's own placeholder links [Text](#link){: .btn …}: no id 'link' in "
            "kramdown's HTML either",
        ),
    ],
    (
        "mmistakes__minimal-mistakes",
        "docs/_posts/2013-01-11-markup-html-tags-and-formatting.md",
    ): [],
}


def _warning(page: str, message: str) -> str:
    """A pattern for a warning at ``page`` (any line) whose message starts with ``message``."""
    return rf"^{re.escape(page)}:\d+: (WARNING|ERROR): {message}"


def _undefined(page: str, name: str) -> str:
    return _warning(page, rf"Liquid variable {re.escape(repr(name))} is not defined")


NOT_COPIED_IMAGES = "the site's images were not copied (SOURCES.md): nothing to read"
PYGMENTS = (
    "Pygments cannot read the example in the language its fence names (rouge, Jekyll's "
    "highlighter, shows it without complaint)"
)

#: site → ``(regular expression, reason)`` for every warning its build gives (and must give).
EXPECTED_WARNINGS: dict[str, list[tuple[str, str]]] = {
    "carpentries__lesson-example": [
        (
            _undefined("_episodes/04-formatting.md", "page.root"),
            "set by the lesson template's _config.yml defaults, which was not copied",
        ),
        (
            _undefined("_episodes/04-formatting.md", "site.template_repo"),
            "a key of the lesson template's _config.yml, which was not copied",
        ),
        (
            r"^_episodes/0[46]-[\w-]+\.md:\d+: WARNING: Liquid variable "
            r"'site\.(github|workshop_repo)' is not defined in _includes/links\.md",
            "site.github comes from the github-metadata plugin, workshop_repo from the "
            "_config.yml that was not copied",
        ),
        (
            _warning("_episodes/04-formatting.md", "link '/fig/episode-format.png' is no page"),
            "a root-relative image link ({{ page.root }} is empty) and no site url",
        ),
    ],
    "cotes2020__jekyll-theme-chirpy": [
        (
            r"^_posts/2019-08-08-[\w-]+\.md:\d+: WARNING: attribute '(file|w|h)' is not "
            r"allowed here and was dropped",
            "Chirpy's own attributes (file= on code blocks, w=/h= on images): not in "
            "jekyll_allowed_attributes, dropped with a warning as intended",
        ),
        (
            _warning("_posts/2019-08-08-text-and-typography.md", "image file not readable"),
            NOT_COPIED_IMAGES,
        ),
        (
            _warning("_posts/2019-08-08-text-and-typography.md", "Pygments lexer name 'mermaid'"),
            "a mermaid diagram fence: Chirpy draws it with JavaScript, Pygments has no lexer",
        ),
    ],
    "daattali__beautiful-jekyll": [
        (
            _warning(
                "_posts/2020-02-28-sample-markdown.md", "cannot read ':' in an attribute list"
            ),
            "{: .mx-auto.d-block :}: kramdown ignores the stray ':' silently, the extension "
            "says so (the classes are applied by both)",
        ),
        (
            _warning("_posts/2020-02-28-sample-markdown.md", "image file not readable"),
            NOT_COPIED_IMAGES,
        ),
    ],
    "evanwill__workshop-template-b": [
        (
            _undefined("content/3-lesson.md", "include.img"),
            "the page's jumbotron example passes no img= (Jekyll prints nothing too)",
        ),
        (
            _undefined("index.md", "site.repo"),
            "the copied credits.html reads site.repo, the copied _config.yml names it "
            "source-code (two versions of the template)",
        ),
    ],
    "jekyll__jekyll": [
        (
            _warning(
                "_docs/front-matter.md", "(</\\w+> closes nothing here|<code> is never closed)"
            ),
            "the page's own HTML error: <code>false<code> (upstream typo) is never closed",
        ),
        (_warning("_docs/includes.md", 'Lexing literal_block .* as "liquid"'), PYGMENTS),
    ],
    "just-the-docs__just-the-docs": [
        (
            _warning("docs/ui-components/code.md", "Pygments lexer name '(mermaid|asciidoc)'"),
            "mermaid and asciidoc fences: Pygments has no lexer for them",
        ),
        (_warning("docs/ui-components/code/line-numbers.md", "Lexing literal_block"), PYGMENTS),
    ],
    "kitian616__jekyll-TeXt-theme": [],
    "mmistakes__minimal-mistakes": [
        (
            _warning("_docs/15-utility-classes.md", "<div> is never closed"),
            'the page\'s own HTML: an unclosed <div class="notice">; kramdown takes the rest '
            "of the page into it, so does the extension",
        ),
        (
            _undefined(
                "_posts/2012-01-03-layout-table-of-contents-include-post.md", "site.data.ui-text"
            ),
            "the theme's _data/ui-text.yml was not copied",
        ),
        (
            _warning("_docs/15-utility-classes.md", "no element of this page has the id 'link'"),
            "the page's own placeholder links [Text](#link): no such id on the page",
        ),
    ],
    "twbs__bootstrap": [
        (
            _undefined("docs/4.3/components/alerts.md", "site.docs_version"),
            "a key of Bootstrap's _config.yml; the stored one is from 2013 and was not copied",
        ),
        (
            _warning("docs/4.3/components/alerts.md", "link '/docs//getting-started/"),
            "the link is built from site.docs_version (undefined, see above) and there is "
            "no site url",
        ),
    ],
}


# ---- building a site, and its reference -------------------------------------------------


@dataclass
class Finding:
    check: str
    text: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.text}"


@dataclass
class PageResult:
    site: str
    path: str
    docname: str
    title: str | None
    markdown: str  # what kramdown reads: the body after front matter, Liquid rendered
    kramdown_html: str
    page_html: str
    findings: list[Finding] = field(default_factory=list)


@dataclass
class SiteResult:
    site: str
    build: Build
    warnings: list[str]
    pages: dict[str, PageResult]


INDEX_DOC = "guide-index"


def copy_site(site: str, root: Path) -> None:
    """Copy the site's Jekyll source to ``root`` (see :class:`Layout`)."""
    folder = REALWORLD / site
    spec = layout(site)
    shutil.copytree(folder / spec.source, root)
    for origin, target, _why in spec.moved:
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / origin, root / target)


#: Markdown files of a site that are no pages of it.
NOT_PAGES = re.compile(r"^(?:LICEN[CS]E|COPYING|README)(?:\.\w+)?$", re.IGNORECASE)


def manifest_pages(site: str) -> list[str]:
    """The site's pages, relative to its Jekyll source."""
    return [page_in_source(site, page["path"]) for page in MANIFEST[site]["pages"]]


def not_pages(site: str, root: Path) -> list[str]:
    """Licences and READMEs in Markdown (unless the manifest lists them as pages)."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.md")
        if NOT_PAGES.match(path.name)
        and path.relative_to(root).as_posix() not in manifest_pages(site)
    )


def other_pages(site: str, root: Path) -> list[str]:
    """Pages of the site the manifest does not list: built (links lead there), not compared."""
    generated = ("index.md", f"{INDEX_DOC}.md")
    return sorted(
        relative
        for relative in (path.relative_to(root).as_posix() for path in root.rglob("*.md"))
        if relative.split("/")[0] not in ("_includes", "_data", "_site", "_build")
        and relative not in [*not_pages(site, root), *manifest_pages(site)]
        and not (relative in generated and relative not in manifest_pages(site))
    )


def write_project(site: str, root: Path, crashed: tuple[str, ...] = ()) -> None:
    """Write ``conf.py`` and the root page listing the manifest's pages.

    ``crashed``: docnames left out (excluded), because building them crashes Sphinx.
    """
    pages = manifest_pages(site) + other_pages(site, root)
    docnames = [path.rsplit(".", 1)[0] for path in pages if path.rsplit(".", 1)[0] not in crashed]
    # the root page lists the manifest's pages; its name must not be one of the site's
    source = REALWORLD / site / layout(site).source
    root_doc = INDEX_DOC if (source / "index.md").exists() else "index"
    assert not (source / f"{root_doc}.md").exists()
    toctree = "\n".join(docnames)
    (root / f"{root_doc}.md").write_text(
        # layout: default, against the site's defaults (a layout the guide does not know)
        f"---\ntitle: {site}\nlayout: default\n---\n\n```{{toctree}}\n:maxdepth: 1\n\n"
        f"{toctree}\n```\n",
        "utf-8",
    )
    exclude = ["_includes/**", "_data/**", "_site", "_build", *not_pages(site, root)]
    exclude += [f"{docname}.md" for docname in crashed]
    conf = f"""
        extensions = ["jekyll_guide"]
        jekyll_site_dir = ""
        html_theme = "pydata_sphinx_theme"
        root_doc = {root_doc!r}
        exclude_patterns = {exclude!r}
    """
    (root / "conf.py").write_text(textwrap.dedent(conf), "utf-8")


def site_context(root: Path) -> SiteContext:
    """The site as the extension loads it (``site.load_site_context``), without Sphinx."""
    site = load_site_config(root / "_config.yml")
    site["data"] = load_site_data(root / "_data")
    options, problems = kramdown_options(site)
    assert not problems, problems
    return SiteContext(
        site_dir=root,
        site=site,
        kramdown_options=options,
        liquid=JekyllEnvironment(root / "_includes", site),
    )


#: Options of :class:`KramdownOptions` that are kramdown's own (the others are the extension's).
KRAMDOWN_OPTION_NAMES = (
    "input",
    "auto_ids",
    "auto_id_prefix",
    "auto_id_stripping",
    "transliterated_header_ids",
    "parse_block_html",
    "parse_span_html",
    "html_to_native",
    "gfm_quirks",
    "toc_levels",
    "header_offset",
)


def ruby_options(options: KramdownOptions) -> dict:
    """The site's kramdown options for :func:`render_kramdown` (Jekyll: no ``hard_wrap``)."""
    values = {name: getattr(options, name) for name in KRAMDOWN_OPTION_NAMES}
    values["hard_wrap"] = False
    return values


#: ``{% highlight x linenos %}`` as the extension renders it: a MyST ``{code-block}`` fence
#: with its options (``HighlightTag``).
_MYST_CODE_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,})\{code-block\}[ \t]+(?P<lang>\S+)[ \t]*\n"
    r"(?:(?P=indent):[\w-]+:.*\n)*(?:(?P=indent)[ \t]*\n)?",
    re.MULTILINE,
)


def as_kramdown_fences(markdown: str) -> str:
    """MyST ``{code-block}`` fences (from ``{% highlight %}`` with options) as plain fences.

    Jekyll's own ``highlight`` tag writes a ``<figure class="highlight">`` code
    block; the extension's writes a fence MyST reads, whose ``{code-block} x``
    info string kramdown does not take for a fence.  Only the fence's head is
    rewritten: the code block, its language and its text stay.
    """
    return _MYST_CODE_BLOCK.sub(lambda m: f"{m['indent']}{m['fence']}{m['lang']}\n", markdown)


def reference_markdown(context: SiteContext, root: Path, path: str) -> tuple[str, str | None]:
    """What Jekyll gives kramdown for the page: its content, Liquid rendered; and its title."""
    text = (root / path).read_text("utf-8")
    front_matter = split_front_matter(text)
    data = {**context.defaults_for(path, front_matter.data), **front_matter.data}
    content = "".join(text.splitlines(keepends=True)[front_matter.lines :])
    if (
        front_matter.present
        and data.get("render_with_liquid", True) is not False
        and has_liquid(content)
    ):
        permalink = data.get("permalink") if isinstance(data.get("permalink"), str) else None
        page = {**data, "path": path, "url": jekyll_url(permalink, path)}
        content = as_kramdown_fences(render_liquid(content, context.liquid, page).text)
    title = data.get("title")
    return content, title.strip() if isinstance(title, str) and title.strip() else None


_PROGRESS = re.compile(r"(?:reading sources|writing output)\.\.\. \[\s*\d+%\] (\S+)")
_ERROR = re.compile(r"^\s*(\w+(?:Error|Exception)\b.*)$", re.MULTILINE)


def build_surviving_crashes(site: str, root: Path, outdir: Path) -> tuple[Build, dict[str, str]]:
    """Build; a page that makes Sphinx crash is left out, and built again without it.

    Returns the build and, per page left out, the error.
    """
    docnames = [docname_of(site, page["path"]) for page in MANIFEST[site]["pages"]]
    crashed: dict[str, str] = {}
    while True:
        write_project(site, root, tuple(crashed))
        build = sphinx_build(root, outdir)
        if build.returncode == 0:
            return build, crashed
        progress = _PROGRESS.findall(build.stdout)
        name = progress[-1] if progress else None
        assert name in docnames and name not in crashed, build.warnings[-3000:]
        errors = _ERROR.findall(build.warnings)
        crashed[name] = errors[-1].strip() if errors else "Sphinx crashed"
        # from scratch: an incremental build would not repeat the other pages' warnings
        shutil.rmtree(outdir, ignore_errors=True)
        shutil.rmtree(outdir.parent / f"doctrees-{outdir.name}", ignore_errors=True)


def build_site(site: str, workdir: Path) -> SiteResult:
    root = workdir / "src"
    copy_site(site, root)
    context = site_context(root)
    paths = manifest_pages(site)
    references = [reference_markdown(context, root, path) for path in paths]
    kramdown_htmls = render_kramdown(
        [markdown for markdown, _ in references], **ruby_options(context.kramdown_options)
    )
    build, crashed = build_surviving_crashes(site, root, workdir / "html")
    warnings = [
        line.replace(str(root) + os.sep, "").replace(str(root), "")
        for line in build.warning_lines()
    ]
    pages = {}
    for page, path, (markdown, title), kramdown_html in zip(
        MANIFEST[site]["pages"], paths, references, kramdown_htmls, strict=True
    ):
        docname = path.rsplit(".", 1)[0]
        if docname in crashed:
            result = PageResult(site, page["path"], docname, title, markdown, kramdown_html, "")
            result.findings = [Finding("crash", f"Sphinx crashed building it: {crashed[docname]}")]
        else:
            page_html = (build.outdir / f"{docname}.html").read_text("utf-8")
            result = PageResult(
                site, page["path"], docname, title, markdown, kramdown_html, page_html
            )
            result.findings = page_findings(result)
        pages[page["path"]] = result
    return SiteResult(site, build, warnings, pages)


# ---- the five checks ----------------------------------------------------------------------

#: Liquid and kramdown syntax that must not be left in our text.
LEAK_MARKERS = {
    "{:": re.compile(r"\{:(?!:)"),
    "{::": re.compile(r"\{::"),
    "{{": re.compile(r"\{\{"),
    "{%": re.compile(r"\{%"),
}


def without_code(root: Tag) -> Tag:
    """A copy of ``root`` without ``pre`` and ``code`` elements."""
    root = copy.copy(root)
    for element in root.find_all(["pre", "code"]):
        element.decompose()
    return root


def leaks(kramdown_root: Tag, our_root: Tag) -> list[Finding]:
    their_text = without_code(kramdown_root).get_text()
    our_text = without_code(our_root).get_text()
    found = []
    for marker, pattern in LEAK_MARKERS.items():
        theirs = len(pattern.findall(their_text))
        ours = list(pattern.finditer(our_text))
        if len(ours) > theirs:
            where = ours[min(theirs, len(ours) - 1)]
            context = normalise_text(our_text[max(0, where.start() - 30) : where.end() + 40])
            found.append(
                Finding(
                    "leak", f"{marker} {len(ours)} in ours, {theirs} in kramdown's: {context!r}"
                )
            )
    return found


def _ids(soup: Tag) -> set[str]:
    ids = {element["id"] for element in soup.find_all(id=True)}
    return ids | {element["name"] for element in soup.find_all("a", attrs={"name": True})}


def _links(root: Tag) -> list[tuple[str, str]]:
    return [
        (normalise_text(link.get_text()), link["href"])
        for link in root.find_all("a", href=True)
        if not any(parent.name == "pre" for parent in link.parents)
    ]


def anchors(kramdown_root: Tag, our_root: Tag, page: BeautifulSoup) -> list[Finding]:
    found = []
    page_ids = _ids(page)
    for text, href in _links(our_root):
        if href.startswith("#") and len(href) > 1 and unquote(href[1:]) not in page_ids:
            found.append(Finding("anchor", f"dead {href} ({text[:40]!r})"))
    # links kramdown writes to another URL: ours, paired by their text, do not become "#…"
    theirs_by_text: dict[str, list[str]] = {}
    for text, href in _links(kramdown_root):
        theirs_by_text.setdefault(text, []).append(href)
    ours_by_text: dict[str, list[str]] = {}
    for text, href in _links(our_root):
        ours_by_text.setdefault(text, []).append(href)
    for text, their_hrefs in theirs_by_text.items():
        for theirs, ours in zip(their_hrefs, ours_by_text.get(text, []), strict=False):
            if not theirs.startswith("#") and ours.startswith("#"):
                found.append(Finding("anchor", f"{theirs} became {ours} ({text[:40]!r})"))
    return found


def _code_text(pre: Tag, side: str) -> str:
    pre = copy.copy(pre)
    if side == "ours":
        for number in pre.select("span.linenos"):
            number.decompose()
    return re.sub(r"\s+", "", pre.get_text())


def _code_blocks(root: Tag, side: str) -> list[str]:
    return [
        _code_text(pre, side)
        for pre in root.find_all("pre")
        if not any(parent.name == "pre" for parent in pre.parents)
    ]


def code_blocks(kramdown_root: Tag, our_root: Tag) -> list[Finding]:
    theirs = _code_blocks(kramdown_root, "kramdown")
    ours = _code_blocks(our_root, "ours")
    found = []
    if len(theirs) != len(ours):
        found.append(
            Finding("code", f"{len(ours)} code blocks in ours, {len(theirs)} in kramdown's")
        )
    left = list(theirs)
    for text in ours:
        if text in left:
            left.remove(text)
        else:
            found.append(Finding("code", f"ours only: {text[:60]!r}"))
    return found


def _levels(root: Tag) -> list[tuple[int, str]]:
    return [
        (int(h.name[1]), normalise_text(h.get_text())[:30])
        for h in root.find_all(re.compile(r"^h[1-6]$"))
    ]


def headings(kramdown_root: Tag, our_root: Tag) -> list[Finding]:
    theirs = _levels(kramdown_root)
    ours = _levels(our_root)
    if [level for level, _ in theirs] == [level for level, _ in ours]:
        return []
    found = []
    for index in range(max(len(theirs), len(ours))):
        their = theirs[index] if index < len(theirs) else None
        our = ours[index] if index < len(ours) else None
        if their is None or our is None or their[0] != our[0]:
            found.append(
                Finding(
                    "heading",
                    f"heading {index + 1}: kramdown h{their[0] if their else '-'} "
                    f"{their[1] if their else ''!r}, ours "
                    f"h{our[0] if our else '-'} {our[1] if our else ''!r}",
                )
            )
            break  # the first difference; the rest follows from it
    return found


#: Classes kramdown (and rouge) put on their own.  :func:`kramdown_compare.compare` takes a
#: token kramdown emits for the author's when its name is written anywhere in the page — in
#: real prose "highlight" or "footnote" are words.  A divergence of one of these is left out
#: unless the page writes it as an id or class (an attribute list, an HTML attribute).
KRAMDOWN_OWN_CLASSES = {
    "highlight",
    "highlighter-rouge",
    "footnote",
    "footnotes",
    "reversefootnote",
    "task-list",
    "task-list-item",
    "task-list-item-checkbox",
}
KRAMDOWN_OWN_PREFIXES = (".language-", "#fn:", "#fnref:", "#markdown-toc")


def without_highlighter_classes(root: Tag) -> Tag:
    """A copy of ``root`` without the ``highlight`` class of the highlighters' inner elements.

    rouge writes ``div.highlighter-rouge > div.highlight > pre.highlight``, Sphinx
    ``div.highlight-x > div.highlight > pre``: the outer element is the code block
    (where an attribute list's classes go), the inner ``highlight`` is the highlighter's,
    never the author's — a page whose author writes ``{: .highlight }`` callouts would
    otherwise see every code block as one more owner of it.
    """
    root = copy.copy(root)
    for block in root.find_all(class_=re.compile(r"^(?:highlighter-rouge|highlight-.+)$")):
        for inner in block.find_all(class_="highlight"):
            inner["class"] = [c for c in inner["class"] if c != "highlight"]
    return root


def author_divergences(kramdown_root: Tag, our_root: Tag, markdown: str) -> list[Divergence]:
    """:func:`kramdown_compare.compare`, without the tokens kramdown writes on its own."""
    written = {("#" if kind == "id" else ".") + value for kind, value in source_tokens(markdown)}
    kramdown_html = "".join(str(child) for child in without_highlighter_classes(kramdown_root))
    return [
        divergence
        for divergence in compare(markdown, kramdown_html, without_highlighter_classes(our_root))
        if divergence.token in written
        or not (
            divergence.token[1:] in KRAMDOWN_OWN_CLASSES
            and divergence.token.startswith(".")
            or divergence.token.startswith(KRAMDOWN_OWN_PREFIXES)
        )
    ]


def title_added(kramdown_root: Tag) -> bool:
    """Whether the extension added the front matter title as the page's ``h1``.

    It does unless the body's first heading is a top-level ``#`` heading, which then
    is the page title (``parser.insert_front_matter_title``): that one is kramdown's
    too, and stays in the comparison.
    """
    first = kramdown_root.find(re.compile(r"^h[1-6]$"))
    return not (first is not None and first.name == "h1" and first.parent is kramdown_root)


def page_findings(result: PageResult) -> list[Finding]:
    kramdown_root = kramdown_content(result.kramdown_html)
    our_root = our_content(result.page_html, result.title if title_added(kramdown_root) else None)
    page = BeautifulSoup(result.page_html, "lxml")
    findings = [
        Finding("ids", str(divergence))
        for divergence in author_divergences(kramdown_root, our_root, result.markdown)
    ]
    findings += leaks(kramdown_root, our_root)
    findings += anchors(kramdown_root, our_root, page)
    findings += code_blocks(kramdown_root, our_root)
    findings += headings(kramdown_root, our_root)
    return findings


# ---- the tests -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def realworld(tmp_path_factory):
    """site → :class:`SiteResult`, each site built once, when first asked for."""
    require_kramdown()
    built: dict[str, SiteResult] = {}

    def get(site: str) -> SiteResult:
        if site not in built:
            built[site] = build_site(site, tmp_path_factory.mktemp(site))
            report = os.environ.get("REALWORLD_REPORT")
            if report:
                write_report(built, Path(report))
        return built[site]

    return get


def write_report(built: dict[str, SiteResult], path: Path) -> None:
    path.write_text(
        json.dumps(
            {
                site: {
                    "warnings": result.warnings,
                    "pages": {
                        page.path: {
                            "markdown": page.markdown,
                            "kramdown": page.kramdown_html,
                            "ours": str(our_content(page.page_html)) if page.page_html else "",
                            "findings": [str(finding) for finding in page.findings],
                        }
                        for page in result.pages.values()
                    },
                }
                for site, result in built.items()
            },
            ensure_ascii=False,
            indent=1,
        ),
        "utf-8",
    )


def test_manifest_matches_the_folders():
    """Every page of the manifest is there, and every site has its layout's folders."""
    assert len(PAGES) == 42
    for site, path in PAGES:
        assert (REALWORLD / site / path).is_file(), (site, path)
        page_in_source(site, path)
    for site, spec in LAYOUTS.items():
        assert site in MANIFEST
        for origin, _target, _why in spec.moved:
            assert (REALWORLD / site / origin).is_file(), (site, origin)
    for site, path in KNOWN:
        assert (site, path) in PAGES, f"KNOWN names a page not in the manifest: {site} {path}"
    for site, spec in MANIFEST.items():
        for path in spec.get("written_for_test") or []:
            assert (REALWORLD / site / path).is_file(), (site, path)
    assert set(EXPECTED_WARNINGS) <= set(SITES)


@pytest.mark.parametrize("site", SITES)
def test_build_warnings(realworld, site):
    """The site's build gives exactly the expected warnings, each with its reason."""
    warnings = realworld(site).warnings
    expected = EXPECTED_WARNINGS.get(site, [])
    unexpected = [w for w in warnings if not any(re.search(p, w) for p, _ in expected)]
    unused = [p for p, _ in expected if not any(re.search(p, w) for w in warnings)]
    assert not unexpected and not unused, "\n".join(
        ["unexpected warnings:", *unexpected, "expected, not given:", *unused]
    )


@pytest.mark.parametrize(("site", "path"), PAGES, ids=[f"{s}/{p}" for s, p in PAGES])
def test_page_renders_as_kramdown(realworld, site, path):
    """Ids and classes, syntax left as text, anchors, code blocks, heading levels."""
    result = realworld(site).pages[path]
    known = KNOWN.get((site, path), [])
    unexpected = [
        finding
        for finding in result.findings
        if not any(k.check == finding.check and re.search(k.pattern, finding.text) for k in known)
    ]
    unused = [
        k
        for k in known
        if not any(k.check == f.check and re.search(k.pattern, f.text) for f in result.findings)
    ]
    assert not unexpected and not unused, "\n".join(
        [f"{len(unexpected)} findings against kramdown:"]
        + [f"  {finding}" for finding in unexpected]
        + [f"known, not found any more: [{k.check}] {k.pattern}" for k in unused]
    )
