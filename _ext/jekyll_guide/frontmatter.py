"""Jekyll front matter: split it off a page and read it safely.

Pure Python (PyYAML's safe loader only), no Sphinx.  The body keeps its line
numbers: the front matter is replaced by as many empty lines, so every warning
about the body still points at the source line.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import yaml

from .limits import expanded_size
from .warnings import Problem, WarningKind

#: Largest YAML document, aliases expanded (config ``jekyll_max_yaml_size``).
MAX_YAML_SIZE = 1_000_000

_OPENING = "---"
_CLOSINGS = ("---", "...")


@dataclass
class FrontMatter:
    """The page's front matter and its body, with line numbers kept."""

    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    #: 1-based line of each top-level key, for warnings about its value.
    key_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    present: bool = False
    #: Lines of the front matter block, blank in ``body`` (Jekyll's content starts after them).
    lines: int = 0


# libyaml's parser when PyYAML was built with it (the wheels are): the pure
# Python one was a third of the extension's own parsing time.  Both are "safe":
# only the constructor decides which tags run, and it is SafeConstructor here.
class SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader, where an integer Python will not convert (over 4 300
    digits: ``sys.get_int_max_str_digits``) stays text instead of failing the build."""

    def construct_yaml_int(self, node):  # noqa: D102 - PyYAML hook
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


SafeLoader.add_constructor("tag:yaml.org,2002:int", SafeLoader.construct_yaml_int)


class _UniqueKeyLoader(SafeLoader):
    """Safe loader that reports duplicate keys instead of keeping the last."""

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line
            if not isinstance(key, str):
                continue  # PyYAML itself refuses unhashable keys ({{}}: …) with its error
            if key in seen:
                self.duplicates.append((key, line))
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def front_matter_prefix(text: str) -> str:
    """The front matter block at the top of ``text``: from the opening ``---`` line
    to the closing ``---`` (or ``...``) line included; the opening line alone when
    it is never closed; ``""`` when there is none."""
    text = text.removeprefix("\ufeff")
    end = text.find("\n") + 1 or len(text)
    if text[:end].rstrip() != _OPENING:
        return ""
    start = end
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        if text[start:end].rstrip() in _CLOSINGS:
            return text[:end]
        start = end
    return text[: text.find("\n") + 1 or len(text)]


def split_front_matter(text: str, *, max_yaml_size: int = MAX_YAML_SIZE) -> FrontMatter:
    """Split ``---``-delimited YAML off the top of ``text``.

    Never raises: a front matter that cannot be read is reported and left in
    the body, so that nothing the author wrote is lost.  One larger than
    ``max_yaml_size`` (:func:`yaml_size_problem`) is reported and not used.
    """
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != _OPENING:
        return FrontMatter(body=text)
    closing = next(
        (i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in _CLOSINGS), None
    )
    if closing is None:
        # the opening '---' is not a horizontal rule: only the rest is shown
        return FrontMatter(
            body="\n" + "".join(lines[1:]),
            problems=[
                Problem(
                    WarningKind.FRONT_MATTER,
                    "front matter opened with '---' is never closed: add a line "
                    "'---' after the last key (the page is shown as written)",
                    1,
                )
            ],
        )
    yaml_text = "".join(lines[1:closing])
    body = "\n" * (closing + 1) + "".join(lines[closing + 1 :])
    result = FrontMatter(body=body, present=True, lines=closing + 1)
    data = _load_yaml(yaml_text, result)
    if data is None:
        return result
    too_large = yaml_size_problem(data, max_yaml_size)
    if too_large:
        key_lines = _top_level_key_lines(yaml_text)
        line = 2
        if isinstance(data, dict):
            sizes = {key: expanded_size(value, max_yaml_size) for key, value in data.items()}
            biggest = max(sizes, key=sizes.get, default=None)
            line = key_lines.get(str(biggest), 2)
        message = f"front matter {too_large}; the page is rendered without it"
        result.problems.append(Problem(WarningKind.YAML_TOO_LARGE, message, line))
        return result
    if not isinstance(data, dict):
        result.problems.append(
            Problem(
                WarningKind.FRONT_MATTER,
                f"front matter is a {type(data).__name__}, not a mapping of keys: "
                "write one 'key: value' per line",
                2,
            )
        )
        return result
    result.data = {str(key): value for key, value in data.items()}
    result.key_lines = _top_level_key_lines(yaml_text)
    _normalise_title(result)
    return result


def _load_yaml(yaml_text: str, result: FrontMatter) -> Any:
    if not yaml_text.strip():
        return {}
    loader = None
    try:
        loader = _UniqueKeyLoader(yaml_text)
        loader.duplicates = []
        data = loader.get_single_data()
    except RecursionError:
        result.problems.append(
            Problem(WarningKind.FRONT_MATTER, "front matter is nested too deeply to read", 2)
        )
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        last_line = yaml_text.count("\n") + 1  # an error at the end is on the last line
        line = min(mark.line + 2, last_line) if mark is not None else 2
        problem = getattr(error, "problem", None) or str(error)
        hint = " (tabs are not allowed for indentation in YAML)" if "\t" in yaml_text else ""
        result.problems.append(
            Problem(
                WarningKind.FRONT_MATTER,
                f"front matter is not valid YAML: {problem}{hint}; the page is "
                "rendered without its front matter",
                line,
            )
        )
        return None
    finally:
        if loader is not None:
            loader.dispose()
    for key, line in loader.duplicates:
        result.problems.append(
            Problem(
                WarningKind.FRONT_MATTER,
                f"front matter key {key!r} is given twice: the last value is used, "
                "remove the other",
                line + 2,
            )
        )
    return data


def yaml_size_problem(data: Any, max_size: int) -> str:
    """Why a loaded YAML document is too large to use, or ``""``.

    PyYAML shares what an alias repeats, so loading costs little; whatever
    walks the value later (Liquid's ``join``, ``jsonify``, Sphinx's own
    ``repr`` of event arguments) expands it.
    """
    size = expanded_size(data, max_size)
    if size <= max_size:
        return ""
    if size == float("inf"):
        return "contains itself (an alias inside its own anchor, as in &a [*a])"
    return (
        f"expands to more than {max_size:,} values with its aliases (*name) repeated".replace(
            ",", " "
        )
        + " (jekyll_max_yaml_size): write the values out, or raise the limit in conf.py"
    )


def _top_level_key_lines(yaml_text: str) -> dict[str, int]:
    """1-based source lines of top-level keys (for warnings)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(yaml_text.splitlines(), start=2):
        if line[:1].isalnum() or line[:1] in "_-'\"":
            key = line.split(":", 1)[0].strip().strip("'\"")
            lines.setdefault(key, number)
    return lines


def _normalise_title(result: FrontMatter) -> None:
    """A title is text: numbers and dates are written as text, lists refused."""
    title = result.data.get("title")
    if title is None or isinstance(title, str):
        return
    line = result.key_lines.get("title", 2)
    if isinstance(title, bool | int | float | datetime.date):
        result.data["title"] = str(title).lower() if isinstance(title, bool) else str(title)
        return
    result.problems.append(
        Problem(
            WarningKind.FRONT_MATTER,
            f'title must be text, not a {type(title).__name__}: quote it, as in title: "…"',
            line,
        )
    )
    del result.data["title"]


def text_value(value: Any) -> str:
    """A front matter scalar as text, for places that show text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | datetime.date):
        return str(value)
    return ""
