"""Liquid, rendered before Markdown as Jekyll does (python-liquid 2).

python-liquid speaks Shopify Liquid; Jekyll adds tags (``include`` with
unquoted file names and ``key=value`` parameters, ``include_relative``,
``highlight``, ``link``, ``post_url``) and filters (``relative_url``,
``where_exp``, ``group_by``…).  They are registered here on a sandboxed
environment: includes only from ``_includes/``, ``include_relative`` only below
the site folder, loops, output and nesting bounded, and unknown variables
reported instead of silently empty.

An error does not switch Liquid off for the page: the failing tag, output
statement or block is shown as its source text, reported with its line, and
the rest of the page is rendered.  :func:`render_liquid` parses the page,
collecting every error that leaves the page's structure intact (and, when
rendering, the error of each top-level tag), replaces each failing piece by a
tag printing its text, and starts again, at most :data:`MAX_PASSES` times.
As in Jekyll, an unknown filter leaves the value unchanged and an undefined
variable prints nothing; both are reported.

Line numbers survive: every piece of page text written to the output records
where it came from in the source, so each output line knows its source line
(:attr:`LiquidResult.line_map`).  Nothing is inserted into the text, so
whitespace control (``{%-``, ``-%}``) and captured strings behave as in Jekyll.
"""

from __future__ import annotations

import bisect
import contextvars
import csv
import datetime
import functools
import glob
import json
import posixpath
import re
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from liquid import (
    Environment,
    FileSystemLoader,
    Node,
    RenderContext,
    Tag,
    Token,
    TokenStream,
    Undefined,
)
from liquid.builtin.expressions import (
    BooleanExpression,
    FilteredExpression,
    parse_primitive,
    tokenize,
)
from liquid.exceptions import (
    ContextDepthError,
    FilterArgumentError,
    LiquidError,
    LiquidSyntaxError,
    LocalNamespaceLimitError,
    LoopIterationLimitError,
    OutputStreamLimitError,
    TemplateNotFoundError,
)
from liquid.filter import sequence_filter, with_context
from liquid.parser import get_parser
from liquid.token import TOKEN_CONTENT, TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG

from .frontmatter import MAX_YAML_SIZE, SafeLoader, yaml_size_problem
from .limits import expanded_size
from .urls import has_scheme
from .warnings import Problem, WarningKind

#: A page's URL from its path relative to the site folder (``guide/a.md`` →
#: ``/guide/a/`` when it has a permalink), without ``site.baseurl``; ``None``
#: when unknown (the path rule then applies: ``/guide/a.html``).
PageUrlFor = Callable[[str], "str | None"]

#: Pieces of a page shown as text (each reported) before giving up on the page.
MAX_PAGE_ERRORS = 100
#: Times a page is parsed (and rendered) again, a failing piece less each time:
#: parse errors are found together, each render error costs one more pass.
MAX_PASSES = 30

#: Keys Jekyll's configuration always has (configuration.rb DEFAULTS): printing
#: one that ``_config.yml`` leaves out is not a typo.
_SITE_DEFAULTS = {
    "baseurl": None,
    "url": None,
    "permalink": "date",
    "markdown": "kramdown",
    "highlighter": "rouge",
    "encoding": "utf-8",
    "timezone": None,
    "excerpt_separator": "\n\n",
}

_ESCAPE_TAG = "jekyll_source_text"
_ESCAPED = re.compile(r"\{% " + _ESCAPE_TAG + r" (\d+)\s*%\}")

#: What python-liquid's lexer sees as one piece of Liquid (liquid/lex.py):
#: raw and doc blocks, output statements, tags.
_SPAN = re.compile(
    r"(?P<raw>\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\})"
    r"|(?P<doc>\{%-?\s*doc\s*-?%\}.*?\{%-?\s*enddoc\s*-?%\})"
    r"|(?P<output>\{\{.*?\}\})"
    r"|(?P<tag>\{%-?\s*(?P<name>#|\w+).*?%\})",
    re.DOTALL,
)
_RAW_OPEN = re.compile(r"\{%-?\s*(?:raw|doc)\s*-?%\}")
_SPACE = re.compile(r"\s*")

#: Inner tags and the blocks that may hold them.
_INNER_TAGS = {
    "else": "{% if %}, {% unless %}, {% for %} or {% case %}",
    "elsif": "{% if %} or {% unless %}",
    "when": "{% case %}",
    "break": "{% for %}",
    "continue": "{% for %}",
}
_RAW_HINT = "if it is not Liquid, wrap it in {% raw %}…{% endraw %} to show it as is"


@dataclass
class LiquidResult:
    text: str
    #: 1-based output line → 1-based source line (index 0 unused)
    line_map: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    includes: list[Path] = field(default_factory=list)


class JekyllTagError(LiquidSyntaxError):
    """A Liquid error whose message is complete: what is wrong, how to fix it.

    A syntax error for python-liquid, so that it keeps its token when raised
    while parsing (other errors are replaced by a generic one there).
    ``only_tag``: show only the opening tag as text, not its whole block.
    """

    def __init__(self, message: str, *, token: Token | None, only_tag: bool = False):
        super().__init__(message, token=token)
        self.only_tag = only_tag
        self.nesting = 0


@dataclass(frozen=True)
class LiquidLimits:
    """What one page's Liquid may use; each bound is a config value of the extension.

    Jekyll has none of them: there one page can take the machine's memory
    (``append`` doubling a string, a ``times`` squaring a number) or hang the build.
    """

    #: characters a page's Liquid may write (``jekyll_liquid_max_output``)
    output: int = 5_000_000
    #: size of the page's variables together, and of a filter's input or result:
    #: characters of text plus items of lists, expanded (``jekyll_liquid_max_value_size``)
    value_size: int = 1_000_000
    #: iterations of one loop, nested loops multiplied (``jekyll_liquid_max_loop_iterations``)
    loop_iterations: int = 10_000
    #: includes inside includes (``jekyll_liquid_max_include_depth``)
    include_depth: int = 30
    #: seconds of rendering per page (``jekyll_liquid_max_seconds``)
    seconds: float = 10.0


#: The config value that raises each bound (named in every warning about it).
LIMIT_SETTINGS = {
    "output": "jekyll_liquid_max_output",
    "value_size": "jekyll_liquid_max_value_size",
    "loop_iterations": "jekyll_liquid_max_loop_iterations",
    "include_depth": "jekyll_liquid_max_include_depth",
    "seconds": "jekyll_liquid_max_seconds",
}


class LiquidLimitError(LiquidError):
    """A bound of :class:`LiquidLimits` reached; ``limit`` names which."""

    def __init__(self, limit: str, what: str, *, token: Token | None = None):
        super().__init__(what, token=token)
        self.limit = limit
        self.what = what


class LiquidTimeLimitError(LiquidLimitError):
    """The page's time is up: the rest of the page is shown as written."""


def _number(value: float) -> str:
    """1 000 000, as the warnings write numbers."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}".replace(",", " ")


def _limit_reached(env, limit: str) -> str:
    return f"{LIMIT_SETTINGS[limit]} = {_number(getattr(env.limits, limit))}"


# ---- the state of one render_liquid call ---------------------------------------


@dataclass
class _RenderState:
    page: Mapping[str, Any]
    site_dir: Path | None
    page_url_for: PageUrlFor | None
    #: the page text being rendered (with failing pieces replaced)
    source: str = ""
    #: the original text of each failing piece, shown as text
    escaped: list[str] = field(default_factory=list)
    #: id(buffer) → [(output offset, source offset, text)] for tracked buffers
    records: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    #: (kind, name, token, (include tag, file) or None): undefined variables
    #: printed, unknown filters used
    notes: list[tuple[str, str, Token | None, tuple[Token, str] | None]] = field(
        default_factory=list
    )
    included: list[Path] = field(default_factory=list)
    #: (include tag token, file label) of the includes being rendered
    include_stack: list[tuple[Token, str]] = field(default_factory=list)
    limits: LiquidLimits = field(default_factory=LiquidLimits)
    #: time.monotonic() after which rendering stops (jekyll_liquid_max_seconds)
    deadline: float = float("inf")
    #: expanded sizes of the values seen (see :func:`expanded_size`)
    sizes: dict[int, Any] = field(default_factory=dict)

    def restart(self, source: str) -> None:
        self.source = source
        self.records = {}
        self.notes = []
        self.include_stack = []
        self.sizes = {}

    def note(self, kind: str, name: str, token: Token | None) -> None:
        include = None
        if self.include_stack:
            include = (self.include_stack[0][0], self.include_stack[-1][1])
        self.notes.append((kind, name, token, include))


_state: contextvars.ContextVar[_RenderState | None] = contextvars.ContextVar(
    "jekyll_liquid_state", default=None
)
_open_blocks: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "jekyll_liquid_open_blocks", default=()
)
#: While parsing a page: the errors of tags and output statements that do not
#: change the page's structure, collected so that one parse finds them all.
_collected: contextvars.ContextVar[list[LiquidError] | None] = contextvars.ContextVar(
    "jekyll_liquid_collected", default=None
)
#: While rendering a page: the errors of its top-level nodes.
_render_errors: contextvars.ContextVar[list[LiquidError] | None] = contextvars.ContextVar(
    "jekyll_liquid_render_errors", default=None
)


def _record(buffer, offset: int | None, text: str, source: str) -> None:
    """Note that ``text``, from ``offset`` of the page, is written to ``buffer`` now."""
    state = _state.get()
    if state is None or offset is None or source is not state.source:
        return
    records = state.records.get(id(buffer))
    if records is not None:
        records.append((buffer.tell(), offset, text))


class ReportingUndefined(Undefined):
    """Renders as nothing, as Jekyll does, but remembers being printed.

    Testing an undefined value (``{% if page.header_cta %}``) is normal Jekyll
    and stays silent; printing one is most likely a typo.
    """

    __slots__ = ()

    def __str__(self) -> str:
        state = _state.get()
        if state is not None:
            name = (self.hint or self.name).removesuffix(" is undefined")
            if len(name) > 1 and name[0] == name[-1] and name[0] in "'\"":
                name = name[1:-1]
            state.note("undefined", name, self.token)
        return ""


_MISSING = object()


def _unchanged(value: Any, *_args: Any, **_kwargs: Any) -> Any:
    return value


class _JekyllRenderContext(RenderContext):
    """Jekyll's default: an unknown filter leaves the value as is (reported).

    And :class:`LiquidLimits` kept through python-liquid's public hooks: every
    filter call (its input, its predicted and its actual result), every
    variable lookup, assignment and loop checks the page's time; the page's
    variables are measured expanded (:meth:`get_size_of_locals`).
    """

    def filter(self, name: str, token: Token | None):
        if name not in self.env.filters:
            state = _state.get()
            if state is not None:
                state.note("filter", name, token)
            return _unchanged
        function = super().filter(name, token)
        state = _state.get()
        if state is None:
            return function
        env = self.env

        def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
            _check_time(env, state)
            limit = env.limits.value_size
            for item in (value, *args, *kwargs.values()):
                _check_size(env, state, item, f"the input of the filter {name!r}")
            predicted = _predicted_size(name, value, args)
            if predicted == float("inf"):
                raise JekyllTagError(
                    f"the filter {name!r} would make a number of more than "
                    f"{_number(_MAX_NUMBER_DIGITS)} digits, more than Python writes",
                    token=token,
                )
            if predicted > limit:
                raise LiquidLimitError(
                    "value_size",
                    f"the filter {name!r} would make a value of about "
                    f"{_number(int(predicted))} characters or items",
                )
            result = function(value, *args, **kwargs)
            _check_size(env, state, result, f"the result of the filter {name!r}")
            return result

        return bounded

    def get_size_of_locals(self) -> int:
        # python-liquid's documented hook: the default counts only the top level
        # of each value (sys.getsizeof), which misses shared and nested parts.
        if not self.env.local_namespace_limit:
            return 0
        state = _state.get()
        memo = state.sizes if state is not None else {}
        limit = self.env.local_namespace_limit
        total = self.local_namespace_size_carry
        for value in self.locals.values():
            total += expanded_size(value, limit, memo)
            if total > limit:
                break
        return total

    def assign(self, key: str, val: Any) -> None:
        _check_time(self.env, _state.get())
        super().assign(key, val)

    def get(self, path, *, token, **default):
        _check_time(self.env, _state.get())
        return super().get(path, token=token, **default)

    def raise_for_loop_limit(self, length: int = 1) -> None:
        _check_time(self.env, _state.get())
        super().raise_for_loop_limit(length)


def _check_time(env, state: _RenderState | None) -> None:
    if state is not None and time.monotonic() > state.deadline:
        raise LiquidTimeLimitError(
            "seconds", f"rendering took more than {_number(env.limits.seconds)} seconds"
        )


def _check_size(env, state: _RenderState, value: Any, what: str) -> None:
    if isinstance(value, str):
        size = len(value)
    else:
        size = expanded_size(value, env.limits.value_size, state.sizes)
    if size > env.limits.value_size:
        shown = "itself" if size == float("inf") else f"more than {_number(env.limits.value_size)}"
        raise LiquidLimitError(
            "value_size", f"{what} is too large (it contains {shown} characters or items)"
        )


#: Python writes no integer longer than this many digits (sys.get_int_max_str_digits).
_MAX_NUMBER_DIGITS = 4300
_MAX_NUMBER_BITS = int(_MAX_NUMBER_DIGITS * 3.32)


def _number_bits(value: Any) -> float:
    if isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return value.bit_length()
    if isinstance(value, str):
        return len(value.strip()) * 3.33
    return 0


def _predicted_size(name: str, value: Any, args: tuple) -> float:
    """A filter's result size, for the filters whose result can dwarf their input."""
    if name in ("replace", "replace_first", "replace_last") and isinstance(value, str):
        old = "" if not args else str(args[0])
        new = "" if len(args) < 2 else str(args[1])
        if len(new) <= len(old):
            return 0
        count = 1 if name != "replace" else (value.count(old) if old else len(value) + 1)
        return len(value) + count * (len(new) - len(old))
    if name in ("join", "array_to_sentence_string") and hasattr(value, "__len__"):
        separator = str(args[0]) if args else " "
        return len(value) * (len(separator) + 1)
    if name == "split" and isinstance(value, str):
        separator = str(args[0]) if args and args[0] is not None else ""
        return len(value) + (value.count(separator) if separator else len(value)) + 1
    if name == "times" and args:
        bits = _number_bits(value) + _number_bits(args[0])
        return 0 if bits <= _MAX_NUMBER_BITS else float("inf")
    return 0


# ---- page text that keeps its source position ----------------------------------


def _content_offset(token: Token) -> int | None:
    """Where the text of a content token starts in its source (after ``{% raw %}``,
    or after the whitespace a ``-%}`` removed)."""
    source, start, text = token.source, token.start_index, token.value
    if start < 0:
        return None
    if source.startswith(text, start):
        return start
    raw = _RAW_OPEN.match(source, start)
    if raw and source.startswith(text, raw.end()):
        return raw.end()
    after_space = _SPACE.match(source, start).end()
    if source.startswith(text, after_space):
        return after_space
    return None


class _SourceContentNode(Node):
    __slots__ = ("text", "offset")

    def __init__(self, token: Token, text: str):
        super().__init__(token)
        self.blank = not text or text.isspace()
        self.text = text
        self.offset = _content_offset(token)

    def __str__(self) -> str:
        return self.text

    def render_to_output(self, context, buffer) -> int:
        if self.text:
            _record(buffer, self.offset, self.text, self.token.source)
        return buffer.write(self.text)


class _SourceContentTag(Tag):
    """Template text, as python-liquid's, but noting where it is written."""

    name = TOKEN_CONTENT
    block = False

    def parse(self, stream) -> Node:
        token = stream.expect(TOKEN_CONTENT)
        return _SourceContentNode(token, token.value)


class _SourceTextNode(Node):
    __slots__ = ("index",)

    def __init__(self, token: Token, index: int):
        super().__init__(token)
        self.index = index
        self.blank = False

    def render_to_output(self, context, buffer) -> int:
        state = _state.get()
        if state is None or not 0 <= self.index < len(state.escaped):
            return 0
        text = state.escaped[self.index]
        offset = self.token.source.rfind("{%", 0, self.token.start_index)
        _record(buffer, offset, text, self.token.source)
        return buffer.write(text)


class _SourceTextTag(Tag):
    """A piece of the page that failed: shown as its source text."""

    name = _ESCAPE_TAG
    block = False

    def parse(self, stream) -> Node:
        token = stream.current
        index = -1
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
            value = stream.current.value.strip()
            index = int(value) if value.isdigit() else -1
        return _SourceTextNode(token, index)


class _FailedNode(Node):
    """Where a tag failed, in a parse that only collects errors (never rendered)."""

    __slots__ = ()

    def render_to_output(self, context, buffer) -> int:
        return 0


class _LocatedTag(Tag):
    """A registered tag whose errors always point at a place in the page.

    python-liquid reports some errors at "the end of the expression", which
    has no position: they are given the tag's own token.  A block closed by
    the end tag of an enclosing block (``{% if %}{% for %}{% endif %}``) is
    reported as never closed, rather than blaming the ``{% endif %}``.
    """

    def __init__(self, env: Environment, inner: Tag):
        super().__init__(env)
        self.inner = inner
        self.name = inner.name
        self.block = inner.block
        self.end = getattr(inner, "end", "")

    def parse(self, stream) -> Node:
        return self.inner.parse(stream)

    def get_node(self, stream) -> Node:
        token = stream.current
        outer = _open_blocks.get()
        closes = bool(self.block and self.end)
        reset = _open_blocks.set((*outer, self.end)) if closes else None
        try:
            return self.inner.parse(stream)
        except LiquidError as error:
            located = self._located(error, token, stream, outer)
            collected = _collected.get()
            bad = located.token
            structural = self.block or (
                bad is not None
                and bad.kind == TOKEN_TAG
                and bad.value.startswith("end")
                and bad.value in outer
            )
            if collected is None or structural:
                raise located from None
            collected.append(located)  # an inline tag or output: the parse goes on
            return _FailedNode(token)
        finally:
            if reset is not None:
                _open_blocks.reset(reset)

    def _located(self, error: LiquidError, token: Token, stream, outer) -> LiquidError:
        bad = error.token
        nowhere = bad is None or bad.start_index < 0
        if self.block and self.end:
            message = str(getattr(error, "message", "") or "")
            unclosed = (
                nowhere
                and stream.current.kind == TOKEN_EOF
                and (self.end in message or "never closed" in message)
            )
            wrong_end = (
                not nowhere
                and bad.kind == TOKEN_TAG
                and bad.value.startswith("end")
                and bad.value != self.end
                and bad.value in outer
            )
            if unclosed or wrong_end:
                before = f" before {{% {bad.value} %}}" if wrong_end else ""
                return JekyllTagError(
                    f"{{% {self.name} %}} is never closed{before}: add {{% {self.end} %}} "
                    "where its block ends",
                    token=token,
                    only_tag=True,
                )
        if nowhere or bad.source is not token.source:
            error.token = token
        return error


# ---- Jekyll's tags ---------------------------------------------------------------


class IncludesLoader(FileSystemLoader):
    """``_includes/`` only: ``..``, absolute paths and links leaving it are refused."""

    def resolve_path(self, template_name: str) -> Path:
        if "\\" in template_name or ":" in template_name or "\x00" in template_name:
            raise TemplateNotFoundError(template_name)
        try:
            # a leading / is _includes/, as in Jekyll (python-liquid < 2.2 read the
            # absolute path, 2.2 to 2.3.5 refuse it, 2.3.6 strips it)
            path = super().resolve_path(template_name.lstrip("/"))
            resolved = path.resolve()
        except (OSError, TemplateNotFoundError):  # OSError: a name too long for the file system
            raise TemplateNotFoundError(template_name) from None
        # python-liquid < 2.3.6 follows a link out of the search path
        if not any(resolved.is_relative_to(base.resolve()) for base in self.search_path):
            raise TemplateNotFoundError(template_name)
        state = _state.get()
        if state is not None:
            state.included.append(resolved)
        return path


def _line_of(token: Token | None) -> int:
    """The 1-based line of a token in its own source."""
    if token is None or token.start_index < 0 or getattr(token, "source", None) is None:
        return 1
    return token.source.count("\n", 0, token.start_index) + 1


def _message(error: LiquidError) -> str:
    message = getattr(error, "message", None)
    if message is None:
        lines = str(error).splitlines()
        message = lines[0] if lines else type(error).__name__
    return str(message)


def _is_limit(error: BaseException) -> bool:
    """A bound of :class:`LiquidLimits` (python-liquid's own, or ours) was reached."""
    return isinstance(
        _root_cause(error),
        LiquidLimitError
        | OutputStreamLimitError
        | LocalNamespaceLimitError
        | LoopIterationLimitError,
    )


def _in_file(error: LiquidError, token: Token, label: str) -> LiquidError:
    """An error inside an included file, reported at the tag that includes it."""
    if error.token is not None and error.token.source is token.source:
        return error  # about the tag itself (its file name, its parameters)
    if isinstance(error, TemplateNotFoundError):
        wrapped = JekyllTagError(
            f"Liquid include {_message(error)!r} was not found in _includes/ (only files "
            "inside _includes/ can be included)",
            token=token,
        )
    elif isinstance(_root_cause(error), ContextDepthError):
        state = _state.get()
        depth = (state.limits if state is not None else LiquidLimits()).include_depth
        wrapped = JekyllTagError(
            f"includes nested too deeply from here (more than {depth} levels, "
            f"{LIMIT_SETTINGS['include_depth']}): does {label} include itself?",
            token=token,
        )
    elif isinstance(error, JekyllTagError) and error.nesting >= 3:
        wrapped = JekyllTagError(error.message, token=token)
        wrapped.nesting = error.nesting + 1
    else:
        where = label
        if error.token is not None and error.token.start_index >= 0:
            where += f", line {_line_of(error.token)}"
        detail = _message(error)
        wrapped = JekyllTagError(f"in {where}: {detail}", token=token)
        if isinstance(error, JekyllTagError):
            wrapped.nesting = error.nesting + 1
    return wrapped


class JekyllIncludeNode(Node):
    __slots__ = ("template_name", "name_template", "params")

    def __init__(self, token, template_name, name_template, params):
        super().__init__(token)
        self.template_name = template_name
        self.name_template = name_template
        self.params = params
        self.blank = False

    def _name(self, context) -> str:
        if self.name_template is None:
            return self.template_name
        sub_buffer = context.get_buffer()
        self.name_template.render_with_context(context, sub_buffer, partial=True)
        return sub_buffer.getvalue().strip()

    def load(self, context, name: str):
        return context.env.get_template(name, context=context, tag="include"), f"_includes/{name}"

    def render_to_output(self, context, buffer) -> int:
        name = self.template_name
        label = f"_includes/{name}"
        try:
            name = self._name(context)
            label = f"_includes/{name}"
            template, label = self.load(context, name)
            params = {key: value.evaluate(context) for key, value in self.params}
            state = _state.get()
            with context.extend({"include": params}, template=template):
                if state is not None:
                    state.include_stack.append((self.token, label))
                try:
                    template.render_with_context(context, buffer, partial=True)
                finally:
                    if state is not None:
                        state.include_stack.pop()
        except LiquidError as error:
            if _is_limit(error):
                raise  # reported at the page's tag, with the bound to raise
            wrapped = _in_file(error, self.token, label)
            if wrapped is error:
                raise
            raise wrapped from error
        return True

    def expressions(self):
        yield from (value for _, value in self.params)


_PARAM = re.compile(r"""\s*([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s]+)""")
#: A file name with ``{{ }}`` in it (tags/include.rb VARIABLE_SYNTAX).
_INCLUDE_VARIABLE = re.compile(
    r"(?P<variable>[^{]*(?:\{\{\s*[\w\-.]+\s*(?:\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", re.DOTALL
)


class JekyllIncludeTag(Tag):
    """``{% include boxes/x.html key=value other="text" %}`` as Jekyll reads it."""

    name = "include"
    block = False
    node_class = JekyllIncludeNode

    def parse(self, stream) -> Node:
        token = stream.eat(TOKEN_TAG)
        if stream.current.kind != TOKEN_EXPRESSION:
            raise JekyllTagError(
                f"{{% {self.name} %}} needs a file name, as in {{% {self.name} x.html %}}",
                token=token,
            )
        expression = stream.current  # the parser moves past it, as for built-in tags
        source = expression.value.strip()
        lead = expression.value.find(source)
        name_template = None
        variable = _INCLUDE_VARIABLE.match(source)
        if variable:
            first = variable.group("variable").strip()
            try:
                name_template = self.env.from_string(first)
            except LiquidError as error:
                raise JekyllTagError(
                    f"cannot read the file name {first!r} of {{% {self.name} %}}: "
                    f"{_message(error)}",
                    token=token,
                ) from None
            rest_offset = lead + variable.start("params")
            rest = variable.group("params")
        else:
            parts = re.split(r"(\s+)", source, maxsplit=1)
            first = parts[0]
            rest_offset = lead + len(first) + (len(parts[1]) if len(parts) > 1 else 0)
            rest = parts[2] if len(parts) > 2 else ""
        template_name = first.strip("\"'")
        params = []
        position = len(rest) - len(rest.lstrip())
        while position < len(rest):
            match = _PARAM.match(rest, position)
            if not match:
                raise JekyllTagError(
                    f"cannot read {self.name} parameter {rest[position:].strip()!r}: write "
                    'key=value, as in key="text" or key=page.title',
                    token=expression,
                )
            params.append(
                (
                    match.group(1),
                    self._value(match.group(2), expression, rest_offset + match.start(2)),
                )
            )
            position = match.end()
            position += len(rest[position:]) - len(rest[position:].lstrip())
        return self.node_class(token, template_name, name_template, params)

    def _value(self, text: str, parent: Token, offset: int):
        token = Token(TOKEN_EXPRESSION, text, parent.start_index + offset, parent.source)
        return parse_primitive(self.env, TokenStream(tokenize(text, parent_token=token)))


#: Jekyll's include file name rules (tags/include.rb).
_VALID_FILENAME = re.compile(r"^[\w/.\-()+~#@]+$", re.ASCII)
_INVALID_SEQUENCE = re.compile(r"[./]{2,}")


class IncludeRelativeNode(JekyllIncludeNode):
    """The file relative to the page's folder, never outside the site folder."""

    __slots__ = ()

    def load(self, context, name: str):
        state = _state.get()
        env = context.env
        site_dir = _current_site_dir(env)
        page_path = state.page.get("path") if state is not None else None
        folder = posixpath.dirname(page_path) if isinstance(page_path, str) else ""
        tag = f"{{% include_relative {name} %}}"
        if name.startswith("/") or "\\" in name or ":" in name:
            raise JekyllTagError(
                f"{tag}: absolute paths are refused; write the path relative to this page's folder",
                token=self.token,
            )
        if _INVALID_SEQUENCE.search(name) or not _VALID_FILENAME.match(name):
            raise JekyllTagError(
                f"{tag}: invalid file name (Jekyll refuses '..', '//', './' and characters "
                "other than letters, digits and / . - _ ( ) + ~ # @): the file must be in "
                "this page's folder or below",
                token=self.token,
            )
        relative = posixpath.join(folder, name)
        path = _site_file(site_dir, relative)
        if path is None:
            raise JekyllTagError(
                f"{tag}: file {relative!r} not found (include_relative reads files from "
                "this page's folder and below, inside the site folder)",
                token=self.token,
            )
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise JekyllTagError(
                f"{tag}: cannot read {relative!r}: {error}", token=self.token
            ) from None
        if state is not None:
            state.included.append(path)
        try:
            return env.from_string(text, name=relative, path=path), relative
        except LiquidError as error:
            raise _in_file(error, self.token, relative) from error


class IncludeRelativeTag(JekyllIncludeTag):
    """``{% include_relative part.md key=value %}``."""

    name = "include_relative"
    node_class = IncludeRelativeNode


def _site_file(site_dir: Path | None, relative: str) -> Path | None:
    """The file at ``relative`` (posix, from the site folder), if inside it."""
    if site_dir is None or not relative or "\x00" in relative or "\\" in relative:
        return None
    if relative.startswith("/") or ".." in PurePosixPath(relative).parts:
        return None
    try:
        root = site_dir.resolve()
        path = (site_dir / relative).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
    except (OSError, RuntimeError):
        return None
    return path


_HIGHLIGHT_SYNTAX = re.compile(r'^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$')
_HIGHLIGHT_OPTION = re.compile(r'(?:\w="[^"]*"|\w=\w|\w)+')
_LINE_TERMINATORS = "\r\n"


class HighlightNode(Node):
    __slots__ = ("lang", "options", "block", "starts_line", "ends_line", "indent")

    def __init__(self, token, lang, options, block, starts_line, ends_line, indent):
        super().__init__(token)
        self.lang = lang
        self.options = options
        self.block = block
        self.starts_line = starts_line
        self.ends_line = ends_line
        self.indent = indent
        self.blank = False

    def render_to_output(self, context, buffer) -> int:
        state = _state.get()
        body_buffer = context.get_buffer()
        if state is not None:
            state.records[id(body_buffer)] = []
        try:
            self.block.render(context, body_buffer)
        finally:
            body_records = state.records.pop(id(body_buffer), []) if state else []
        body = body_buffer.getvalue()
        # Jekyll drops leading and trailing line terminators, not spaces
        start = len(body) - len(body.lstrip(_LINE_TERMINATORS))
        stop = len(body.rstrip(_LINE_TERMINATORS))
        stop = max(start, stop)
        last_line = body.rfind("\n", start, stop)
        if last_line != -1 and not body[last_line + 1 : stop].strip():
            stop = last_line  # the indentation of {% endhighlight %}
            stop = len(body[:stop].rstrip(_LINE_TERMINATORS))
        code = body[start:stop]
        longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        options = []
        if "linenos" in self.options:
            options.append(":linenos:")
        marked = self.options.get("mark_lines") or self.options.get("hl_lines")
        if isinstance(marked, list) and marked:
            options.append(":emphasize-lines: " + ",".join(marked))
        if options:
            head = f"{fence}{{code-block}} {self.lang}\n"
            head += "".join(f"{self.indent}{option}\n" for option in options)
            head += f"{self.indent}\n"
        else:
            head = f"{fence}{self.lang}\n"
        if not self.starts_line:
            buffer.write("\n")
        offset = self.token.source.rfind("{%", 0, self.token.start_index)
        _record(buffer, offset, "", self.token.source)
        buffer.write(head)
        if state is not None and id(buffer) in state.records:
            target = state.records[id(buffer)]
            base = buffer.tell()
            for out, src, text in body_records:
                first, last = max(out, start), min(out + len(text), stop)
                if first < last:
                    piece = text[first - out : last - out]
                    target.append((base + first - start, src + first - out, piece))
        buffer.write(code)
        buffer.write(f"\n{self.indent}{fence}")
        if not self.ends_line:
            buffer.write("\n")
        return True

    def children(self, static_context, *, include_partials=True):
        yield self.block


class HighlightTag(Tag):
    """``{% highlight lang [linenos] %}…{% endhighlight %}`` → a fenced code block.

    As Jekyll's: the body is rendered as Liquid, its leading and trailing line
    breaks dropped.  With ``linenos`` (or ``mark_lines="1 2"``) it becomes a
    MyST ``{code-block}`` with ``:linenos:`` (``:emphasize-lines:``).
    """

    name = "highlight"
    end = "endhighlight"
    block = True

    def parse(self, stream) -> Node:
        token = stream.eat(TOKEN_TAG)
        markup = ""
        if stream.current.kind == TOKEN_EXPRESSION:
            markup = stream.current.value
            next(stream)
        match = _HIGHLIGHT_SYNTAX.match(markup.strip())
        if not match:
            shown = f"{{% highlight {markup.strip()} %}}" if markup.strip() else "{% highlight %}"
            raise JekyllTagError(
                f"cannot read {shown}: write "
                "{% highlight <lang> %} or {% highlight <lang> linenos %}",
                token=token,
            )
        options: dict[str, Any] = {}
        for option in _HIGHLIGHT_OPTION.findall(match.group(2)):
            key, _, value = option.partition("=")
            options[key] = value.strip('"').split() if '"' in value else (value or True)
        block = get_parser(self.env).parse_block(stream, (self.end,))
        stream.expect(TOKEN_TAG, value=self.end)
        source = token.source
        opening = source.rfind("{%", 0, token.start_index)
        before = source[source.rfind("\n", 0, opening) + 1 : opening]
        closing = source.find("%}", stream.current.start_index)
        after_end = closing + 2 if closing != -1 else len(source)
        line_end = source.find("\n", after_end)
        after = source[after_end : line_end if line_end != -1 else len(source)]
        starts_line = not before.strip()
        return HighlightNode(
            token,
            match.group(1).lower(),
            options,
            block,
            starts_line,
            not after.strip(),
            before if starts_line else "",
        )


def _current_site_dir(env) -> Path | None:
    """The site folder of the page being rendered, else the environment's."""
    state = _state.get()
    return (state.site_dir if state else None) or env.site_dir


def _write_url(env, buffer, path: str) -> int:
    """A site file's URL (its permalink, or Jekyll's rule) with ``site.baseurl``."""
    state = _state.get()
    page_url_for = (state.page_url_for if state else None) or env.page_url_for
    url = _url_for_path(env.site, path, page_url_for)
    return buffer.write(relative_url(env.site, url) or "")


class _PathNode(Node):
    """A tag whose argument is a path, possibly with ``{{ }}`` in it."""

    __slots__ = ("markup", "template")

    def __init__(self, token, markup, template):
        super().__init__(token)
        self.markup = markup
        self.template = template
        self.blank = False

    def argument(self, context) -> str:
        if self.template is None:
            return self.markup
        sub_buffer = context.get_buffer()
        try:
            self.template.render_with_context(context, sub_buffer, partial=True)
        except LiquidError as error:
            raise JekyllTagError(
                f"cannot read {{% {self.token.value} {self.markup} %}}: {_message(error)}",
                token=self.token,
            ) from None
        return sub_buffer.getvalue().strip()


class _PathTag(Tag):
    block = False
    node_class: type[_PathNode]
    example = ""

    def parse(self, stream) -> Node:
        token = stream.eat(TOKEN_TAG)
        if stream.current.kind != TOKEN_EXPRESSION:
            raise JekyllTagError(
                f"{{% {self.name} %}} needs an argument, as in {{% {self.name} {self.example} %}}",
                token=token,
            )
        markup = stream.current.value.strip()
        template = None
        if has_liquid(markup):
            try:
                template = self.env.from_string(markup)
            except LiquidError as error:
                raise JekyllTagError(
                    f"cannot read {{% {self.name} {markup} %}}: {_message(error)}", token=token
                ) from None
        return self.node_class(token, markup, template)


class LinkNode(_PathNode):
    __slots__ = ()

    def render_to_output(self, context, buffer) -> int:
        env = context.env
        relative = self.argument(context)
        path = relative.lstrip("/")
        if _site_file(_current_site_dir(env), path) is None:
            raise JekyllTagError(
                f"could not find page {relative!r} for {{% link %}}: no such file in the site "
                "folder; write its path from the site folder, as in {% link guide/page.md %}",
                token=self.token,
            )
        return _write_url(env, buffer, path)


class LinkTag(_PathTag):
    """``{% link guide/page.md %}`` → the page's URL, with ``site.baseurl``."""

    name = "link"
    node_class = LinkNode
    example = "guide/page.md"


_POST_NAME = re.compile(r"^(.+/)*(\d+-\d+-\d+)-(.*)$")
_POST_PATH = re.compile(r"^(?:(.*/)?_posts/(?:.*/)?)(\d+-\d+-\d+)-(.+)\.[^./]+$")


def _post_date(text: str) -> datetime.date | None:
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return datetime.date(year, month, day)
    except ValueError:
        return None


class PostUrlNode(_PathNode):
    __slots__ = ()

    def render_to_output(self, context, buffer) -> int:
        env = context.env
        name = self.argument(context)
        tag = f"{{% post_url {name} %}}"
        match = _POST_NAME.match(name.lstrip("/"))
        date = _post_date(match.group(2)) if match else None
        if not match or date is None:
            raise JekyllTagError(
                f"cannot read the post name in {tag}: write the post's file name without "
                "extension, as in {% post_url 2010-07-21-name %}",
                token=self.token,
            )
        folder, day, slug = match.group(1) or "", match.group(2), match.group(3)
        found = _find_post(_current_site_dir(env), folder, day, slug)
        if found is None:
            where = f"_posts/{folder}{day}-{slug}.*"
            if folder:
                where += f" nor {folder}_posts/{day}-{slug}.*"
            raise JekyllTagError(
                f"could not find post {name!r} for {tag}: no {where} in the site folder; "
                "write the post's file name without extension",
                token=self.token,
            )
        return _write_url(env, buffer, found)


class PostUrlTag(_PathTag):
    """``{% post_url 2010-07-21-name %}`` → ``/2010/07/21/name.html``."""

    name = "post_url"
    node_class = PostUrlNode
    example = "2010-07-21-name"


def _find_post(site_dir: Path | None, folder: str, day: str, slug: str) -> str | None:
    """The post's path from the site folder, as Jekyll's post_url finds it."""
    if site_dir is None or "/" in slug or "\\" in folder + slug or "\x00" in folder + slug:
        return None
    if folder.startswith("/") or ".." in PurePosixPath(folder).parts:
        return None
    stem = f"{day}-{slug}"
    name = glob.escape(stem) + ".*"
    for pattern in (f"_posts/{glob.escape(folder)}{name}", f"{glob.escape(folder)}_posts/{name}"):
        try:
            paths = sorted(site_dir.glob(pattern))
        except (OSError, ValueError):
            return None
        for path in paths:
            relative = path.relative_to(site_dir).as_posix()
            if "." not in path.name[len(stem) + 1 :] and _site_file(site_dir, relative):
                return relative
    return None


_PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def _post_url(site: Mapping[str, Any], categories: list[str], date: datetime.date, slug: str):
    """A post's URL from Jekyll's ``permalink`` style (``date`` by default)."""
    style = str(site.get("permalink") or "date")
    template = _PERMALINK_STYLES.get(style, style)
    values = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "i_month": str(date.month),
        "i_day": str(date.day),
        "short_year": date.strftime("%y"),
        "y_day": date.strftime("%j"),
        "week": date.strftime("%V"),
        "short_day": date.strftime("%a"),
        "long_day": date.strftime("%A"),
        "short_month": date.strftime("%b"),
        "long_month": date.strftime("%B"),
        "title": slug,
        "slug": slug,
        "name": slug,
        "categories": "/".join(category.lower() for category in categories),
        "output_ext": ".html",
    }
    url = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), template)
    return "/" + re.sub(r"/{2,}", "/", url).lstrip("/")


def _url_for_path(site: Mapping[str, Any], path: str, page_url_for: PageUrlFor | None) -> str:
    """The URL of a site file (without baseurl): its permalink, or Jekyll's rules."""
    if page_url_for is not None:
        url = page_url_for(path)
        if isinstance(url, str) and url:
            return url
    post = _POST_PATH.match(path)
    if post:
        date = _post_date(post.group(2))
        if date is not None:
            categories = [part for part in (post.group(1) or "").split("/") if part]
            return _post_url(site, categories, date, post.group(3))
    stem, extension = posixpath.splitext(path)
    if extension.lower() in (".md", ".markdown"):
        path = stem + ".html"
    return "/" + path


# ---- the environment -----------------------------------------------------------------


class JekyllEnvironment(Environment):
    """Shopify Liquid plus Jekyll's tags and filters, with limits.

    ``site_dir``: the site source folder (``include_relative``, ``link`` and
    ``post_url`` read files there, never outside it); by default the parent of
    ``includes_dir`` when that is an ``_includes`` folder, else none (those
    tags then find nothing).
    ``page_url_for``: see :data:`PageUrlFor` (``render_liquid`` may pass its own).
    """

    keyword_assignment = True

    def __init__(
        self,
        includes_dir: Path,
        site: dict[str, Any],
        *,
        site_dir: Path | None = None,
        page_url_for: PageUrlFor | None = None,
        limits: LiquidLimits | None = None,
    ):
        super().__init__(
            loader=IncludesLoader(includes_dir), undefined=ReportingUndefined, strict_filters=True
        )
        self.limits = limits = limits or LiquidLimits()
        # python-liquid's own bounds (checked by its render context)
        self.loop_iteration_limit = limits.loop_iterations
        self.output_stream_limit = limits.output
        self.context_depth_limit = limits.include_depth
        self.local_namespace_limit = limits.value_size
        self.site = site
        if site_dir is None and Path(includes_dir).name == "_includes":
            site_dir = Path(includes_dir).parent
        self.site_dir = Path(site_dir) if site_dir is not None else None
        self.page_url_for = page_url_for
        for tag in (
            _SourceContentTag,
            _SourceTextTag,
            JekyllIncludeTag,
            IncludeRelativeTag,
            HighlightTag,
            LinkTag,
            PostUrlTag,
        ):
            self.add_tag(tag)
        for name, function in jekyll_filters(self).items():
            self.add_filter(name, function)

    def add_tag(self, tag: type[Tag]) -> None:
        super().add_tag(tag)
        self.tags[tag.name] = _LocatedTag(self, self.tags[tag.name])

    def error(self, exc, msg=None, token=None) -> None:
        # python-liquid passes the top-level node being parsed or rendered:
        # the place in the page of an error raised in another file.
        # While rendering a page, the error of one of its top-level nodes is
        # collected and the page goes on with the next node.
        if isinstance(exc, LiquidError) and token is not None:
            state = _state.get()
            if state is not None and getattr(token, "source", None) is state.source:
                exc.page_token = token
                collected = _render_errors.get()
                if collected is not None and not _stops_the_page(exc):
                    collected.append(exc)
                    return
        super().error(exc, msg, token)


def _stops_the_page(error: BaseException) -> bool:
    """Errors after which the page's next nodes cannot render (output full, time up)."""
    return isinstance(_root_cause(error), OutputStreamLimitError | LiquidTimeLimitError)


# ---- Jekyll's filters (lib/jekyll/filters.rb, filters/*.rb) -------------------------


def _is_nil(value: Any) -> bool:
    return value is None or isinstance(value, Undefined)


def _ruby_inspect(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if _is_nil(value):
        return "nil"
    if isinstance(value, Mapping):
        items = ", ".join(f"{_ruby_inspect(k)}=>{_ruby_inspect(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_ruby_inspect(item) for item in value) + "]"
    return _ruby_to_s(value)


def _ruby_to_s(value: Any) -> str:
    """``value.to_s`` in Ruby (``nil`` → "", ``true`` → "true")."""
    if _is_nil(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple | Mapping):
        return _ruby_inspect(value)
    return str(value)


def _text(value: Any) -> str:
    return _ruby_to_s(value)


#: Addressable's character classes (addressable/uri.rb).
_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_SUB_DELIMS = "!$&'()*+,;="
_PCHAR = _UNRESERVED + _SUB_DELIMS + ":@"
_QUERY = _UNRESERVED + "!$'()*+,=:@/?"
_FRAGMENT = _PCHAR + "/?"
_RESERVED = ":/?#[]@" + _SUB_DELIMS
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")


def _normalize_component(text: str, allowed: str, leave_encoded: str = "") -> str:
    """Addressable::URI.normalize_component: encode what is not ``allowed``,
    decode escapes of what is (except ``leave_encoded``), upper-case the rest."""
    out = []
    index = 0
    while index < len(text):
        char = text[index]
        escape = _PERCENT.match(text, index) if char == "%" else None
        if escape:
            decoded = chr(int(escape.group(1), 16))
            if decoded in allowed and decoded not in leave_encoded:
                out.append(decoded)
            else:
                out.append("%" + escape.group(1).upper())
            index += 3
            continue
        if char in allowed:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
        index += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986, 5.2.4."""
    output: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../"):
            path = path[3:]
            if output:
                output.pop()
        elif path == "/..":
            path = "/"
            if output:
                output.pop()
        elif path in (".", ".."):
            path = ""
        else:
            start = 1 if path.startswith("/") else 0
            end = path.find("/", start)
            end = len(path) if end == -1 else end
            output.append(path[:end])
            path = path[end:]
    return "".join(output)


_URI = re.compile(
    r"^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$",
    re.DOTALL,
)
_DEFAULT_PORTS = {"http": "80", "https": "443", "ftp": "21"}


def _normalize_url(url: str) -> str:
    """Addressable::URI.parse(url).normalize.to_s, for the URLs Jekyll builds."""
    match = _URI.match(url)
    if not match:
        return url
    scheme, authority, path, query, fragment = match.groups()
    result = ""
    if scheme:
        scheme = scheme.lower()
        result += scheme + ":"
    if authority is not None:
        userinfo, at, hostport = authority.rpartition("@")
        host, colon, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
        if colon and (not port or _DEFAULT_PORTS.get(scheme or "") == port):
            colon, port = "", ""
        result += "//" + userinfo + at + host.lower() + colon + port
    path = "/".join(_normalize_component(part, _PCHAR) for part in path.strip().split("/"))
    path = _remove_dot_segments(path)
    if authority is not None and not path and scheme in ("http", "https"):
        path = "/"
    result += path
    if query is not None:
        result += "?" + "&".join(
            _normalize_component(pair, _QUERY, "+") for pair in query.split("&")
        )
    if fragment is not None:
        result += "#" + _normalize_component(fragment, _FRAGMENT)
    return result


def _url_input(value: Any) -> str | None:
    if _is_nil(value):
        return None
    if isinstance(value, Mapping) and isinstance(value.get("url"), str):
        return value["url"]  # a page or post, as Jekyll's drops
    return _ruby_to_s(value)


def relative_url(site: Mapping[str, Any], value: Any) -> str | None:
    """Jekyll's ``relative_url``: ``site.baseurl`` + the path, normalized."""
    text = _url_input(value)
    if text is None:
        return None
    if has_scheme(text):  # Addressable's absolute?
        return text
    baseurl = site.get("baseurl")
    baseurl = "" if baseurl is None else _ruby_to_s(baseurl).removesuffix("/")
    parts = [part if not part or part.startswith("/") else "/" + part for part in (baseurl, text)]
    return _normalize_url("".join(parts))


def absolute_url(site: Mapping[str, Any], value: Any) -> str | None:
    """Jekyll's ``absolute_url``: ``site.url`` + ``relative_url``."""
    text = _url_input(value)
    if text is None:
        return None
    if has_scheme(text):  # Addressable's absolute?
        return text
    site_url = site.get("url")
    if site_url is None or site_url == "":
        return relative_url(site, text)
    return _normalize_url(_ruby_to_s(site_url) + (relative_url(site, text) or ""))


_INTEGER_LIKE = re.compile(r"\A\s*-?\d+\s*\Z")
_FLOAT_LIKE = re.compile(r"\A\s*-?(?:\d+\.?\d*|\.\d+)\s*\Z")


def _sort_input(value: Any) -> Any:
    """Jekyll's parse_sort_input: numbers written as text become numbers."""
    text = _ruby_to_s(value) if not isinstance(value, list | tuple | Mapping) else ""
    if text and _INTEGER_LIKE.match(text):
        return int(text)
    if text and _FLOAT_LIKE.match(text):
        return float(text)
    return value


def _item_property(item: Any, prop: Any) -> Any:
    """``item[property]``, ``a.b`` reading nested values, as Jekyll's item_property."""
    name = _ruby_to_s(prop)
    value: Any = item
    for key in name.split(".") if "." in name else [name]:
        if isinstance(value, Mapping) and not isinstance(value, Undefined):
            value = value.get(key)
        else:
            value = None
            break
    return _sort_input(value)


def _as_list(value: Any) -> list | None:
    """What ``respond_to?(:select)`` accepts: arrays, and hashes' values."""
    if isinstance(value, Undefined):
        return None
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, list | tuple):
        return list(value)
    return None


def _matches(prop: Any, target: Any) -> bool:
    """Jekyll's compare_property_vs_target."""
    if _is_nil(target):
        return _is_nil(prop)
    target = _ruby_to_s(target)
    if isinstance(prop, str):
        return prop == target
    if _is_nil(prop):
        props: list = []
    elif isinstance(prop, list | tuple):
        props = list(prop)
    elif isinstance(prop, Mapping):
        props = [[k, v] for k, v in prop.items()]
    else:
        props = [prop]
    return any(_ruby_to_s(each) == target for each in props)


def _ruby_compare(a: Any, b: Any) -> int:
    """``a <=> b || a.to_s <=> b.to_s``."""
    numbers = int | float
    comparable = (
        (isinstance(a, numbers) and isinstance(b, numbers))
        or (isinstance(a, str) and isinstance(b, str))
        or (type(a) is type(b) and isinstance(a, datetime.date))
    )
    if comparable and not isinstance(a, bool) and not isinstance(b, bool):
        return (a > b) - (a < b)
    left, right = _ruby_to_s(a), _ruby_to_s(b)
    return (left > right) - (left < right)


def _expression_stream(expression: str) -> TokenStream:
    token = Token(TOKEN_EXPRESSION, expression, 0, expression)
    return TokenStream(tokenize(expression, parent_token=token))


@functools.lru_cache(maxsize=256)
def _condition(env: Environment, expression: str):
    return BooleanExpression.parse(env, _expression_stream(expression))


@functools.lru_cache(maxsize=256)
def _filtered(env: Environment, expression: str):
    return FilteredExpression.parse(env, _expression_stream(expression))


def _parsed(parse, env, expression: Any, name: str):
    try:
        return parse(env, _ruby_to_s(expression))
    except LiquidError as error:
        raise FilterArgumentError(
            f"{name}: cannot read the expression {_ruby_to_s(expression)!r}: {_message(error)}",
            token=None,
        ) from None


_CJK = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_WORD = re.compile(f"[^{_CJK}\\s]+")
_RUBY_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def _reported(function):
    """Errors of a filter become Liquid errors at the filter (never a crash)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (LiquidError, TypeError):
            raise
        except (ValueError, KeyError, AttributeError, IndexError, OverflowError) as error:
            raise FilterArgumentError(f"{function.__name__}: {error}", token=None) from None

    return wrapper


def jekyll_filters(env: JekyllEnvironment | dict[str, Any]) -> dict[str, Any]:
    """Jekyll's filters; ``env`` is the environment (its ``site`` read at each call)."""

    def site() -> Mapping[str, Any]:
        return env.site if isinstance(env, JekyllEnvironment) else env

    def where(items: Any, prop: Any = None, value: Any = None) -> Any:
        if _is_nil(prop) or isinstance(value, list | tuple | Mapping):
            return items
        values = _as_list(items)
        if values is None:
            return items
        return [item for item in values if _matches(_item_property(item, prop), value)]

    def find(items: Any, prop: Any = None, value: Any = None) -> Any:
        if _is_nil(prop) or isinstance(value, list | tuple | Mapping):
            return items
        values = _as_list(items)
        if values is None:
            return items
        return next((i for i in values if _matches(_item_property(i, prop), value)), None)

    @with_context
    def where_exp(items: Any, variable: Any, expression: Any, *, context: RenderContext):
        values = _as_list(items)
        if values is None:
            return items
        condition = _parsed(_condition, context.env, expression, "where_exp")
        selected = []
        for item in values:
            with context.extend({_ruby_to_s(variable): item}):
                if condition.evaluate(context):
                    selected.append(item)
        return selected

    @with_context
    def find_exp(items: Any, variable: Any, expression: Any, *, context: RenderContext):
        values = _as_list(items)
        if values is None:
            return items
        condition = _parsed(_condition, context.env, expression, "find_exp")
        for item in values:
            with context.extend({_ruby_to_s(variable): item}):
                if condition.evaluate(context):
                    return item
        return None

    def _grouped(groups: dict[str, list]) -> list[dict[str, Any]]:
        return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]

    def group_by(items: Any, prop: Any) -> Any:
        values = _as_list(items)
        if values is None:
            return items
        groups: dict[str, list] = {}
        for item in values:
            groups.setdefault(_ruby_to_s(_item_property(item, prop)), []).append(item)
        return _grouped(groups)

    @with_context
    def group_by_exp(items: Any, variable: Any, expression: Any, *, context: RenderContext):
        values = _as_list(items)
        if values is None:
            return items
        parsed = _parsed(_filtered, context.env, expression, "group_by_exp")
        groups: dict[str, list] = {}
        for item in values:
            with context.extend({_ruby_to_s(variable): item}):
                key = _ruby_to_s(parsed.evaluate(context))
            groups.setdefault(key, []).append(item)
        return _grouped(groups)

    def sort(items: Any, prop: Any = None, nils: Any = "first") -> Any:
        if _is_nil(items):
            raise FilterArgumentError("sort: cannot sort a null object", token=None)
        values = _as_list(items)
        if values is None:
            values = list(items) if isinstance(items, str | range) else [items]
        if _is_nil(prop):
            return sorted(values, key=functools.cmp_to_key(_ruby_compare))
        if nils not in ("first", "last"):
            raise FilterArgumentError(
                f"sort: invalid nils order {nils!r}: it must be 'first' or 'last'", token=None
            )
        order = -1 if nils == "first" else 1

        def compare(a, b) -> int:
            a_key, b_key = a[0], b[0]
            if not _is_nil(a_key) and _is_nil(b_key):
                return -order
            if _is_nil(a_key) and not _is_nil(b_key):
                return order
            return _ruby_compare(a_key, b_key)

        keyed = [(_item_property(item, prop), item) for item in values]
        return [item for _, item in sorted(keyed, key=functools.cmp_to_key(compare))]

    def slugify(value: Any, mode: Any = None) -> Any:
        if _is_nil(value):
            return None
        text = _ruby_to_s(value)
        mode = "default" if _is_nil(mode) else _ruby_to_s(mode)
        if mode not in ("raw", "default", "pretty", "ascii", "latin"):
            return text.lower()
        if mode == "latin":
            decomposed = unicodedata.normalize("NFKD", text)
            text = "".join(
                c if c.isascii() else "?" for c in decomposed if not unicodedata.combining(c)
            )
        if mode == "raw":
            slug = _RUBY_SPACE.sub("-", text)
        else:
            slug = re.sub(r"-+", "-", "".join(_slug_char(c, mode) for c in text))
        return re.sub(r"^-|-$", "", slug).lower()

    def xml_escape(value: Any) -> str:
        text = _text(value)
        for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            text = text.replace(char, entity)
        return text.replace('"', "&quot;").replace("'", "&apos;")

    def cgi_escape(value: Any) -> str:
        out = []
        for char in _text(value):
            if char in _UNRESERVED:
                out.append(char)
            elif char == " ":
                out.append("+")
            else:
                out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
        return "".join(out)

    def uri_escape(value: Any) -> str:
        return _normalize_component(_text(value), _RESERVED + _UNRESERVED)

    def number_of_words(value: Any, mode: Any = None) -> int:
        text = _text(value)
        if mode == "cjk":
            return len(_CJK_CHAR.findall(text)) + len(_CJK_WORD.findall(text))
        if mode == "auto":
            cjk = len(_CJK_CHAR.findall(text))
            if cjk:
                return cjk + len(_CJK_WORD.findall(text))
        return len([word for word in _RUBY_SPACE.split(text) if word])

    def normalize_whitespace(value: Any) -> str:
        return _RUBY_SPACE.sub(" ", _text(value)).strip(" \x00")

    def jsonify(value: Any) -> str:
        return json.dumps(
            _as_json(value), ensure_ascii=False, separators=(",", ":"), default=_ruby_to_s
        )

    def _date(value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.datetime.fromisoformat(str(value))
        except ValueError:
            return None

    def date_to_string(value: Any) -> str:
        date = _date(value)
        return date.strftime("%d %b %Y") if date else _text(value)

    def date_to_long_string(value: Any) -> str:
        date = _date(value)
        return date.strftime("%d %B %Y") if date else _text(value)

    def date_to_xmlschema(value: Any) -> str:
        date = _date(value)
        return date.isoformat() if date else _text(value)

    def array_to_sentence_string(items: Any, connector: Any = "and") -> str:
        words = [_ruby_to_s(item) for item in (_as_list(items) or [])]
        connector = _ruby_to_s(connector)
        if len(words) < 2:
            return "".join(words)
        if len(words) == 2:
            return f"{words[0]} {connector} {words[1]}"
        return f"{', '.join(words[:-1])}, {connector} {words[-1]}"

    def to_integer(value: Any) -> int:
        if value is True or value is False:
            return int(value)
        if isinstance(value, int | float):
            return int(value)
        match = re.match(r"\s*[-+]?\d+", _text(value).replace("_", ""))
        return int(match.group(0)) if match else 0

    def strip_index(value: Any) -> Any:
        text = _text(value)
        return re.sub(r"/index\.html?$", "/", text) if text else None

    def push(items: Any, item: Any) -> Any:
        return [*items, item] if isinstance(items, list | tuple) else items

    def unshift(items: Any, item: Any) -> Any:
        return [item, *items] if isinstance(items, list | tuple) else items

    def pop(items: Any, count: Any = 1) -> Any:
        if not isinstance(items, list | tuple):
            return items
        count = max(to_integer(count), 0)
        return list(items)[: len(items) - count] if count else list(items)

    def shift(items: Any, count: Any = 1) -> Any:
        if not isinstance(items, list | tuple):
            return items
        return list(items)[max(to_integer(count), 0) :]

    @sequence_filter
    def uniq(sequence: list, key: Any = None) -> list:
        # python-liquid's uniq compares each item with all the others (list.index):
        # 65 000 items took minutes.  Ruby's uniq (which Jekyll runs) hashes.
        seen: set = set()
        unhashable: list = []
        result = []
        for item in sequence:
            value = item
            if key is not None:
                try:
                    value = item[key]
                except KeyError:
                    value = _MISSING
                except TypeError as error:
                    raise FilterArgumentError(
                        f"can't read property '{key}' of {item}", token=None
                    ) from error
            try:
                if value in seen:
                    continue
                seen.add(value)
            except TypeError:  # a mapping or a list: compared one by one, as before
                if value in unhashable:
                    continue
                unhashable.append(value)
            result.append(item)
        return result

    filters = {
        "relative_url": lambda value: relative_url(site(), value),
        "absolute_url": lambda value: absolute_url(site(), value),
        "where": where,
        "where_exp": where_exp,
        "uniq": uniq,
        "find": find,
        "find_exp": find_exp,
        "group_by": group_by,
        "group_by_exp": group_by_exp,
        "sort": sort,
        "slugify": slugify,
        "markdownify": _text,  # the page is Markdown already
        "smartify": _text,
        "jsonify": jsonify,
        "xml_escape": xml_escape,
        "cgi_escape": cgi_escape,
        "uri_escape": uri_escape,
        "number_of_words": number_of_words,
        "normalize_whitespace": normalize_whitespace,
        "date_to_string": date_to_string,
        "date_to_long_string": date_to_long_string,
        "date_to_xmlschema": date_to_xmlschema,
        "array_to_sentence_string": array_to_sentence_string,
        "to_integer": to_integer,
        "strip_index": strip_index,
        "push": push,
        "pop": pop,
        "shift": shift,
        "unshift": unshift,
    }
    wrapped = {}
    for name, function in filters.items():
        reported = _reported(function)
        if getattr(function, "with_context", False):
            reported = with_context(reported)
        wrapped[name] = reported
    return wrapped


def _slug_char(char: str, mode: str) -> str:
    """Jekyll's slugify: what each mode keeps (utils.rb SLUGIFY_*_REGEXP)."""
    if mode == "ascii" or mode == "latin":
        keep = char.isascii() and char.isalnum()
    else:
        category = unicodedata.category(char)
        keep = category[0] in "LM" or category == "Nd"
        if mode == "pretty":
            keep = keep or char in "._~!$&'()+,;=@"
    return char if keep else "-"


def _as_json(value: Any) -> Any:
    if _is_nil(value):
        return None
    if isinstance(value, Mapping):
        return {k if isinstance(k, str) else _ruby_to_s(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return str(value)
    return value


# ---- rendering a page --------------------------------------------------------------


def has_liquid(text: str) -> bool:
    return "{{" in text or "{%" in text


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    name: str


def _spans(source: str) -> list[_Span]:
    return [
        _Span(m.start(), m.end(), m.lastgroup if m.lastgroup != "name" else "tag", m["name"] or "")
        for m in _SPAN.finditer(source)
    ]


def _failing_piece(
    source: str, error: LiquidError, env: Environment, spans: list[_Span]
) -> tuple[int, int, int, int] | None:
    """(start, end, line, end of the first tag) of the page text to show as text."""
    token = error.token
    if token is None or token.start_index < 0 or token.source is not source:
        token = getattr(error, "page_token", None)
    if token is None or token.start_index < 0 or token.source is not source:
        return None
    index = token.start_index
    line = source.count("\n", 0, index) + 1
    span = next((s for s in spans if s.start <= index < s.end), None)
    if span is None:
        if source.startswith(("{{", "{%"), index):
            return index, index + 2, line, index + 2  # an opening never closed
        return None
    if (
        type(error) is LiquidSyntaxError
        and span.kind in ("output", "tag")
        and ("{{" in source[span.start + 2 : span.end] or "{%" in source[span.start + 2 : span.end])
    ):
        # "{{ text {{ real }}": only the first opening is not Liquid
        line = source.count("\n", 0, span.start) + 1
        return span.start, span.start + 2, line, span.start + 2
    end = span.end
    tag = env.tags.get(span.name) if span.kind == "tag" else None
    if tag is not None and tag.block and tag.end and not getattr(error, "only_tag", False):
        depth = 1
        for later in spans:
            if later.start < span.end or later.kind != "tag":
                continue
            if later.name == span.name:
                depth += 1
            elif later.name == tag.end:
                depth -= 1
                if depth == 0:
                    end = later.end
                    break
    return span.start, end, line, span.end


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


def _describe(error: LiquidError, piece: str, env: JekyllEnvironment) -> str:
    """What is wrong, and how to fix it."""
    shown = "; it is shown as text"
    if isinstance(error, JekyllTagError):
        return error.message + shown
    if isinstance(error, TemplateNotFoundError):
        return (
            f"Liquid include {_message(error)!r} was not found in _includes/ (only files inside "
            "_includes/ can be included)" + shown
        )
    cause = _root_cause(error)
    if isinstance(cause, LoopIterationLimitError):
        return (
            f"Liquid loop limit reached in {_snippet(piece)} (at most "
            f"{env.limits.loop_iterations} iterations, nested loops multiplied; "
            f"{LIMIT_SETTINGS['loop_iterations']}): loop over less" + shown
        )
    if isinstance(cause, ContextDepthError):
        return (
            f"includes nested too deeply in {_snippet(piece)} (more than "
            f"{env.limits.include_depth} levels, {LIMIT_SETTINGS['include_depth']}): does a "
            "file include itself?" + shown
        )
    if isinstance(cause, LiquidLimitError):
        after = (
            ": the page from here on is shown as written"
            if isinstance(cause, LiquidTimeLimitError)
            else shown
        )
        return (
            f"Liquid limit reached in {_snippet(piece)}: {cause.what} "
            f"({_limit_reached(env, cause.limit)}; raise it in conf.py if the page needs "
            "more)" + after
        )
    if isinstance(cause, LocalNamespaceLimitError):
        return (
            f"Liquid limit reached in {_snippet(piece)}: the page's variables hold more than "
            f"{_number(env.limits.value_size)} characters or items "
            f"({_limit_reached(env, 'value_size')}; raise it in conf.py if the page needs "
            "more)" + shown
        )
    if isinstance(cause, OutputStreamLimitError):
        return (
            f"Liquid limit reached in {_snippet(piece)}: the page's output passed "
            f"{_number(env.limits.output)} characters "
            f"({_limit_reached(env, 'output')}; raise it in conf.py if the page needs "
            "more)" + shown
        )
    message = _message(error)
    never_closed = re.fullmatch(r"(\w+) tag was never closed", message)
    if never_closed:
        name = never_closed.group(1)
        return f"{{% {name} %}} is never closed: add {{% end{name} %}} where its block ends" + (
            shown
        )
    unexpected = re.fullmatch(r"unexpected tag '(.+)'", message)
    if unexpected:
        name = unexpected.group(1)
        if name == "raw":
            return "{% raw %} is never closed: add {% endraw %} where the raw text ends" + shown
        if name in _INNER_TAGS:
            return f"{{% {name} %}} is only allowed inside {_INNER_TAGS[name]}" + shown
        if name.startswith("end"):
            return (
                f"{{% {name} %}} closes no open {{% {name[3:]} %}}: remove it, or add the "
                f"missing {{% {name[3:]} … %}}" + shown
            )
        return (
            f"unknown Liquid tag {{% {name} %}}: Jekyll has no such tag (check its spelling); "
            + _RAW_HINT
            + shown
        )
    if piece.startswith(("{{", "{%")) and len(piece) == 2:
        closing = "}}" if piece == "{{" else "%}"
        return f"{piece} is never closed by {closing}: close it, or {_RAW_HINT}" + shown
    if isinstance(error, LiquidSyntaxError):
        return f"Liquid cannot read {_snippet(piece)}: {message}; fix it, or {_RAW_HINT}" + shown
    return f"Liquid error in {_snippet(piece)}: {message}" + shown


def _root_cause(error: BaseException) -> BaseException:
    for _ in range(100):
        if error.__cause__ is None or error.__cause__ is error:
            break
        error = error.__cause__
    return error


def _line_map(output: str, records: list[tuple[int, int, str]], source: str) -> list[int]:
    """1-based output line → source line, from where each page text was written."""
    count = output.count("\n") + 1
    mapping = [0] * (count + 1)
    newlines = [match.start() for match in re.finditer("\n", source)]
    position, line = 0, 1
    for out, src, text in records:
        line += output.count("\n", position, out)
        position = out
        src_line = bisect.bisect_left(newlines, src) + 1
        if line <= count and not mapping[line]:
            mapping[line] = src_line
        for offset in range(1, text.count("\n") + 1):
            if line + offset <= count:
                mapping[line + offset] = src_line + offset
        line += text.count("\n")
        position = out + len(text)
    last = 1
    for number in range(1, count + 1):
        if mapping[number]:
            last = mapping[number]
        else:
            mapping[number] = last
    mapping.append(last)
    return mapping


def render_liquid(
    text: str,
    environment: JekyllEnvironment,
    page: Mapping[str, Any],
    *,
    page_url_for: PageUrlFor | None = None,
) -> LiquidResult:
    """Render ``text`` (a page body) with ``site`` and ``page``, as Jekyll does.

    ``page["path"]`` (relative to the site folder) places ``include_relative``.
    Each failing piece of Liquid is shown as text and reported; only when the
    page cannot be rendered at all (output too large, an internal error) is
    the text returned as is.
    """
    identity = list(range(text.count("\n") + 2))
    if not has_liquid(text):
        return LiquidResult(text, identity)
    page = _page_variables(page)
    state = _RenderState(
        page=page,
        site_dir=environment.site_dir,
        page_url_for=page_url_for,
        limits=environment.limits,
    )
    state_token = _state.set(state)
    problems: list[Problem] = []
    source = text
    # One time budget for the page.  Once spent, one more (half as long again,
    # for the machine's ups and downs) to render what came before the piece
    # that spent it: the rest is shown as written.
    deadline = time.monotonic() + environment.limits.seconds
    budget_renewed = False
    try:
        for _ in range(MAX_PASSES):
            state.restart(source)
            state.deadline = deadline
            try:
                errors: list[LiquidError] = []
                collect = _collected.set(errors)
                try:
                    template = environment.from_string(source)
                except LiquidError as error:
                    errors.append(error)
                finally:
                    _collected.reset(collect)
                if not errors:
                    variables = {"site": {**_SITE_DEFAULTS, **environment.site}, "page": page}
                    context = _JekyllRenderContext(
                        template, globals=template.make_globals(variables)
                    )
                    buffer = context.get_buffer()
                    state.records[id(buffer)] = []
                    collect = _render_errors.set(errors)
                    try:
                        template.render_with_context(context, buffer)
                    except LiquidError as error:
                        errors.append(error)
                    finally:
                        _render_errors.reset(collect)
                    if not errors:
                        break
            except (
                RecursionError,
                OSError,
                TypeError,
                ValueError,
                KeyError,
                AttributeError,
                IndexError,
            ) as error:  # a bug of a tag or filter: the page, and a warning saying so
                return _unrendered(text, identity, problems, state, error)
            if any(isinstance(_root_cause(e), LiquidTimeLimitError) for e in errors):
                if budget_renewed:
                    return _unrendered(text, identity, problems, state, errors[-1])
                budget_renewed = True
                deadline = time.monotonic() + 1.5 * environment.limits.seconds
            source, failed = _show_as_text(source, errors, environment, state, problems)
            if failed is not None:
                return _unrendered(text, identity, problems, state, failed)
        else:
            return _unrendered(text, identity, problems, state, None)
        output = buffer.getvalue()
        result = LiquidResult(
            output,
            _line_map(output, state.records.get(id(buffer), []), source),
            problems,
            list(dict.fromkeys(state.included)),
        )
        result.problems.extend(_noted_problems(state, source))
        result.problems.sort(key=lambda problem: problem.line)
        return result
    finally:
        _state.reset(state_token)


def _page_variables(page: Mapping[str, Any]) -> Mapping[str, Any]:
    """The page, with Jekyll's ``page.name`` and ``page.dir`` from its path and URL."""
    path = page.get("path")
    if not isinstance(path, str) or ("name" in page and "dir" in page):
        return page
    url = page.get("url") if isinstance(page.get("url"), str) else "/" + path
    folder = url if url.endswith("/") else posixpath.dirname(url)
    folder = folder if folder.endswith("/") else folder + "/"
    return {"name": posixpath.basename(path), "dir": folder, **page}


def _show_as_text(
    source: str,
    errors: list[LiquidError],
    env: JekyllEnvironment,
    state: _RenderState,
    problems: list[Problem],
) -> tuple[str, LiquidError | None]:
    """Replace the piece of each error by its text; the error that has no piece."""

    def unescaped(text: str) -> str:
        return _ESCAPED.sub(lambda m: state.escaped[int(m[1])], text)

    spans = _spans(source)
    pieces = []
    for error in errors:
        if error.token is None and isinstance(error.__cause__, LiquidError):
            error = error.__cause__  # python-liquid's "unexpected liquid parsing error"
        piece = _failing_piece(source, error, env, spans)
        if piece is not None and isinstance(_root_cause(error), LiquidTimeLimitError):
            piece = (piece[0], len(source), piece[2], piece[3])  # the rest of the page
        if piece is None or len(problems) + len(pieces) >= MAX_PAGE_ERRORS:
            return source, error
        pieces.append((piece, error))
    kept: list[tuple[tuple[int, int, int, int], LiquidError]] = []
    for piece, error in sorted(pieces, key=lambda item: (item[0][0], -item[0][1])):
        if kept and piece[0] < kept[-1][0][1]:
            continue  # inside a piece already shown as text
        kept.append((piece, error))
    for (start, end, line, head_end), error in reversed(kept):
        original = unescaped(source[start:end])
        message = _describe(error, unescaped(source[start:head_end]), env)
        problems.append(Problem(WarningKind.LIQUID, message, line))
        state.escaped.append(original)
        replacement = f"{{% {_ESCAPE_TAG} {len(state.escaped) - 1}"
        replacement += "\n" * original.count("\n") + " %}"
        source = source[:start] + replacement + source[end:]
    return source, None


def _noted_problems(state: _RenderState, source: str) -> list[Problem]:
    """Undefined variables printed and unknown filters, once per name and line."""
    problems = []
    seen = set()
    for kind, name, token, include in state.notes:
        where = ""
        if include is not None:
            token, label = include
            where = f" in {label} (included here)"
        line = _line_of(token) if token is not None and token.source is source else 1
        if (kind, name, line, where) in seen:
            continue
        seen.add((kind, name, line, where))
        if kind == "undefined":
            problem = Problem(
                WarningKind.LIQUID_UNDEFINED,
                f"Liquid variable {name!r} is not defined{where} (it renders as nothing): "
                "check its spelling, _config.yml or the front matter",
                line,
            )
        else:
            problem = Problem(
                WarningKind.LIQUID_FILTER,
                f"unknown Liquid filter {name!r}{where}: Jekyll ignores it (the value is shown "
                "unfiltered); check its spelling, or it comes from a Jekyll plugin",
                line,
            )
        problems.append(problem)
    return problems


def _unrendered(text, identity, problems, state, error) -> LiquidResult:
    """The page without Liquid: what could not be rendered at all."""
    if error is None:
        message, line = f"still failing after {MAX_PASSES} attempts", 1
    elif isinstance(error, LiquidError):
        message = _message(error)
        token = error.token if error.token is not None else getattr(error, "page_token", None)
        line = _line_of(token) if token is not None and token.source is state.source else 1
    else:
        message, line = f"{type(error).__name__}: {error}", 1
    if len(problems) >= MAX_PAGE_ERRORS:
        message = f"more than {MAX_PAGE_ERRORS} Liquid errors (then: {message})"
    problems = [
        *problems,
        Problem(
            WarningKind.LIQUID, f"Liquid error: {message}; the page is shown without Liquid", line
        ),
    ]
    return LiquidResult(text, identity, problems, list(dict.fromkeys(state.included)))


# ---- site data -------------------------------------------------------------------------


def load_site_data(
    data_dir: Path,
    *,
    max_yaml_size: int = MAX_YAML_SIZE,
    problems: list[tuple[Path, str]] | None = None,
) -> dict[str, Any]:
    """``site.data``: every ``.yml``/``.yaml``/``.json``/``.csv`` under ``_data/``.

    Links leading out of ``_data/`` are not followed.  A file that cannot be
    read, or is larger than ``max_yaml_size`` expanded, is left out (noted in
    ``problems`` as ``(path, why)``).
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
        except (OSError, ValueError, yaml.YAMLError, csv.Error, RecursionError):
            continue
        if value is None:
            continue
        too_large = yaml_size_problem(value, max_yaml_size)
        if too_large:
            if problems is not None:
                problems.append((path, f"site data file {too_large}; site.data leaves it out"))
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
        return yaml.load(text, Loader=SafeLoader)
    if suffix == ".json":
        return json.loads(text)
    if suffix == ".csv":
        return list(csv.DictReader(text.splitlines()))
    return None


def load_site_config(
    config_file: Path,
    *,
    max_yaml_size: int = MAX_YAML_SIZE,
    problems: list[tuple[Path, str]] | None = None,
) -> dict[str, Any]:
    """Jekyll's ``_config.yml`` (safe YAML); nothing when missing, invalid or too large."""
    if not config_file.is_file():
        return {}
    try:
        value = yaml.load(config_file.read_text("utf-8"), Loader=SafeLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return {}
    too_large = yaml_size_problem(value, max_yaml_size)
    if too_large:
        if problems is not None:
            problems.append((config_file, f"_config.yml {too_large}; its values are not used"))
        return {}
    return value if isinstance(value, dict) else {}
