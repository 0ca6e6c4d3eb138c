"""Liquid, rendered before Markdown as Jekyll does (python-liquid).

python-liquid speaks Shopify Liquid; Jekyll adds an ``include`` with unquoted
file names and ``key=value`` parameters (read as ``include.key``) and filters
such as ``relative_url`` or ``slugify``.  They are registered here on a
sandboxed environment: includes only from ``_includes/``, loops and output
bounded, and unknown variables reported instead of silently empty.

Line numbers survive: every source line is tagged before rendering, so each
output line knows the source line it came from (:attr:`LiquidResult.line_map`).
"""

from __future__ import annotations

import contextvars
import csv
import datetime
import html
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from liquid import Environment, Undefined
from liquid.ast import Node
from liquid.builtin.expressions import parse_primitive
from liquid.builtin.expressions._tokenize import tokenize
from liquid.builtin.loaders.file_system_loader import FileSystemLoader
from liquid.exceptions import LiquidError, TemplateNotFoundError
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG

from .urls import has_scheme

_MARK = "\x00L{}\x00"
_MARK_RE = re.compile(r"\x00L(\d+)\x00")
_LIQUID_SPAN = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)

_undefined_names: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "jekyll_liquid_undefined", default=None
)
_included: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "jekyll_liquid_included", default=None
)


@dataclass
class LiquidProblem:
    kind: str
    message: str
    line: int


@dataclass
class LiquidResult:
    text: str
    #: 1-based output line → 1-based source line (index 0 unused)
    line_map: list[int] = field(default_factory=list)
    problems: list[LiquidProblem] = field(default_factory=list)
    includes: list[Path] = field(default_factory=list)


class ReportingUndefined(Undefined):
    """Renders as nothing, as Jekyll does, but remembers being printed.

    Testing an undefined value (``{% if page.header_cta %}``) is normal Jekyll
    and stays silent; printing one is most likely a typo.
    """

    __slots__ = ()

    def __str__(self) -> str:
        seen = _undefined_names.get()
        if seen is not None:
            name = (self.hint or self.name).removesuffix(" is undefined")
            seen.append((name, self.token))
        return ""


class IncludesLoader(FileSystemLoader):
    """``_includes/`` only: ``..``, absolute paths and links leaving it are refused."""

    def resolve_path(self, template_name: str) -> Path:
        if "\\" in template_name or ":" in template_name:
            raise TemplateNotFoundError(template_name)
        path = super().resolve_path(template_name)
        included = _included.get()
        if included is not None:
            included.append(path.resolve())
        return path


class JekyllIncludeNode(Node):
    __slots__ = ("template_name", "name_expression", "params")

    def __init__(self, token, template_name, name_expression, params):
        super().__init__(token)
        self.template_name = template_name
        self.name_expression = name_expression
        self.params = params
        self.blank = False

    def render_to_output(self, context, buffer) -> int:
        name = self.template_name
        if self.name_expression is not None:
            name = str(self.name_expression.evaluate(context))
        template = context.env.get_template(name, context=context, tag="include")
        params = {key: value.evaluate(context) for key, value in self.params}
        with context.extend({"include": params}, template=template):
            template.render_with_context(context, buffer, partial=True)
        return True

    def expressions(self):
        if self.name_expression is not None:
            yield self.name_expression
        yield from (value for _, value in self.params)


_PARAM = re.compile(r"""\s*([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s]+)""")


class JekyllIncludeTag(Tag):
    """``{% include boxes/x.html key=value other="text" %}`` as Jekyll reads it."""

    name = "include"
    block = False

    def parse(self, stream) -> Node:
        token = stream.eat(TOKEN_TAG)
        if stream.current.kind != TOKEN_EXPRESSION:
            raise LiquidError("include needs a file name, as in {% include x.html %}", token=token)
        expression = stream.current  # the parser moves past it, as for built-in tags
        source = expression.value.strip()
        first, _, rest = source.partition(" ")
        name_expression = None
        variable = re.fullmatch(r"\{\{\s*(.+?)\s*\}\}", first)
        if variable:
            name_expression = self._value(variable.group(1), expression)
        template_name = first.strip("\"'")
        params = []
        position = 0
        rest = rest.strip()
        while position < len(rest):
            match = _PARAM.match(rest, position)
            if not match:
                raise LiquidError(
                    f"cannot read include parameter {rest[position:]!r}: write key=value",
                    token=expression,
                )
            params.append((match.group(1), self._value(match.group(2), expression)))
            position = match.end()
        return JekyllIncludeNode(token, template_name, name_expression, params)

    def _value(self, text: str, token):
        return parse_primitive(self.env, TokenStream(tokenize(text, parent_token=token)))


class JekyllEnvironment(Environment):
    """Shopify Liquid plus Jekyll's include and filters, with limits."""

    loop_iteration_limit = 10_000
    output_stream_limit = 5_000_000
    context_depth_limit = 30
    keyword_assignment = True

    def __init__(self, includes_dir: Path, site: dict[str, Any]):
        super().__init__(
            loader=IncludesLoader(includes_dir), undefined=ReportingUndefined, strict_filters=True
        )
        self.site = site
        self.add_tag(JekyllIncludeTag)
        for name, function in jekyll_filters(site).items():
            self.add_filter(name, function)


def jekyll_filters(site: dict[str, Any]) -> dict[str, Any]:
    baseurl = str(site.get("baseurl") or "").rstrip("/")
    url = str(site.get("url") or "").rstrip("/")

    def relative_url(value: Any) -> str:
        path = str(value or "")
        if has_scheme(path):
            return path
        return f"{baseurl}/{path.lstrip('/')}"

    def absolute_url(value: Any) -> str:
        path = str(value or "")
        if has_scheme(path):
            return path
        return url + relative_url(path)

    def where(items: Any, key: str, value: Any = None) -> list:
        return [i for i in (items or []) if isinstance(i, dict) and i.get(key) == value]

    def slugify(value: Any, mode: str = "default") -> str:
        text = str(value or "").lower()
        pattern = r"[^\w._~!$&'()+,;=@\-]+" if mode == "pretty" else r"[\W_]+"
        return re.sub(pattern, "-", text).strip("-")

    def _date(value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.datetime.fromisoformat(str(value))
        except ValueError:
            return None

    def date_to_string(value: Any) -> str:
        date = _date(value)
        return date.strftime("%d %b %Y") if date else str(value)

    def date_to_long_string(value: Any) -> str:
        date = _date(value)
        return date.strftime("%d %B %Y") if date else str(value)

    def date_to_xmlschema(value: Any) -> str:
        date = _date(value)
        return date.isoformat() if date else str(value)

    def array_to_sentence_string(items: Any, connector: str = "et") -> str:
        items = [str(i) for i in items or []]
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {connector} {items[-1]}"

    return {
        "relative_url": relative_url,
        "absolute_url": absolute_url,
        "where": where,
        "slugify": slugify,
        "markdownify": lambda value: str(value or ""),  # the page is Markdown already
        "smartify": lambda value: str(value or ""),
        "jsonify": lambda value: json.dumps(value, ensure_ascii=False, default=str),
        "xml_escape": lambda value: html.escape(str(value or "")),
        "cgi_escape": lambda value: urllib.parse.quote_plus(str(value or "")),
        "uri_escape": lambda value: urllib.parse.quote(str(value or ""), safe="/:?=&#"),
        "number_of_words": lambda value: len(str(value or "").split()),
        "normalize_whitespace": lambda value: " ".join(str(value or "").split()),
        "date_to_string": date_to_string,
        "date_to_long_string": date_to_long_string,
        "date_to_xmlschema": date_to_xmlschema,
        "array_to_sentence_string": array_to_sentence_string,
        "push": lambda items, item: [*(items or []), item],
        "pop": lambda items: list(items or [])[:-1],
        "shift": lambda items: list(items or [])[1:],
        "unshift": lambda items, item: [item, *(items or [])],
    }


def has_liquid(text: str) -> bool:
    return "{{" in text or "{%" in text


def _mark_lines(text: str) -> str:
    """Tag the end of every line that is not inside a Liquid tag or raw block."""
    inside = [False] * (text.count("\n") + 1)
    for pattern in (_LIQUID_SPAN, _RAW_BLOCK):
        for match in pattern.finditer(text):
            first = text.count("\n", 0, match.start())
            last = first + match.group(0).count("\n")
            for number in range(first, last):
                inside[number] = True
    lines = text.split("\n")
    return "\n".join(
        line if inside[number] else line + _MARK.format(number + 1)
        for number, line in enumerate(lines)
    )


def render_liquid(text: str, environment: JekyllEnvironment, page: dict[str, Any]) -> LiquidResult:
    """Render ``text``; on a Liquid error, report it and return the text as is."""
    identity = list(range(text.count("\n") + 2))
    if not has_liquid(text):
        return LiquidResult(text, identity)
    undefined: list = []
    included: list = []
    undefined_token = _undefined_names.set(undefined)
    included_token = _included.set(included)
    try:
        template = environment.from_string(_mark_lines(text))
        output = template.render(site=environment.site, page=page)
    except LiquidError as error:
        return LiquidResult(
            text,
            identity,
            [LiquidProblem("liquid", _describe(error), _error_line(error, text))],
            list(included),
        )
    finally:
        _undefined_names.reset(undefined_token)
        _included.reset(included_token)
    result = LiquidResult("", [0], includes=list(included))
    out_lines = []
    last = 1
    for line in output.split("\n"):
        marks = _MARK_RE.findall(line)
        if marks:
            last = int(marks[0])
        result.line_map.append(last)
        out_lines.append(_MARK_RE.sub("", line))
    result.line_map.append(last)
    result.text = "\n".join(out_lines)
    for name, token in undefined:
        result.problems.append(
            LiquidProblem(
                "liquid_undefined",
                f"Liquid variable {name!r} is not defined (it renders as nothing): "
                "check its spelling, _config.yml or the front matter",
                _source_line(token),
            )
        )
    return result


def _source_line(token) -> int:
    """The 1-based line of a token (markers add no newline)."""
    if token is None or getattr(token, "source", None) is None:
        return 1
    return token.source.count("\n", 0, token.start_index) + 1


def _error_line(error: LiquidError, text: str) -> int:
    return _source_line(getattr(error, "token", None))


def _describe(error: LiquidError) -> str:
    message = getattr(error, "message", None) or str(error).splitlines()[0]
    if isinstance(error, TemplateNotFoundError):
        return (
            f"Liquid include {message} was not found in _includes/ (only files inside "
            "_includes/ can be included); the page is shown without Liquid"
        )
    return f"Liquid error: {message}; the page is shown without Liquid"


def load_site_data(data_dir: Path) -> dict[str, Any]:
    """``site.data``: every ``.yml``/``.yaml``/``.json``/``.csv`` under ``_data/``.

    Links leading out of ``_data/`` are not followed.
    """
    data: dict[str, Any] = {}
    if not data_dir.is_dir():
        return data
    root = data_dir.resolve()
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file() or not path.resolve().is_relative_to(root):
            continue
        try:
            value = _load_data_file(path)
        except (OSError, ValueError, yaml.YAMLError, csv.Error):
            continue
        if value is None:
            continue
        target = data
        for part in path.relative_to(data_dir).parent.parts:
            target = target.setdefault(part, {})
        target[path.stem] = value
    return data


def _load_data_file(path: Path) -> Any:
    suffix = path.suffix.lower()
    text = path.read_text("utf-8")
    if suffix in (".yml", ".yaml"):
        return yaml.safe_load(text)
    if suffix == ".json":
        return json.loads(text)
    if suffix == ".csv":
        return list(csv.DictReader(text.splitlines()))
    return None


def load_site_config(config_file: Path) -> dict[str, Any]:
    """Jekyll's ``_config.yml`` (safe YAML); nothing when missing or invalid."""
    if not config_file.is_file():
        return {}
    try:
        value = yaml.safe_load(config_file.read_text("utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}
