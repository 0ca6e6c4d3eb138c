"""``jekyll-guide init``: turn a Jekyll site into a Sphinx guide, in place.

It reads the site's ``_config.yml``, finds the pages Jekyll renders (Markdown
files with front matter, not in ``_posts/``, ``_drafts/``, folders starting with
``_`` or ``.``, nor ``exclude:``) and writes, next to them, a commented
``conf.py``, a home page when the site has none (``guide-index.md``) and a
``.readthedocs.yaml``. Nothing else in the site is touched.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import posixpath
import re
import shlex
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .frontmatter import SafeLoader, split_front_matter

TEMPLATES = Path(__file__).parent / "templates" / "init"
MARKDOWN_SUFFIXES = (".md", ".markdown")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".svg", ".gif")
#: Folders that never hold pages: Jekyll's own, its output, Ruby and Node packages.
NEVER_PAGES = {
    "_posts",
    "_drafts",
    "_site",
    "_build",
    ".jekyll-cache",
    ".sass-cache",
    ".bundle",
    ".git",
    "vendor",
    "node_modules",
}
#: Jekyll 4 adds these to every site's ``exclude:`` (configuration.rb).
JEKYLL_DEFAULT_EXCLUDES = [
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
]
#: Sphinx never looks inside these (they can be large).
SPHINX_EXCLUDES = [
    "_build",
    "_site",
    ".jekyll-cache",
    ".sass-cache",
    ".bundle",
    ".git",
    "vendor",
    "node_modules",
    "**/node_modules",
]
INDEX_PAGE = "guide-index.md"
PACKAGE = "jekyll-guide"


class InitError(Exception):
    """A problem that stops ``init``; its message is shown as it is."""


@dataclass
class SiteConfig:
    values: dict[str, Any] = field(default_factory=dict)
    problem: str = ""


def read_site_config(site_dir: Path) -> SiteConfig:
    """``_config.yml`` with PyYAML's safe loader; a problem is explained, not raised."""
    path = site_dir / "_config.yml"
    if not path.is_file():
        return SiteConfig(problem=f"no _config.yml in {site_dir}: title from the folder name")
    try:
        values = yaml.load(path.read_text("utf-8"), Loader=SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        return SiteConfig(problem=f"{path}: cannot be read ({error}); its values are not used")
    except yaml.YAMLError as error:
        where = ""
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            where = f" line {mark.line + 1}"
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return SiteConfig(
            problem=f"{path}:{where} is not valid YAML ({reason}); its values are not used"
        )
    if values is None:
        return SiteConfig()
    if not isinstance(values, dict):
        return SiteConfig(
            problem=f"{path} is a {type(values).__name__}, not a mapping; its values are not used"
        )
    return SiteConfig(values={str(key): value for key, value in values.items()})


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or ""
    if isinstance(value, list | tuple):
        value = ", ".join(_text(item) for item in value if _text(item))
    return str(value).strip() if value is not None else ""


def sphinx_language(value: str) -> str:
    """``fr_FR``, ``fr-FR``, ``FR`` → ``fr``; ``pt_BR`` and ``zh_CN`` stay (Sphinx has them)."""
    code = str(value).strip().replace("-", "_")
    if not code:
        return "en"
    primary, _, region = code.partition("_")
    primary = primary.lower()
    if primary in {"pt", "zh"} and region:
        return f"{primary}_{region.upper()}"
    return primary


# -- Which files are pages ------------------------------------------------------------


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(item) for item in value if item is not None]
    return []


def jekyll_excluded(path: str, is_dir: bool, patterns: Iterable[str]) -> bool:
    """Jekyll's ``EntryFilter#glob_include?``: ``path`` (relative to the site) is excluded.

    Each pattern is joined to the site folder, then the entry matches when Ruby's
    ``File.fnmatch`` (no flags: ``*`` crosses ``/``) matches, when it starts with
    the pattern, or when it is a folder and the pattern is that folder with ``/``.
    """
    for pattern in patterns:
        pattern = pattern.strip()
        while pattern.startswith("./"):
            pattern = pattern[2:]
        pattern = pattern.lstrip("/")
        if not pattern:
            continue
        if (
            fnmatch.fnmatchcase(path, pattern)
            or path.startswith(pattern)
            or (is_dir and pattern == path + "/")
        ):
            return True
    return False


@dataclass
class SiteFiles:
    pages: list[str] = field(default_factory=list)
    #: Markdown files Jekyll copies as they are (no front matter).
    without_front_matter: list[str] = field(default_factory=list)
    front_matter: dict[str, dict[str, Any]] = field(default_factory=dict)


def find_pages(site_dir: Path, config: dict[str, Any]) -> SiteFiles:
    """Every Markdown file Jekyll renders as a page, relative to the site, sorted."""
    excludes = _as_list(config.get("exclude")) + JEKYLL_DEFAULT_EXCLUDES
    includes = set(_as_list(config.get("include")))
    excludes = [pattern for pattern in excludes if pattern not in includes]
    found = SiteFiles()

    def special(name: str, path: str) -> bool:
        if name in NEVER_PAGES:
            return True
        if name.startswith(("_", ".", "#")) or name.endswith("~"):
            return name not in includes and path not in includes
        return False

    for root, dirs, files in os.walk(site_dir):
        relative_root = Path(root).relative_to(site_dir).as_posix()
        relative_root = "" if relative_root == "." else relative_root

        def rel(name: str, base: str = relative_root) -> str:
            return f"{base}/{name}" if base else name

        dirs[:] = sorted(
            name
            for name in dirs
            if not special(name, rel(name)) and not jekyll_excluded(rel(name), True, excludes)
        )
        for name in sorted(files):
            path = rel(name)
            if not name.endswith(MARKDOWN_SUFFIXES) or special(name, path):
                continue
            if jekyll_excluded(path, False, excludes):
                continue
            try:
                text = (Path(root) / name).read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            front_matter = split_front_matter(text)
            if front_matter.present:
                found.pages.append(path)
                found.front_matter[path] = front_matter.data
            else:
                found.without_front_matter.append(path)
    found.pages.sort()
    found.without_front_matter.sort()
    return found


def glob_regex(glob: str) -> re.Pattern[str]:
    """A ``--pages`` glob: ``*`` and ``?`` stay in a folder, ``**`` is zero or more folders."""
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and "]" in glob[i + 2 :]:
            end = glob.index("]", i + 2)
            inner = glob[i + 1 : end]
            if inner.startswith("!"):
                inner = "^" + inner[1:]
            out.append("[" + inner.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out))


def select_pages(site_dir: Path, pages: Sequence[str], globs: Sequence[str]) -> list[str]:
    """The pages matched by any of ``globs`` (a folder stands for all its pages)."""
    chosen: set[str] = set()
    for glob in globs:
        glob = glob.strip()
        while glob.startswith("./"):
            glob = glob[2:]
        glob = glob.lstrip("/")
        if not glob or glob.endswith("/") or (site_dir / glob).is_dir():
            glob = glob.rstrip("/") + "/**" if glob.rstrip("/") else "**"
        regex = glob_regex(glob)
        matched = [page for page in pages if regex.fullmatch(page)]
        if not matched:
            raise InitError(
                f"--pages {glob!r} matches none of the site's {len(pages)} pages "
                f"(Markdown files with front matter), e.g. {', '.join(pages[:3]) or 'none'}"
            )
        chosen.update(matched)
    return sorted(chosen)


def sphinx_patterns(site_dir: Path, pages: Sequence[str]) -> list[str]:
    """``include_patterns`` that match exactly ``pages``, as Sphinx matches them.

    A folder whose Markdown files (of one suffix) are all pages gets ``folder/*.md``,
    so that a page added there is in the next build; the other pages are listed.
    """
    by_folder: dict[tuple[str, str], list[str]] = {}
    for page in pages:
        folder, name = posixpath.split(page)
        suffix = posixpath.splitext(name)[1]
        by_folder.setdefault((folder, suffix), []).append(page)
    patterns = []
    for (folder, suffix), listed in sorted(by_folder.items()):
        on_disk = {
            posixpath.join(folder, path.name)
            for path in (site_dir / folder).iterdir()
            if path.is_file() and path.suffix == suffix
        }
        if len(listed) > 1 and on_disk == set(listed):
            patterns.append(posixpath.join(folder, f"*{suffix}"))
        else:
            patterns.extend(listed)
    return patterns


def matched_by_sphinx(site_dir: Path, include: Sequence[str], exclude: Sequence[str]) -> set[str]:
    from sphinx.util.matching import get_matching_files

    return set(get_matching_files(site_dir, include, exclude))


# -- Header images ----------------------------------------------------------------------


def header_image_dirs(
    site_dir: Path, front_matters: Iterable[dict[str, Any]], config: dict[str, Any]
) -> list[str]:
    """Folders holding the images named by ``header-img`` (page or ``defaults:``)."""
    wanted = set()
    values = list(front_matters)
    for rule in config.get("defaults") or []:
        if isinstance(rule, dict) and isinstance(rule.get("values"), dict):
            values.append(rule["values"])
    for data in values:
        name = data.get("header-img")
        if isinstance(name, str) and name.strip() and "/" not in name:
            wanted.add(name.strip())
    if not wanted:
        return []
    folders = set()
    for root, dirs, files in os.walk(site_dir):
        dirs[:] = [name for name in dirs if name not in NEVER_PAGES]
        for name in files:
            stem, suffix = os.path.splitext(name)
            if suffix.lower() in IMAGE_SUFFIXES and (stem in wanted or name in wanted):
                folders.add(Path(root).relative_to(site_dir).as_posix())
    return sorted(folders)


# -- Writing ----------------------------------------------------------------------------


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "guide"


def _py(value: Any) -> str:
    """A Python literal in double quotes (a JSON string is one)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _py_list(values: Sequence[str]) -> str:
    if len(values) <= 3 and sum(len(v) for v in values) < 60:
        return "[" + ", ".join(_py(value) for value in values) + "]"
    return "[\n" + "".join(f"    {_py(value)},\n" for value in values) + "]"


def _yaml_scalar(value: str) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def render(template: str, **context: Any) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        autoescape=False,
    )
    environment.filters.update(py=_py, pyl=_py_list, yaml=_yaml_scalar, sh=shlex.quote)
    return environment.get_template(template).render(**context)


@dataclass
class Plan:
    site_dir: Path
    files: dict[str, str]
    pages: list[str]
    root_doc: str
    notes: list[str]
    latex_file: str


def plan_init(
    site_dir: Path,
    *,
    pages_globs: Sequence[str] = (),
    title: str | None = None,
    language: str | None = None,
) -> Plan:
    """What ``init`` writes (file name → text) for the site in ``site_dir``."""
    if not site_dir.is_dir():
        raise InitError(f"{site_dir} is not a folder (give the Jekyll site's folder)")
    notes: list[str] = []
    site = read_site_config(site_dir)
    if site.problem:
        notes.append(site.problem)
    config = site.values

    found = find_pages(site_dir, config)
    if not found.pages:
        raise InitError(
            f"{site_dir} has no Markdown page with front matter (the pages Jekyll renders)"
        )
    pages = select_pages(site_dir, found.pages, pages_globs) if pages_globs else found.pages
    if found.without_front_matter:
        shown = ", ".join(found.without_front_matter[:5])
        more = len(found.without_front_matter) - 5
        notes.append(
            f"not pages (no front matter, Jekyll copies them as they are): {shown}"
            + (f" and {more} more" if more > 0 else "")
        )

    project = (title or _text(config.get("title")) or site_dir.resolve().name).strip()
    description = _text(config.get("description"))
    lang_source = language or _text(config.get("lang")) or _text(config.get("locale")) or "en"
    lang = sphinx_language(lang_source)

    site_index = next((p for p in ("index.md", "index.markdown") if p in pages), None)
    files: dict[str, str] = {}
    if site_index:
        root_doc = "index"
    else:
        root_doc = INDEX_PAGE[: -len(".md")]
        files[INDEX_PAGE] = render("guide-index.md_t", title=project, description=description)
        pages = sorted([*pages, INDEX_PAGE])

    include_patterns = sphinx_patterns(site_dir, [p for p in pages if p != INDEX_PAGE])
    if INDEX_PAGE in pages:
        include_patterns.append(INDEX_PAGE)
    exclude_patterns = list(SPHINX_EXCLUDES)
    matched = matched_by_sphinx(site_dir, include_patterns, exclude_patterns) - {INDEX_PAGE}
    if matched != set(pages) - {INDEX_PAGE}:
        include_patterns = list(pages)  # a surprise in the folder: list every page

    if language:
        lang_note = " (--language)"
    elif lang_source != "en" or config.get("lang") or config.get("locale"):
        lang_note = f" (from {lang_source!r})" if lang != lang_source else ""
    else:
        lang_note = " (no lang: or locale: in _config.yml)"
    site_notes = [f"title: {project}" + (" (--title)" if title else "")]
    if description:
        where = " (the home page's summary)" if INDEX_PAGE in files else ""
        site_notes.append(f"description: {description}{where}")
    for key in ("url", "baseurl"):
        if _text(config.get(key)):
            site_notes.append(f"{key}: {_text(config.get(key))} (links to the rest of the site)")
    site_notes.append(f"language: {lang}{lang_note}")
    if config.get("exclude"):
        site_notes.append("exclude: its pages are left out (include_patterns below)")
    if config.get("defaults"):
        site_notes.append("defaults: applied to the pages by the extension, as Jekyll does")
    latex_file = f"{slug(project)}.tex"
    parallel = builds_in_parallel(len(pages))
    files["conf.py"] = render(
        "conf.py_t",
        site_notes=[line for note in site_notes for line in _wrap(note)],
        project=project,
        author=_text(config.get("author")),
        language=lang,
        header_image_dirs=header_image_dirs(site_dir, found.front_matter.values(), config),
        page_count=len(pages),
        root_doc=root_doc,
        include_patterns=include_patterns,
        exclude_patterns=exclude_patterns,
        markdown_suffix=any(p.endswith(".markdown") for p in pages),
        latex_file=latex_file,
        parallel=parallel,
    )
    from . import __version__

    major, minor = __version__.split(".")[:2]
    files[".readthedocs.yaml"] = render(
        "readthedocs.yaml_t",
        # the guide extra: the theme the generated conf.py uses
        requirement=f"{PACKAGE}[guide]>={__version__},<{major}.{int(minor) + 1}",
        parallel=parallel,
        parallel_from=PARALLEL_FROM_PAGES,
        page_count=len(pages),
    )
    return Plan(site_dir, files, pages, root_doc, notes, latex_file)


def _wrap(text: str, width: int = 76) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = "  " + word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


#: From how many pages a parallel build (``-j auto``) is faster on two cores
#: (benchmarks/results.md): at 100 generated pages -j 2 took 10.1 s against
#: 10.3 s serial (8.4 s with one read chunk per process, which init also sets),
#: at 1 000 72.5 s (57.7 s) against 77.3 s; the guide's dozen pages take 6.6 s
#: with -j 2 against 6.2 s serial (processes and pickling cost more than they save).
PARALLEL_FROM_PAGES = 100


def builds_in_parallel(pages: int) -> bool:
    return pages >= PARALLEL_FROM_PAGES


def commands(site_arg: str, latex_file: str, pages: int = 0) -> list[str]:
    site = shlex.quote(site_arg)
    jobs = "-j auto " if builds_in_parallel(pages) else ""
    return [
        f"python -m sphinx -T -W --keep-going {jobs}-b html -d _build/doctrees {site} _build/html",
        f"python -m sphinx -T {jobs}-b latex -d _build/doctrees {site} _build/latex",
        "cd _build/latex && latexmk -r latexmkrc -pdf -f -dvi- -ps- "
        f"-interaction=nonstopmode {latex_file}",
    ]


def init(args: argparse.Namespace, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    site_dir = Path(args.site_dir)
    try:
        plan = plan_init(
            site_dir, pages_globs=args.pages or (), title=args.title, language=args.language
        )
    except InitError as error:
        print(f"jekyll-guide init: {error}", file=err)
        return 1
    for note in plan.notes:
        print(f"jekyll-guide init: note: {note}", file=err)
    existing = [name for name in plan.files if (site_dir / name).exists()]
    if (site_dir / ".readthedocs.yml").exists():
        existing.append(".readthedocs.yml")
    if existing and not args.force:
        print(
            f"jekyll-guide init: {', '.join(existing)} already exist(s) in {site_dir}; "
            "nothing written. Run again with --force to overwrite.",
            file=err,
        )
        return 1
    for name, text in plan.files.items():
        (site_dir / name).write_text(text, "utf-8")
    print(f"Wrote in {site_dir}:", file=out)
    for name in plan.files:
        print(f"  {name}", file=out)
    print(f"The guide has {len(plan.pages)} pages (home page: {plan.root_doc}):", file=out)
    for page in plan.pages[:20]:
        print(f"  {page}", file=out)
    if len(plan.pages) > 20:
        print(f"  … and {len(plan.pages) - 20} more (include_patterns in conf.py)", file=out)
    html, latex, latexmk = commands(args.site_dir, plan.latex_file, len(plan.pages))
    print(
        f"\nWith `pip install {PACKAGE}` done, build the HTML guide (_build/html):\n"
        f"  {html}\n"
        f"and the PDF (LaTeX + latexmk, needs TeX Live):\n"
        f"  {latex}\n"
        f"  {latexmk}\n"
        "Read the Docs builds both from .readthedocs.yaml.",
        file=out,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jekyll-guide", description="Build a Jekyll site as a Sphinx guide (HTML and PDF)."
    )
    commands_ = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init_parser = commands_.add_parser(
        "init",
        help="write conf.py, a home page if needed and .readthedocs.yaml into a Jekyll site",
        description="Write conf.py, a home page when the site has none and .readthedocs.yaml "
        "into the Jekyll site's folder; nothing else is changed.",
    )
    init_parser.add_argument(
        "site_dir", nargs="?", default=".", metavar="SITE_DIR", help="the site (default: .)"
    )
    init_parser.add_argument(
        "--pages",
        action="append",
        metavar="GLOB",
        help="only the pages matching GLOB (relative to the site; ** is zero or more "
        "folders; a folder means its pages); repeat for more",
    )
    init_parser.add_argument("--title", help="the guide's title (default: _config.yml title)")
    init_parser.add_argument(
        "--language", help="the guide's language (default: _config.yml lang or locale, else en)"
    )
    init_parser.add_argument(
        "--force", action="store_true", help="overwrite conf.py and the other files"
    )
    init_parser.set_defaults(run=init)
    parser.jekyll_commands = {"init": init_parser}  # for command_help
    return parser


def command_help(width: int = 88) -> str:
    """``jekyll-guide --help`` and each command's ``--help`` (the reference shows them)."""
    parser = build_parser()
    parsers = [parser, *parser.jekyll_commands.values()]
    for each in parsers:
        each.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=width)
    return "\n".join(each.format_help() for each in parsers)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
