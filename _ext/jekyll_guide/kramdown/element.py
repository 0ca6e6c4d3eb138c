"""kramdown's element tree: one class for every element, as ``Kramdown::Element``.

``type`` is kramdown's symbol without the colon ("p", "header", "html_element", …);
``value``, ``attr`` (ordered), ``options`` and ``children`` mean what kramdown's
element.rb documents for that type.  ``options["location"]`` is the 1-based source line
where kramdown keeps one (``None`` or absent where kramdown has none: blank, tr, td…).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

#: Key of the ALD names an IAL refers to, in an ``options["ial"]`` dict and in the
#: dicts of ``root.options["alds"]``: kramdown keeps them under the symbol ``:refs``, and
#: no attribute name can start with a colon, so the key cannot collide.
REFS = ":refs"


class Problem(NamedTuple):
    """A warning kramdown would give (or a silent loss it does not report)."""

    line: int | None
    kind: str
    message: str


class Element:
    """One node of the tree; mirrors ``Kramdown::Element`` field for field."""

    __slots__ = ("type", "value", "attr", "options", "children")

    def __init__(
        self,
        type: str,  # noqa: A002 - kramdown's own name for the field
        value: Any = None,
        attr: dict[str, str] | None = None,
        options: dict[str, Any] | None = None,
        children: list[Element] | None = None,
        **more_options: Any,
    ) -> None:
        self.type = type
        self.value = value
        self.attr: dict[str, str] = {} if attr is None else attr
        self.options: dict[str, Any] = {} if options is None else options
        if more_options:
            self.options.update(more_options)
        self.children: list[Element] = [] if children is None else children

    @property
    def location(self) -> int | None:
        return self.options.get("location")

    def walk(self) -> Iterator[Element]:
        """This element and all its descendants, in document order (iteratively)."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(element.children))

    def __repr__(self) -> str:
        parts = [self.type]
        if self.value is not None:
            parts.append(repr(self.value))
        if self.attr:
            parts.append(f"attr={self.attr!r}")
        shown = {k: v for k, v in self.options.items() if k not in _NOT_SHOWN}
        if shown:
            parts.append(f"options={shown!r}")
        if self.children:
            parts.append(f"children={len(self.children)}")
        return f"<Element {' '.join(parts)}>"


_NOT_SHOWN = {"alds", "link_defs", "abbrev_defs", "abbrev_attr", "footnotes", "problems"}
