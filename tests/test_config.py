"""Config values are declared once and documented by the guide itself."""

from __future__ import annotations

from jekyll_guide.config import CONFIG_VALUES, DEFAULT_CLASS_MAP


def test_every_config_value_is_documented_in_the_authoring_page(guide_html):
    soup = guide_html.html("docs/rediger")
    text = soup.select_one("article").get_text()
    for value in CONFIG_VALUES:
        assert value.name in text
        assert value.doc.split("``")[0].strip()[:30] in text
    for cls in DEFAULT_CLASS_MAP:
        assert f".{cls}" in text


def test_config_values_have_types_and_docs():
    for value in CONFIG_VALUES:
        assert value.name.startswith("jekyll_")
        assert isinstance(value.default, value.types)
        assert len(value.doc) > 40
