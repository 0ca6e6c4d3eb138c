"""The PDF side: what the LaTeX writer needs that the HTML writer does not."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .log import warn_node
from .warnings import WarningKind


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
                    WarningKind.NOMARKDOWN,
                    "{::nomarkdown} content is raw HTML and is left out of the PDF: write it "
                    "in Markdown if the PDF needs it",
                )
            else:
                snippet = " ".join(raw.astext().split())[:60]
                warn_node(
                    raw,
                    WarningKind.RAW_HTML,
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


#: LaTeX of the page design: the header banner, just-the-docs' callouts, labels
#: and typography utilities (``\DUrole{jekyll-…}``, see :class:`UtilityClassesForLatex`).
LATEX_DESIGN = r"""
\usepackage{tcolorbox}
\tcbuselibrary{breakable}
\usepackage{trimclip}
\definecolor{jekyll-grey-dk-000}{HTML}{959396}\definecolor{jekyll-grey-dk-300}{HTML}{27262B}
\definecolor{jekyll-grey-lt-000}{HTML}{F5F6FA}\definecolor{jekyll-grey-lt-300}{HTML}{E6E1E8}
\definecolor{jekyll-purple-000}{HTML}{7253ED}\definecolor{jekyll-purple-100}{HTML}{5E41D0}
\definecolor{jekyll-purple-300}{HTML}{381885}
\definecolor{jekyll-blue-000}{HTML}{2C84FA}\definecolor{jekyll-blue-100}{HTML}{2869E6}
\definecolor{jekyll-blue-300}{HTML}{183385}
\definecolor{jekyll-green-000}{HTML}{41D693}\definecolor{jekyll-green-200}{HTML}{009C7B}
\definecolor{jekyll-green-300}{HTML}{026E57}
\definecolor{jekyll-yellow-000}{HTML}{FFEB82}\definecolor{jekyll-yellow-200}{HTML}{F7D12E}
\definecolor{jekyll-yellow-300}{HTML}{E7AF06}
\definecolor{jekyll-red-000}{HTML}{F77E7E}\definecolor{jekyll-red-200}{HTML}{E94C4C}
\definecolor{jekyll-red-300}{HTML}{DD2E2E}
\makeatletter
% the header image as a banner: the full line width, at most half as high as
% wide, a taller image cropped around its centre (as the HTML's object-fit: cover)
\newsavebox{\jekyll@bannerbox}
\newlength{\jekyll@bannertrim}
\newenvironment{jekyllbanner}{%
  \par\noindent\begin{lrbox}{\jekyll@bannerbox}%
  \let\sphinxincludegraphics\includegraphics\ignorespaces}{%
  \unskip\end{lrbox}%
  \setlength{\jekyll@bannertrim}{\dimexpr(\ht\jekyll@bannerbox+\dp\jekyll@bannerbox
    -\wd\jekyll@bannerbox/2)/2\relax}%
  \ifdim\jekyll@bannertrim>\z@
    \edef\jekyll@clip{\noexpand\clipbox{0pt \the\jekyll@bannertrim\space 0pt
      \the\jekyll@bannertrim}}%
    \jekyll@clip{\usebox{\jekyll@bannerbox}}%
  \else\usebox{\jekyll@bannerbox}\fi\par\medskip}
% just-the-docs callouts: #1 background, #2 rule and title colour
\newenvironment{jekyllcallout}[2]{%
  \colorlet{jekyllcallouttitle}{#2}%
  \begin{tcolorbox}[breakable, colback=#1!20!white, colframe=#2, boxrule=0pt,
    leftrule=3pt, arc=2pt, left=6pt, right=6pt, top=4pt, bottom=4pt, before skip=6pt,
    after skip=6pt]\parindent\z@}{\end{tcolorbox}}
\@namedef{DUrolejekyll-callout-title}#1{%
  {\color{jekyllcallouttitle}\sffamily\bfseries\footnotesize #1}\par}
\newcommand{\jekyll@label}[3]{%
  \colorbox{#1}{\textcolor{#2}{\sffamily\scriptsize #3}}}
\@namedef{DUrolejekyll-label-blue}#1{\jekyll@label{jekyll-blue-100}{white}{#1}}
\@namedef{DUrolejekyll-label-green}#1{\jekyll@label{jekyll-green-200}{white}{#1}}
\@namedef{DUrolejekyll-label-purple}#1{\jekyll@label{jekyll-purple-100}{white}{#1}}
\@namedef{DUrolejekyll-label-red}#1{\jekyll@label{jekyll-red-200}{white}{#1}}
\@namedef{DUrolejekyll-label-yellow}#1{\jekyll@label{jekyll-yellow-200}{jekyll-grey-dk-300}{#1}}
\@namedef{DUrolejekyll-fs-1}#1{{\tiny #1}}
\@namedef{DUrolejekyll-fs-2}#1{{\scriptsize #1}}
\@namedef{DUrolejekyll-fs-3}#1{{\footnotesize #1}}
\@namedef{DUrolejekyll-fs-4}#1{{\small #1}}
\@namedef{DUrolejekyll-fs-5}#1{{\normalsize #1}}
\@namedef{DUrolejekyll-fs-6}#1{{\large #1}}
\@namedef{DUrolejekyll-fs-7}#1{{\Large #1}}
\@namedef{DUrolejekyll-fs-8}#1{{\LARGE #1}}
\@namedef{DUrolejekyll-fs-9}#1{{\huge #1}}
\@namedef{DUrolejekyll-fs-10}#1{{\Huge #1}}
\@namedef{DUrolejekyll-fw-300}#1{{\mdseries #1}}
\@namedef{DUrolejekyll-fw-400}#1{{\mdseries #1}}
\@namedef{DUrolejekyll-fw-500}#1{{\bfseries #1}}
\@namedef{DUrolejekyll-fw-700}#1{{\bfseries #1}}
\@namedef{DUrolejekyll-text-delta}#1{{\sffamily\scriptsize\color{jekyll-grey-dk-000}#1}}
\makeatother
"""

LABEL_COLOURS = ("blue", "green", "purple", "red", "yellow")
UTILITY_ROLES = {
    **{f"fs-{n}": f"jekyll-fs-{n}" for n in range(1, 11)},
    **{f"fw-{n}": f"jekyll-fw-{n}" for n in (300, 400, 500, 700)},
    "text-delta": "jekyll-text-delta",
}


def utility_roles(classes) -> list[str]:
    """The LaTeX roles of the docs themes' utility classes on an element."""
    roles = []
    labels = [c.removeprefix("label-") for c in classes if c.startswith("label-")]
    labels = [c for c in labels if c in LABEL_COLOURS]
    if labels or "label" in classes:
        roles.append(f"jekyll-label-{labels[0] if labels else 'blue'}")
    roles += [UTILITY_ROLES[c] for c in classes if c in UTILITY_ROLES]
    return roles


class UtilityClassesForLatex(SphinxPostTransform):
    r"""Labels (``.label .label-green``), font sizes and weights, ``.text-delta``.

    The content of a paragraph or a span with such classes is wrapped in one
    ``\DUrole`` per class (one for a label and its colour).  Titles keep the
    PDF's own heading style.
    """

    builders = ("latex",)
    default_priority = 19

    def run(self, **kwargs) -> None:
        kinds = (nodes.paragraph, nodes.inline, nodes.reference, nodes.strong, nodes.emphasis)
        for node in list(self.document.findall(lambda n: isinstance(n, kinds))):
            roles = utility_roles(node["classes"])
            if not roles or not node.children:
                continue
            inner = outer = nodes.inline("", "", classes=[roles[0]])
            for role in roles[1:]:
                deeper = nodes.inline("", "", classes=[role])
                inner += deeper
                inner = deeper
            inner.extend(node.children)
            node.children = []
            node += outer


class HeaderBannerForLatex(SphinxPostTransform):
    """The header image in the PDF: a banner cropped as the HTML crops it."""

    builders = ("latex",)
    default_priority = 5

    def run(self, **kwargs) -> None:
        for image in list(self.document.findall(nodes.image)):
            if "jekyll-hero-image" not in image["classes"]:
                continue
            image["width"] = "100%"
            image.attributes.pop("height", None)
            image.attributes.pop("scale", None)
            parent = image.parent
            index = parent.index(image)
            parent.insert(index + 1, nodes.raw("", "\\end{jekyllbanner}", format="latex"))
            parent.insert(index, nodes.raw("", "\\begin{jekyllbanner}", format="latex"))


def add_latex_styles(app, config) -> None:
    preamble = config.latex_elements.get("preamble", "")
    for styles in (LATEX_STYLES, LATEX_DESIGN):
        if styles not in preamble:
            preamble += styles
    config.latex_elements["preamble"] = preamble


def setup_latex(app) -> None:
    app.connect("config-inited", add_latex_styles)
    app.add_post_transform(StyleClassesForLatex)
    app.add_post_transform(CardGridAsList)
    app.add_post_transform(UtilityClassesForLatex)
    app.add_post_transform(HeaderBannerForLatex)
    app.add_post_transform(SectionTitleIdsAsLabels)
    app.add_post_transform(ReportHtmlOnlyContent)
