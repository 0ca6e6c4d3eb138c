"""A port of kramdown's block-level parser (kramdown 2.4.0, kramdown-parser-gfm 1.1.0).

``parse_blocks(text, KramdownOptions())`` gives kramdown's element tree down to span-level
text, which stays as ``raw_text`` elements for a span parser.  No Sphinx, docutils or
markdown-it here.
"""

from .blocks import KramdownOptions, parse_blocks, span_plain_text
from .element import REFS, Element, Problem

__all__ = ["REFS", "Element", "KramdownOptions", "Problem", "parse_blocks", "span_plain_text"]
