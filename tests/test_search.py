"""search.py and the search index's stemmer: bounded words, and Snowball's C stemmers."""

from __future__ import annotations

import re
from importlib import import_module

import pytest
import snowballstemmer
from conftest import ROOT
from jekyll_guide.search import MAX_WORD_LENGTH, bounded_search_language
from sphinx.search.en import SearchEnglish
from sphinx.search.fr import SearchFrench

#: snowballstemmer's pure-Python stemmers, which Sphinx uses without PyStemmer.
PURE_STEMMERS = {
    "french": ("snowballstemmer.french_stemmer", "FrenchStemmer"),
    "english": ("snowballstemmer.english_stemmer", "EnglishStemmer"),
}


def _guide_words() -> set[str]:
    pages = [ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("tests/sites/**/*.md")]
    text = "\n".join(p.read_text("utf-8", errors="replace") for p in pages)
    return {w.lower() for w in re.findall(r"\w+", text)}


def test_the_guide_extra_gives_sphinx_the_c_stemmers():
    """PyStemmer (the `guide` extra) is what snowballstemmer hands Sphinx's index."""
    assert type(snowballstemmer.stemmer("french")).__module__ == "Stemmer"


@pytest.mark.parametrize("algorithm", sorted(PURE_STEMMERS))
def test_the_c_stemmers_stem_the_guide_as_the_python_ones(algorithm):
    """Installing PyStemmer changes how fast the index is built, not what it holds."""
    module, name = PURE_STEMMERS[algorithm]
    pure = getattr(import_module(module), name)()
    fast = snowballstemmer.stemmer(algorithm)
    words = sorted(_guide_words())
    assert len(words) > 1500
    assert [fast.stemWord(w) for w in words] == [pure.stemWord(w) for w in words]


@pytest.mark.parametrize("base", [SearchFrench, SearchEnglish])
def test_words_longer_than_the_bound_are_neither_stemmed_nor_indexed(base):
    language = bounded_search_language(base, base.lang)({})
    long_word = "Développements" * 10
    assert len(long_word) > MAX_WORD_LENGTH
    assert language.split(f"Des {long_word} et des développements.") == [
        "Des",
        "et",
        "des",
        "développements",
    ]
    assert language.stem(long_word) == long_word.lower()  # never handed to the stemmer
    assert language.stem("développements") == base({}).stem("développements")
    assert language.word_filter(language.stem("développements"))
    assert bounded_search_language(language.__class__, base.lang) is language.__class__
