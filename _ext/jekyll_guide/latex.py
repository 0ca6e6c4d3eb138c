"""The PDF side: what the LaTeX writer needs that the HTML writer does not."""

from __future__ import annotations

from docutils import nodes
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
    """``{::nomarkdown}`` is raw HTML: say that the PDF leaves it out."""

    builders = ("latex",)
    default_priority = 5

    def run(self, **kwargs) -> None:
        for raw in self.document.findall(nodes.raw):
            if "nomarkdown" in raw["classes"]:
                warn_node(
                    raw,
                    "nomarkdown",
                    "{::nomarkdown} content is raw HTML and is left out of the PDF: write it "
                    "in Markdown if the PDF needs it",
                )


def setup_latex(app) -> None:
    app.add_post_transform(SectionTitleIdsAsLabels)
    app.add_post_transform(ReportHtmlOnlyContent)
