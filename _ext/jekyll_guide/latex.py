"""The PDF side: what the LaTeX writer needs that the HTML writer does not."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .log import warn_node


class SectionTitleIdsAsLabels(SphinxPostTransform):
    """Give a heading's ids to its section, where LaTeX puts its labels.

    kramdown puts ``#id`` on the ``<hN>``, and so does the HTML; the LaTeX
    writer only labels sections, so ``[x](#id)`` would be a dead link in the PDF.
    """

    builders = ("latex",)
    default_priority = 5

    def run(self, **kwargs) -> None:
        for title in self.document.findall(nodes.title):
            section = title.parent
            if isinstance(section, nodes.section) and title["ids"]:
                section["ids"].extend(i for i in title["ids"] if i not in section["ids"])
                title["ids"] = []


class ReportHtmlOnlyContent(SphinxPostTransform):
    """Raw HTML the PDF cannot show: say so, at its file and line."""

    builders = ("latex",)
    default_priority = 5

    def run(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split() or not raw.astext().strip():
                continue
            if raw.get("jekyll_html_only"):
                continue  # by design: its content is there in another form, or it has none
            following = raw.next_node(descend=False, siblings=True)
            if isinstance(following, nodes.raw) and following.get("format") == "latex":
                continue  # a line break, written for both outputs
            if "nomarkdown" in raw["classes"]:
                warn_node(
                    raw,
                    "nomarkdown",
                    "{::nomarkdown} content is raw HTML and is left out of the PDF: write it "
                    "in Markdown if the PDF needs it",
                )
            else:
                snippet = " ".join(raw.astext().split())[:60]
                warn_node(
                    raw,
                    "raw_html",
                    f"raw HTML {snippet!r} is left out of the PDF: use Markdown, or simple "
                    "HTML (div, p, a, strong, em, span, ul, ol, li, br) which both outputs show",
                )


#: LaTeX for the "style" classes of the class map (``\DUrole{class}{text}``).
LATEX_STYLES = r"""
\definecolor{jekyllprimary}{RGB}{13,110,253}
\definecolor{jekyllmuted}{RGB}{108,117,125}
\makeatletter
\@namedef{DUroletext-primary}#1{\textcolor{jekyllprimary}{#1}}
\@namedef{DUroletext-muted}#1{\textcolor{jekyllmuted}{#1}}
\@namedef{DUroletext-success}#1{\textcolor[RGB]{25,135,84}{#1}}
\@namedef{DUroletext-danger}#1{\textcolor[RGB]{220,53,69}{#1}}
\@namedef{DUroletext-warning}#1{\textcolor[RGB]{173,121,0}{#1}}
\@namedef{DUroletext-info}#1{\textcolor[RGB]{13,150,180}{#1}}
\@namedef{DUroletext-uppercase}#1{\MakeUppercase{#1}}
\@namedef{DUrolelead}#1{{\large #1}}
\@namedef{DUrolefont-primary}#1{{\sffamily\bfseries #1}}
\@namedef{DUroleh1}#1{{\huge #1}}
\@namedef{DUroleh2}#1{{\LARGE #1}}
\@namedef{DUroleh3}#1{{\Large #1}}
\@namedef{DUroleh4}#1{{\large #1}}
\@namedef{DUroleh5}#1{{\normalsize #1}}
\@namedef{DUroleh6}#1{{\small #1}}
\@namedef{DUrolebtn}#1{\fbox{#1}}
\makeatother
\pdfstringdefDisableCommands{\def\DUrole#1#2{#2}}
\renewcommand{\sphinxtableofcontentshook}{\def\DUrole##1##2{##2}}
"""


class StyleClassesForLatex(SphinxPostTransform):
    r"""Classes of the class map that style text keep styling it in the PDF.

    The LaTeX writer ignores classes on titles and paragraphs but writes an
    ``inline`` with classes as ``\DUrole{class}{…}``: the content of a styled
    heading or paragraph is wrapped in one, and :data:`LATEX_STYLES` gives each
    class its look (primary colour, muted grey, smaller ``h5``…).  Buttons get a
    frame.  Unknown classes are harmless: ``\DUrole`` ignores them.
    """

    builders = ("latex",)
    default_priority = 20

    def run(self, **kwargs) -> None:
        class_map = self.config.jekyll_class_map
        styled_kinds = (nodes.title, nodes.paragraph, nodes.reference)
        for node in list(self.document.findall(lambda n: isinstance(n, styled_kinds))):
            styles = [c for c in node["classes"] if "style" in class_map.get(c, {})]
            if isinstance(node, nodes.reference) and "sd-btn" in node["classes"]:
                styles.append("btn")
            if not styles or not node.children:
                continue
            if isinstance(node, nodes.title):
                # the writer drops \DUrole inside titles: write it ourselves
                opening = "".join(f"\\DUrole{{{style}}}{{" for style in styles)
                node.insert(0, nodes.raw("", opening, format="latex"))
                node += nodes.raw("", "}" * len(styles), format="latex")
                continue
            wrapper = nodes.inline("", "", classes=styles)
            wrapper.extend(node.children)
            node.children = []
            node += wrapper


class CardGridAsList(SphinxPostTransform):
    """A card grid reads badly on paper: the PDF gets a list of linked titles."""

    builders = ("latex",)
    default_priority = 5  # before references are resolved (10)

    def run(self, **kwargs) -> None:
        for grid in list(self.document.findall(nodes.Element)):
            cards = grid.get("jekyll_cards")
            if cards is None:
                continue
            listing = nodes.bullet_list(classes=["jekyll-cards-list"])
            for docname, title, summary in cards:
                reference = addnodes.pending_xref(
                    "",
                    nodes.inline(title, title),
                    refdomain="std",
                    reftype="doc",
                    reftarget="/" + docname,
                    refexplicit=True,
                    refdoc=self.env.docname,
                )
                paragraph = nodes.paragraph("", "", nodes.strong("", "", reference))
                if summary:
                    paragraph += nodes.Text(f" — {summary}")
                listing += nodes.list_item("", paragraph)
            grid.replace_self(listing)


def add_latex_styles(app, config) -> None:
    preamble = config.latex_elements.get("preamble", "")
    if LATEX_STYLES not in preamble:
        config.latex_elements["preamble"] = preamble + LATEX_STYLES


def setup_latex(app) -> None:
    app.connect("config-inited", add_latex_styles)
    app.add_post_transform(StyleClassesForLatex)
    app.add_post_transform(CardGridAsList)
    app.add_post_transform(SectionTitleIdsAsLabels)
    app.add_post_transform(ReportHtmlOnlyContent)
