"""Redirect pages: every ``permalink`` and ``redirect_from`` answers in the served output.

Planned once the environment is complete (:func:`plan_redirect_pages`, with the
builder's own file names), written after the build (:func:`write_redirect_pages`),
never over a file the build wrote.
"""

from __future__ import annotations

import html
from pathlib import Path

from .builders import files_written_by_build, page_outputs, page_url, serves_pages
from .i18n import _, html_lang
from .log import warn_at
from .registry import page_registry
from .warnings import WarningKind


def plan_redirect_pages(
    app, env, claims: dict[str, str], claimed_by: dict[str, tuple[str, str]]
) -> None:
    """The redirect pages this build writes, and those a previous build wrote
    that nothing claims any more.

    Decided here, with the builder's own file names (``x.html``, ``x/index.html``,
    one file for ``singlehtml``): the environment is saved before the pages
    are written.  A claim on the page's own output file needs no redirect; a
    claim on another page's output file is refused with a warning naming both
    source files — a redirect page never replaces a page.
    """
    if not serves_pages(app.builder):
        env.jekyll_redirect_pages = {}
        env.jekyll_stale_redirects = []
        return
    outputs = page_outputs(app)
    pages: dict[str, str] = {}
    for path, docname in sorted(claims.items()):
        owner = outputs.get(path)
        if owner == docname:
            continue  # the page is written there: it answers that URL itself
        if owner is not None:
            key, value = claimed_by.get(path, ("permalink", path))
            source = env.doc2path(docname, False)
            warn_at(
                docname,
                page_registry(env)[docname].key_lines.get(key),
                WarningKind.PERMALINK,
                f"{key} {value!r} of {source} is the file {path}, where the "
                f"{app.builder.name} builder writes {env.doc2path(owner, False)}: no "
                f"redirect page was written (it would replace that page); change the {key}",
            )
            continue
        pages[path] = docname
    outdir = str(Path(app.outdir).resolve())
    written = dict(getattr(env, "jekyll_written_redirects", {}))
    env.jekyll_stale_redirects = sorted(set(written.get(outdir, ())) - set(pages))
    written[outdir] = sorted(pages)
    env.jekyll_written_redirects = written
    env.jekyll_redirect_pages = pages


REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
<meta name="robots" content="noindex">
<meta name="generator" content="jekyll_guide redirect">
</head>
<body><p>{moved}</p></body>
</html>
"""


def write_redirect_pages(app, exception) -> None:
    """Make every permalink and ``redirect_from`` answer in the served HTML output.

    Never over a file this build wrote (a page, ``genindex``, an extra file…):
    that claim is refused with a warning; a file a previous build left (a page
    since removed, an old redirect) is replaced.
    """
    if exception is not None or not serves_pages(app.builder):
        return
    env = app.env
    outdir = Path(app.outdir).resolve()
    registry = page_registry(env)
    written_by_build = files_written_by_build(app)
    for path, docname in sorted(getattr(env, "jekyll_redirect_pages", {}).items()):
        target = (outdir / path).resolve()
        if not target.is_relative_to(outdir):
            continue
        page = registry.get(docname)
        title = html.escape(page.title if page and page.title else docname)
        url = html.escape(page_url(app.builder, docname, path))
        moved = html.escape(str(_("This page has moved: {link}."))).format(
            link=f'<a href="{url}">{title}</a>'
        )
        content = REDIRECT_PAGE.format(
            lang=html.escape(html_lang(app.config)), title=title, url=url, moved=moved
        )
        if target.is_file() and target.read_text("utf-8", errors="replace") == content:
            continue
        owner = written_by_build(path)
        if owner is not None and not is_redirect_page(target):
            warn_at(
                docname,
                None,
                WarningKind.PERMALINK,
                f"the redirect page {path} to {env.doc2path(docname, False)} was not "
                f"written: the {app.builder.name} builder wrote {owner} there; "
                "change the permalink or redirect_from",
            )
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, "utf-8")
        except OSError as error:  # a file where the permalink needs a folder…
            warn_at(
                docname,
                None,
                WarningKind.PERMALINK,
                f"the redirect page {path} to {env.doc2path(docname, False)} cannot be "
                f"written ({error.strerror}); change the permalink or redirect_from",
            )
    # a permalink that changed or went away: its old redirect page goes too
    for path in getattr(env, "jekyll_stale_redirects", []):
        stale = (outdir / path).resolve()
        if stale.is_relative_to(outdir) and is_redirect_page(stale):
            stale.unlink()


def is_redirect_page(path: Path) -> bool:
    """A file written by :func:`write_redirect_pages` (by its ``generator``)."""
    if not path.is_file():
        return False
    return 'content="jekyll_guide redirect"' in path.read_text("utf-8", errors="replace")


def setup_redirects(app) -> None:
    app.connect("build-finished", write_redirect_pages)
