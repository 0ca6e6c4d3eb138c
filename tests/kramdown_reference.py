"""kramdown itself, run as Jekyll runs it: the reference for the differential tests.

One ``ruby`` process renders a whole batch of documents (JSON on stdin, JSON on
stdout), so hundreds of documents cost one interpreter start.  The options are
Jekyll's: ``input: GFM`` (``kramdown-parser-gfm``), ``hard_wrap: false``, and
``auto_ids: false`` (the extension gives its own automatic ids; comparing them
is not the point of the differential test).  Debian packages: ``ruby-kramdown``
and ``ruby-kramdown-parser-gfm``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import lru_cache

#: Jekyll's kramdown options that matter for the HTML compared here.
JEKYLL_OPTIONS = {"hard_wrap": False, "auto_ids": False}

_SCRIPT = r"""
Encoding.default_external = Encoding::UTF_8
Encoding.default_internal = Encoding::UTF_8
require 'json'
require 'kramdown'
request = JSON.parse(STDIN.read)
options = request.fetch('options').transform_keys(&:to_sym)
require 'kramdown-parser-gfm' if options[:input].to_s.downcase == 'gfm'
results = request.fetch('documents').map do |text|
  begin
    document = Kramdown::Document.new(text, options)
    { 'html' => document.to_html, 'warnings' => document.warnings }
  rescue StandardError => error
    { 'error' => "#{error.class}: #{error.message}" }
  end
end
STDOUT.write(JSON.generate(results))
"""


class KramdownError(RuntimeError):
    """kramdown could not render a document (or could not run at all)."""


@lru_cache(maxsize=1)
def kramdown_available() -> bool:
    """``ruby`` with kramdown and its GFM parser can be loaded."""
    if shutil.which("ruby") is None:
        return False
    try:
        result = subprocess.run(
            ["ruby", "-e", "require 'kramdown'; require 'kramdown-parser-gfm'; require 'json'"],
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def require_kramdown() -> None:
    """Skip the test when kramdown is missing (a failure under ``CI=true``)."""
    from conftest import require

    require(
        kramdown_available(),
        "kramdown (ruby with Debian packages 'ruby-kramdown' and 'ruby-kramdown-parser-gfm')",
    )


def render_kramdown_batch(
    documents: list[str], *, input: str = "GFM", **options
) -> list[dict[str, object]]:
    """kramdown's result for each document: ``{"html", "warnings"}`` or ``{"error"}``."""
    if not documents:
        return []
    request = {
        "options": {"input": input, **JEKYLL_OPTIONS, **options},
        "documents": list(documents),
    }
    try:
        result = subprocess.run(
            ["ruby", "-e", _SCRIPT],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise KramdownError(f"could not run kramdown: {error}") from error
    if result.returncode != 0:
        raise KramdownError(f"kramdown failed: {result.stderr.strip()[:2000]}")
    results = json.loads(result.stdout)
    if len(results) != len(documents):
        raise KramdownError(f"kramdown returned {len(results)} results for {len(documents)}")
    return results


def render_kramdown(documents: list[str], *, input: str = "GFM", **options) -> list[str]:
    """kramdown's HTML for each document, all rendered by one ``ruby`` process.

    ``input`` is kramdown's parser (``GFM`` as Jekyll's default, or ``kramdown``);
    other keyword arguments are kramdown options (``auto_ids=True``…) on top of
    :data:`JEKYLL_OPTIONS`.
    """
    htmls = []
    for index, result in enumerate(render_kramdown_batch(documents, input=input, **options)):
        if "error" in result:
            raise KramdownError(f"document {index}: {result['error']}")
        htmls.append(result["html"])
    return htmls
