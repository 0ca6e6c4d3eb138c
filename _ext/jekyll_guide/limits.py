"""How big a value really is, counted the way a careless traversal would see it.

Pure Python, no Sphinx.  YAML aliases and Liquid's ``push``/``concat`` build
values that share their parts: a "billion laughs" front matter takes a few
kilobytes in memory, and ``join``, ``jsonify``, an output statement or a
template's ``repr`` then expand it to gigabytes.  :func:`expanded_size` counts
the expanded value in time linear in the *distinct* parts (each shared part is
measured once), so a bound can be checked before anything expands it.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import repeat
from typing import Any

#: ``expanded_size`` of a value that contains itself (a YAML ``&a [*a]``).
INFINITE = float("inf")


def expanded_size(value: Any, limit: float = INFINITE, memo: dict[int, Any] | None = None):
    """Characters of text plus items of lists and mappings, aliases expanded.

    Text counts its length, a number its bytes, a list or mapping one per item
    plus its items' sizes, a range its length.  The count stops once it passes
    ``limit`` (the result is then some number above ``limit``); a value that
    contains itself is :data:`INFINITE`.  ``memo`` (``id → (value, size)``) may
    be shared between calls with the same ``limit`` on values not changed in
    between.  No recursion: a list nested 100 000 deep is measured too.
    """
    size = _leaf_size(value)
    if size is not None:
        return size
    memo = {} if memo is None else memo
    known = memo.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    in_progress = {id(value)}
    stack = [[value, _parts(value), len(value) + 1]]
    while True:
        frame = stack[-1]
        child = next(frame[1], _DONE) if frame[2] <= limit else _DONE
        if child is _DONE:
            stack.pop()
            item, total = frame[0], frame[2]
            in_progress.discard(id(item))
            memo[id(item)] = (item, total)  # kept: its id cannot be reused meanwhile
            if not stack:
                return total
            stack[-1][2] += total
            continue
        size = _leaf_size(child)
        if size is None:
            known = memo.get(id(child))
            if known is not None and known[0] is child:
                size = known[1]
            elif id(child) in in_progress:
                size = INFINITE
            else:
                in_progress.add(id(child))
                stack.append([child, _parts(child), len(child) + 1])
                continue
        frame[2] += size


_DONE = object()
_CONTAINERS = (Mapping, list, tuple, set, frozenset)


def _leaf_size(item: Any) -> float | None:
    """The size of a value that holds no other value (or only text); ``None`` for
    other containers."""
    if isinstance(item, str):
        return len(item)
    if isinstance(item, list | tuple) and all(map(isinstance, item, repeat(str))):
        return len(item) + 1 + sum(map(len, item))  # the common case, counted in C
    if isinstance(item, bool) or item is None:
        return 1
    if isinstance(item, int):
        return item.bit_length() // 8 + 1
    if isinstance(item, range):
        return len(item)
    if isinstance(item, _CONTAINERS):
        return None
    return 1


def _parts(item: Any):
    if isinstance(item, Mapping):
        return (part for pair in item.items() for part in pair)
    return iter(item)
