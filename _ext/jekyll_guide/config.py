"""Every configuration value of the extension, in one place.

Each value is declared once, with its type, default and the sentence that the
authoring page of the guide shows (``jekyll-config`` directive lists them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sphinx.util.docutils import SphinxDirective

from .attributes import DEFAULT_ALLOWED_ATTRIBUTES, MAX_ATTRIBUTES
from .frontmatter import MAX_YAML_SIZE
from .i18n import _
from .kramdown import KramdownOptions
from .liquid import LiquidLimits

_LIQUID = LiquidLimits()


@dataclass(frozen=True)
class ConfigValue:
    name: str
    default: Any
    types: tuple[type, ...]
    doc: str
    rebuild: str = "env"


#: The class mapping table: a class written on an element → what it becomes.
#: ``style`` classes keep their (Bootstrap) meaning and are styled by the theme
#: or by the extension's CSS; ``admonition`` classes become the named admonition;
#: ``card`` a sphinx-design card; ``button`` on a link a sphinx-design button.
#: Bootstrap's theme colours (``text-*``, ``btn-*``, ``btn-outline-*``).
BOOTSTRAP_COLOURS = (
    "primary",
    "secondary",
    "success",
    "danger",
    "warning",
    "info",
    "light",
    "dark",
    "muted",
)

DEFAULT_CLASS_MAP: dict[str, dict[str, str]] = {
    **{f"text-{c}": {"style": f"text-{c}"} for c in BOOTSTRAP_COLOURS},
    **{f"text-{a}": {"style": f"text-{a}"} for a in ("center", "start", "end", "uppercase")},
    "lead": {"style": "lead"},
    "font-primary": {"style": "font-primary"},
    **{f"h{n}": {"style": f"h{n}"} for n in range(1, 7)},
    "alert-info": {"admonition": "note"},
    "alert-primary": {"admonition": "note"},
    "alert-secondary": {"admonition": "note"},
    "alert-success": {"admonition": "tip"},
    "alert-warning": {"admonition": "warning"},
    "alert-danger": {"admonition": "danger"},
    "card": {"component": "card"},
    "btn": {"component": "button"},
}

CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "jekyll_allowed_attributes",
        list(DEFAULT_ALLOWED_ATTRIBUTES),
        (list, tuple),
        "HTML attributes an attribute list may set besides ``id`` and ``class`` "
        "(``*`` ends a prefix). ``target`` and ``rel`` are always allowed on links; "
        "``href``, ``src``, ``style`` and ``on*`` never are.",
    ),
    ConfigValue(
        "jekyll_class_map",
        DEFAULT_CLASS_MAP,
        (dict,),
        "Class mapping table: ``{class: {kind: value}}`` where kind is ``style`` "
        "(keep the class, styled by CSS in HTML and by LaTeX in the PDF), "
        "``admonition`` (the block becomes that admonition) or ``component`` "
        "(``card`` or ``button``). Unknown classes are kept as they are.",
    ),
    ConfigValue(
        "jekyll_site_dir",
        "",
        (str,),
        "Folder of the Jekyll site inside the Sphinx source folder (where "
        "``_config.yml``, ``_includes/``, ``_data/`` live); header image folders are "
        "relative to it.",
    ),
    ConfigValue(
        "jekyll_site",
        {},
        (dict,),
        "Values of ``site.*`` for Liquid, on top of the site's ``_config.yml`` "
        '(for example ``{"url": "https://example.org"}``).',
    ),
    ConfigValue(
        "jekyll_liquid",
        True,
        (bool,),
        "Render Liquid (``{{ site.url }}``, ``{% include %}``, ``{% if %}``…) before "
        "Markdown, as Jekyll does.",
    ),
    ConfigValue(
        "jekyll_header_image_dirs",
        ["assets/**", "images", "img", "_static/img/headers"],
        (list, tuple),
        "Folders (relative to ``jekyll_site_dir``) searched for ``header-img``, after "
        "the site folder itself, as given or with .jpg, .jpeg, .png, .webp or .svg "
        "(``folder/**``: every folder under it). Only files inside the source folder.",
    ),
    ConfigValue(
        "jekyll_layouts",
        {},
        (dict,),
        "Front matter ``layout`` → page template (in ``templates_path``), e.g. "
        '``{"expertises": "jekyll/expertises.html"}``. Any other layout gets the '
        "extension's own design (``jekyll/layout.html``), with no warning; either way the "
        "page has its hero, its calls to action and the sidebar of the pages of its "
        "layout. Jekyll's generic layouts (default, page, post, home) keep the theme's "
        "design and navigation.",
    ),
    ConfigValue(
        "jekyll_cta_url",
        "",
        (str,),
        "Where ``footer_cta``/``header_cta`` buttons lead when the page gives only "
        "a text (an URL or a permalink such as ``/contact.html``).",
    ),
    ConfigValue(
        "jekyll_nav_order_key",
        "nav_order",
        (str,),
        "Front matter key that orders pages in generated navigation (smaller "
        "first); pages without it come after, by title.",
    ),
    ConfigValue(
        "jekyll_navigation",
        False,
        (bool,),
        "Generate the navigation from the front matter as just-the-docs does "
        "(``parent``, ``grand_parent``, ``nav_order``, ``has_children``, "
        "``nav_exclude``; a folder's ``index`` page holds the folder's pages): no "
        "toctree to write. Off: the pages' own toctrees (``page-toctree``) make it.",
    ),
    ConfigValue(
        "jekyll_navigation_group_size",
        50,
        (int,),
        "A sidebar shows at most this many pages of a section (with "
        "``jekyll_navigation``) or of a layout (the chunk that holds the page, with links "
        "to the chunks around it); the section's page lists them all.",
        rebuild="html",
    ),
    ConfigValue(
        "jekyll_parallel_read_per_process",
        False,
        (bool,),
        "Opt-in, for ``-j N`` builds of large sites: Sphinx reads the pages in one chunk "
        "per process instead of about sqrt(5 x pages) chunks. Each chunk sends the whole "
        "environment back to the main process, so fewer chunks merge faster (measured at "
        "1 000 pages on 2 cores: the ``-j 2`` read phase 1.85 times faster than serial "
        "instead of 1.16). ``jekyll-guide init`` sets it for sites of 100 pages or more. "
        "Changes Sphinx's chunking while reading (sphinx-doc/sphinx#10967): one slow "
        "page then delays its whole half.",
        rebuild="",
    ),
    # ---- bounds: what one page may cost (a pull request must not take the build down)
    ConfigValue(
        "jekyll_max_yaml_size",
        MAX_YAML_SIZE,
        (int,),
        "Largest YAML document (a front matter, a ``_data`` file, ``_config.yml``), "
        "counted with its aliases expanded: characters of text plus items of lists and "
        "mappings. A bigger one is not used (with a warning): a few lines of ``&a``/``*a`` "
        "aliases can stand for billions of values.",
    ),
    ConfigValue(
        "jekyll_liquid_max_output",
        _LIQUID.output,
        (int,),
        "Characters of output the Liquid of one page may write. The tag that passes it "
        "is shown as written, with a warning.",
    ),
    ConfigValue(
        "jekyll_liquid_max_value_size",
        _LIQUID.value_size,
        (int,),
        "Largest Liquid value of a page (characters of text plus items of lists, "
        "expanded): the page's variables together, and each filter's input and result "
        "(``append`` doubling a string, ``replace`` multiplying it).",
    ),
    ConfigValue(
        "jekyll_liquid_max_loop_iterations",
        _LIQUID.loop_iterations,
        (int,),
        "Iterations of one Liquid loop, nested loops multiplied.",
    ),
    ConfigValue(
        "jekyll_liquid_max_include_depth",
        _LIQUID.include_depth,
        (int,),
        "Liquid includes inside includes (a file that includes itself stops here).",
    ),
    ConfigValue(
        "jekyll_liquid_max_seconds",
        _LIQUID.seconds,
        (int, float),
        "Seconds of Liquid rendering per page. When they are spent, the tag being "
        "rendered and the rest of the page are shown as written, with a warning.",
    ),
    ConfigValue(
        "jekyll_max_nesting",
        KramdownOptions.max_nesting,
        (int,),
        "Depth of nested blocks (lists, quotes, HTML) and of nested inline formatting. "
        "Deeper content is kept as plain text, with a warning.",
    ),
    ConfigValue(
        "jekyll_max_page_blocks",
        KramdownOptions.max_blocks,
        (int,),
        "Blocks one page may have (paragraphs, headings, list items, table cells…; "
        "Sphinx's time grows with them). The rest of a bigger page is shown as written, as "
        "plain text, with a warning; so is a paragraph of more spans (links, emphasis…).",
    ),
    ConfigValue(
        "jekyll_max_attributes",
        MAX_ATTRIBUTES,
        (int,),
        "Classes and attributes one attribute list may give an element, ALD references "
        "expanded (``{:a: b b}`` chains double at each step). The rest are dropped, with "
        "a warning.",
    ),
)


def liquid_limits(config) -> LiquidLimits:
    """The Liquid bounds of :class:`~jekyll_guide.liquid.LiquidLimits` from the config."""
    return LiquidLimits(
        output=config.jekyll_liquid_max_output,
        value_size=config.jekyll_liquid_max_value_size,
        loop_iterations=config.jekyll_liquid_max_loop_iterations,
        include_depth=config.jekyll_liquid_max_include_depth,
        seconds=config.jekyll_liquid_max_seconds,
    )


def _markdown_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def config_reference_markdown(config) -> str:
    """The config values and the live class mapping table, as Markdown."""
    headers = (_("Option"), _("Default"), _("Purpose"))
    lines = ["| " + " | ".join(map(str, headers)) + " |", "|---|---|---|"]
    below = "*(" + str(_("table below")) + ")*"
    for value in CONFIG_VALUES:
        default = value.default
        shown = below if isinstance(default, dict) else f"`{default!r}`"
        lines.append(f"| `{value.name}` | {_markdown_cell(shown)} | {_markdown_cell(value.doc)} |")
    lines += ["", "| " + str(_("Class")) + " | " + str(_("Becomes")) + " |", "|---|---|"]
    for cls, mapping in sorted(config.jekyll_class_map.items()):
        target = ", ".join(f"{kind} `{name}`" for kind, name in mapping.items())
        lines.append(f"| `.{cls}` | {_markdown_cell(target)} |")
    return "\n".join(lines) + "\n"


class ConfigReference(SphinxDirective):
    """``jekyll-config-reference``: documents every option from its declaration."""

    def run(self):
        return self.parse_text_to_nodes(config_reference_markdown(self.config))


def setup_config(app) -> None:
    """Declare the config values and the directive that documents them."""
    for value in CONFIG_VALUES:
        app.add_config_value(
            value.name, value.default, value.rebuild, types=value.types, description=value.doc
        )
    app.add_directive("jekyll-config-reference", ConfigReference)
