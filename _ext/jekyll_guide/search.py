"""The search index, bounded: no page can stall it with one endless word.

Sphinx stems every word of a page for its search index, and the Snowball
stemmers take time quadratic in a word's length: a page whose Liquid writes a
3 MB run of letters (well inside ``jekyll_liquid_max_output``) kept the French
stemmer busy for hours.  No language has words of :data:`MAX_WORD_LENGTH`
letters, so longer ones are left out of the index (the page shows them).
``app.add_search_language`` is Sphinx's public hook for a search language.

The bound is applied in ``split``, once per text node, not in ``word_filter``,
which Sphinx calls up to three times per word: in a ``-j 2`` build the index is
fed in the main process, on the critical path (an override of ``word_filter``
cost 18 % of the feed with PyStemmer).  Words that bypass ``split`` (a page's
meta keywords) are still never stemmed.
"""

from __future__ import annotations

from importlib import import_module

from sphinx.search import SearchEnglish, SearchLanguage, languages

MAX_WORD_LENGTH = 100


def _language_class(code: str) -> type[SearchLanguage] | None:
    found = languages.get(code)
    if found is None and "_" in code:
        found = languages.get(code.partition("_")[0])
    if isinstance(found, str):
        module, name = found.rsplit(".", 1)
        found = getattr(import_module(module), name)
    return found


def bounded_search_language(base: type[SearchLanguage], code: str) -> type[SearchLanguage]:
    """``base`` that neither indexes nor stems words longer than MAX_WORD_LENGTH."""
    if getattr(base, "jekyll_bounded", False):
        return base

    class BoundedSearchLanguage(base):  # type: ignore[misc, valid-type]
        lang = code
        jekyll_bounded = True

        def split(self, input: str) -> list[str]:
            return [word for word in super().split(input) if len(word) <= MAX_WORD_LENGTH]

        def stem(self, word: str) -> str:
            if len(word) > MAX_WORD_LENGTH:
                return word.lower()
            return super().stem(word)

    BoundedSearchLanguage.__name__ = f"Bounded{base.__name__}"
    return BoundedSearchLanguage


def bound_search_language(app) -> None:
    if getattr(app.builder, "search", False) is False:
        return
    code = app.config.html_search_language or app.config.language or "en"
    base = _language_class(code) or SearchEnglish
    app.add_search_language(bounded_search_language(base, code))


def setup_search(app) -> None:
    app.connect("builder-inited", bound_search_language)
