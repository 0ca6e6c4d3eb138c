"""Front matter made visible: the hero (header image, summary) and the calls to action.

They are ordinary nodes, so the PDF shows them too.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .compat import app_of
from .frontmatter import text_value
from .i18n import _
from .log import warn_at
from .site import site_context
from .urls import has_scheme, safe_url
from .warnings import WarningKind

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".svg")


def header_image_folders(app) -> list[tuple[Path, bool]]:
    """``jekyll_header_image_dirs`` as (folder, recursive): ``assets/**`` is recursive."""
    site = site_context(app)
    folders = []
    for entry in app.config.jekyll_header_image_dirs:
        entry = str(entry).strip().strip("/")
        recursive = entry == "**" or entry.endswith("/**")
        if recursive:
            entry = entry[:-2].rstrip("/")
        folders.append((site.site_dir / entry if entry else site.site_dir, recursive))
    return folders


def _subfolders(folder: Path) -> list[Path]:
    """``folder`` and every folder under it (links not followed), sorted; cached per build."""
    cache = _SUBFOLDERS_CACHE
    if folder not in cache:
        found = []
        for root, dirs, _files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.append(Path(root))
        cache[folder] = found
    return cache[folder]


_SUBFOLDERS_CACHE: dict[Path, list[Path]] = {}


def forget_image_folders(app, env, docnames) -> None:
    _SUBFOLDERS_CACHE.clear()


def find_header_image(app, name: str) -> tuple[str | None, list[str]]:
    """The srcdir-absolute URI of ``header-img`` (``/x/y.*`` when several formats).

    Looked for as written, then in the site's image folders
    (``jekyll_header_image_dirs``; ``assets/**`` searches every folder under
    ``assets/``), as given or with one of :data:`IMAGE_SUFFIXES`.  Only files
    inside the source folder are used: no URL, no ``..``, no link leading
    outside it.  Returns the URI and the folders searched (as configured).
    """
    site = site_context(app)
    srcdir = Path(app.srcdir).resolve()
    searched = [str(entry) for entry in app.config.jekyll_header_image_dirs]
    clean = name.strip().lstrip("/")
    if not clean or has_scheme(clean) or ".." in Path(clean).parts or "\\" in clean:
        return None, searched
    candidates = [site.site_dir / clean]
    for folder, recursive in header_image_folders(app):
        if not folder.is_dir():
            continue
        for base in _subfolders(folder) if recursive else [folder]:
            candidates.append(base / clean)
    for base in candidates:
        found = [base] if base.suffix.lower() in IMAGE_SUFFIXES and base.is_file() else []
        found += [base.with_name(base.name + s) for s in IMAGE_SUFFIXES]
        found = [p for p in found if p.is_file() and p.resolve().is_relative_to(srcdir)]
        if not found:
            continue
        relative = found[0].resolve().relative_to(srcdir).as_posix()
        if len({p.suffix.lower() for p in found}) > 1 and found[0] != base:
            # several formats: let each builder pick (SVG for HTML, PNG for LaTeX)
            relative = relative.rsplit(".", 1)[0] + ".*"
        return "/" + relative, searched
    return None, searched


def call_to_action(value, default_url: str, classes: list[str]) -> nodes.container | None:
    """``footer_cta``/``header_cta``: a text, ``true``, or ``{text, url}``."""
    if value is True:
        text, url = str(_("Contact us")), default_url
    elif isinstance(value, str):
        text, url = value, default_url
    elif isinstance(value, dict):
        text = text_value(value.get("text") or value.get("title"))
        url = text_value(value.get("url") or value.get("link")) or default_url
    else:
        return None
    if not text.strip():
        return None
    box = nodes.container(classes=["jekyll-cta", *classes])
    paragraph = nodes.paragraph()
    safe = safe_url(url)
    if safe:
        link = nodes.reference(
            "",
            text,
            refuri=safe,
            classes=[
                "sd-sphinx-override",
                "sd-btn",
                "sd-text-wrap",
                "sd-btn-primary",
                "btn",
                "btn-primary",
            ],
        )
        paragraph += link
    else:
        paragraph += nodes.strong(text, text)
    box += paragraph
    return box


class InsertPageFurniture(SphinxTransform):
    """Hero (header image, summary, header CTA) under the title; footer CTA last."""

    default_priority = 210

    def apply(self, **kwargs) -> None:
        data = getattr(self.document, "jekyll_front_matter", None)
        if not data:
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not isinstance(section[0], nodes.title):
            return
        docname = self.env.docname
        key_lines = getattr(self.document, "jekyll_key_lines", {})
        hero = nodes.container(classes=["jekyll-hero"])
        image_name = text_value(data.get("header-img"))
        if image_name:
            uri, folders = find_header_image(app_of(self.env), image_name)
            if uri:
                hero += nodes.image(uri=uri, alt="", classes=["jekyll-hero-image"])
                raster = uri[:-2] + ".png" if uri.endswith(".*") else uri
                self.env.metadata[docname].setdefault(
                    "og:image", "_images/" + raster.rsplit("/", 1)[-1]
                )
            else:
                searched = ", ".join(folders)
                warn_at(
                    docname,
                    key_lines.get("header-img", 2),
                    WarningKind.HEADER_IMAGE,
                    f"header image {image_name!r} not found (looked for it as given and with "
                    f"{', '.join(IMAGE_SUFFIXES)} in the site folder and in: {searched}, see "
                    "jekyll_header_image_dirs); the page is shown without it",
                )
        summary = text_value(data.get("summary")).strip()
        if summary:
            hero += nodes.paragraph(summary, summary, classes=["lead", "jekyll-summary"])
            section.insert(1, nodes.meta(name="description", content=summary))
            self.env.metadata[docname].setdefault("og:description", summary)
        cta_url = self.config.jekyll_cta_url
        header_cta = call_to_action(data.get("header_cta"), cta_url, ["jekyll-header-cta"])
        if header_cta is not None:
            hero += header_cta
        if len(hero):
            section.insert(1, hero)
        footer_cta = call_to_action(data.get("footer_cta"), cta_url, ["jekyll-footer-cta"])
        if footer_cta is not None:
            section += footer_cta


def setup_hero(app) -> None:
    app.add_transform(InsertPageFurniture)
    app.connect("env-before-read-docs", forget_image_folders)
