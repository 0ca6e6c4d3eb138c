"""just-the-docs callouts, as the site's ``_config.yml`` configures them.

::

    callouts_level: quiet          # or loud
    callouts:
      note: {title: Note, color: blue}
      highlight: {color: yellow}

A paragraph or a block quote with the class ``note`` (``{: .note }`` before or
after it) becomes a coloured box whose first line is the configured title; with
``note-title`` the first paragraph of the quote is the title, as just-the-docs
does (``_includes/css/callouts.scss.liquid``).  The element keeps its tag and its
classes (``<p class="note">``, where kramdown puts them); the extension adds
``jekyll-callout jekyll-callout-<colour>`` and the title as a real element
(``.jekyll-callout-title``), so every theme shows it, and the PDF draws the same
box (``jekyllcallout`` environment, see :mod:`.latex`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .compat import app_of
from .frontmatter import text_value
from .log import warn_file
from .site import site_context
from .warnings import WarningKind

#: just-the-docs' colour names → (hue 000, hue 300): the light and the strong one.
CALLOUT_COLOURS: dict[str, tuple[str, str]] = {
    "grey-dk": ("959396", "27262B"),
    "grey-lt": ("F5F6FA", "E6E1E8"),
    "purple": ("7253ED", "381885"),
    "blue": ("2C84FA", "183385"),
    "green": ("41D693", "026E57"),
    "yellow": ("FFEB82", "E7AF06"),
    "red": ("F77E7E", "DD2E2E"),
}
DEFAULT_COLOUR = "grey-dk"
TITLE_CLASS = "jekyll-callout-title"


def callout_settings(app) -> dict[str, tuple[str, str]]:
    """``{name: (colour, title)}`` from ``site.callouts`` (title may be empty)."""
    callouts = site_context(app).site.get("callouts")
    if not isinstance(callouts, dict):
        return {}
    settings = {}
    for name, spec in callouts.items():
        if not isinstance(spec, dict):
            spec = {}
        colour = text_value(spec.get("color")).strip() or DEFAULT_COLOUR
        if colour not in CALLOUT_COLOURS:
            colour = DEFAULT_COLOUR
        settings[str(name)] = (colour, text_value(spec.get("title")).strip())
    return settings


def callouts_are_loud(app) -> bool:
    """``callouts_level: loud`` (or a dark colour scheme not set to ``quiet``)."""
    site = site_context(app).site
    level = str(site.get("callouts_level") or "").lower()
    return level == "loud" or (site.get("color_scheme") == "dark" and level != "quiet")


def check_callout_settings(app) -> None:
    """Say once per build what in ``callouts:`` is not understood."""
    site = site_context(app)
    callouts = site.site.get("callouts")
    if callouts is None:
        return
    config_file = str(site.site_dir / "_config.yml")
    if not isinstance(callouts, dict):
        warn_file(
            config_file,
            WarningKind.CALLOUT,
            "'callouts:' must be a mapping of callout names; ignored",
        )
        return
    for name, spec in callouts.items():
        colour = text_value(spec.get("color")).strip() if isinstance(spec, dict) else ""
        if colour not in CALLOUT_COLOURS:
            warn_file(
                config_file,
                WarningKind.CALLOUT,
                f"callouts: {name}: color {colour or None!r} is not one of just-the-docs' "
                f"colours ({', '.join(CALLOUT_COLOURS)}); the callout is grey",
            )


class CalloutsFromClasses(SphinxTransform):
    """``p.note`` / ``blockquote.note`` / ``blockquote.note-title`` → callouts."""

    default_priority = 495  # before the class map (500)

    def apply(self, **kwargs) -> None:
        settings = callout_settings(app_of(self.env))
        if not settings:
            return
        loud = callouts_are_loud(app_of(self.env))
        for node in list(self.document.findall(_callout_candidate)):
            found = _callout_kind(node["classes"], settings)
            if found is None:
                continue
            name, titled = found
            colour, title = settings[name]
            extra = ["jekyll-callout", f"jekyll-callout-{colour}"]
            if loud:
                extra.append("jekyll-callout-loud")
            node["classes"].extend(c for c in extra if c not in node["classes"])
            node["jekyll_callout"] = colour
            if titled:
                first = node.children[0] if len(node) else None
                if isinstance(node, nodes.block_quote) and isinstance(first, nodes.paragraph):
                    first["classes"].append(TITLE_CLASS)
            elif title:
                label = nodes.inline(title, title, classes=[TITLE_CLASS])
                if isinstance(node, nodes.paragraph):
                    node.insert(0, label)
                else:
                    node.insert(0, nodes.paragraph("", "", label, classes=[TITLE_CLASS]))


def _callout_candidate(node) -> bool:
    return isinstance(node, nodes.paragraph | nodes.block_quote) and bool(node["classes"])


def _callout_kind(classes, settings) -> tuple[str, bool] | None:
    for cls in classes:
        if cls in settings:
            return cls, False
        if cls.endswith("-title") and cls[: -len("-title")] in settings:
            return cls[: -len("-title")], True
    return None


class CalloutsForLatex(SphinxPostTransform):
    r"""A callout in the PDF: ``\begin{jekyllcallout}{background}{rule}`` around it.

    The colours are defined by :data:`.latex.LATEX_DESIGN`; a block quote gives
    its paragraphs (no quote indentation inside the box); the title is
    ``\DUrole{jekyll-callout-title}``.
    """

    builders = ("latex",)
    default_priority = 19  # before StyleClassesForLatex (20)

    def run(self, **kwargs) -> None:
        loud = callouts_are_loud(app_of(self.env))
        for node in list(self.document.findall(nodes.Element)):
            colour = node.get("jekyll_callout")
            if not colour or colour not in CALLOUT_COLOURS:
                continue
            background, rule = ("300", "000") if loud else ("000", "300")
            opening = (
                f"\\begin{{jekyllcallout}}{{jekyll-{colour}-{background}}}"
                f"{{jekyll-{colour}-{rule}}}"
            )
            for child in node.findall(nodes.paragraph):
                if TITLE_CLASS in child["classes"] and not any(
                    isinstance(c, nodes.inline) and TITLE_CLASS in c["classes"] for c in child
                ):
                    wrapper = nodes.inline("", "", classes=[TITLE_CLASS])
                    wrapper.extend(child.children)
                    child.children = []
                    child += wrapper
            parent = node.parent
            if isinstance(node, nodes.block_quote):
                box = nodes.container()
                box.extend(node.children)
                node.replace_self(box)
                node = box
            index = parent.index(node)
            parent.insert(index + 1, nodes.raw("", "\\end{jekyllcallout}", format="latex"))
            parent.insert(index, nodes.raw("", opening, format="latex"))


def setup_callouts(app) -> None:
    app.connect("builder-inited", check_callout_settings, priority=600)
    app.add_transform(CalloutsFromClasses)
    app.add_post_transform(CalloutsForLatex)
