"""The extension's own words, in the language of the project (``language``).

Whatever the extension itself writes into the output — the redirect pages,
the default call to action, the option table of ``jekyll-config-reference``,
the labels of the layout sidebar — is written in English in the code, marked
with :data:`_`, and translated through Sphinx's message catalogs: the
``jekyll_guide`` catalog of ``locale/<language>/LC_MESSAGES/`` (French today),
chosen by ``language`` as Sphinx chooses its own.  A language with no catalog
gets English.

``_`` is Sphinx's :func:`~sphinx.locale.get_translation`: called during a
build it returns the translated text; called before the catalog is loaded
(at import time, or outside a build) it returns a lazy string, translated when
it is turned into text.  Templates get the same function as
``jekyll_gettext`` in their context: ``{{ jekyll_gettext("Contact us") | e }}``
(Sphinx's ``_`` in templates is Sphinx's own catalog).

Warnings and other logged messages stay in English and are not translated:
they are for the author of the site, name configuration keys and front matter
as written, and are what one searches for.

After changing a marked string, run ``python tools/compile_catalogs.py``
(extracts the strings into ``locale/jekyll_guide.pot``, merges them into each
``.po``, compiles the ``.mo``), then translate the new entries of the ``.po``
and run it again; ``tests/test_i18n.py`` fails until then.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

#: The catalog's name: ``jekyll_guide.pot``, ``.po``, ``.mo``.
MESSAGE_CATALOG = "jekyll_guide"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: What templates call to translate with the extension's catalog.
TEMPLATE_GETTEXT = "jekyll_gettext"

_ = get_translation(MESSAGE_CATALOG)


def html_lang(config) -> str:
    """The ``lang`` attribute of an HTML page for ``language`` (as Sphinx's templates)."""
    return str(config.language or "en").replace("_", "-")


def add_template_gettext(app, pagename, templatename, context, doctree) -> None:
    context[TEMPLATE_GETTEXT] = _


def setup_i18n(app) -> None:
    """Load the catalog for ``language``; give templates ``jekyll_gettext``."""
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    app.connect("html-page-context", add_template_gettext)
