"""The seed page in a real browser (headless Chromium through Playwright)."""

from __future__ import annotations

import pytest
from conftest import require_chromium

SEED = "docs/expertises/developpeur-back-end.html"
IN_PAGE = ["differences", "presentation", "etapes", "mission", "profil"]


@pytest.fixture(scope="module")
def page(guide_html):
    chromium = require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        # no smooth scrolling (pydata-sphinx-theme < 0.17 turns it on unless the
        # reader asks for reduced motion): an in-page link lands at once
        page = browser.new_page(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
        page.goto((guide_html.outdir / SEED).as_uri())
        yield page
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("anchor", IN_PAGE)
def test_in_page_links_scroll_to_their_heading(page, anchor):
    page.evaluate("window.scrollTo(0, 0)")
    page.click(f'article a[href="#{anchor}"]')
    page.wait_for_function(f"location.hash === '#{anchor}'")
    page.wait_for_timeout(300)
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    height = page.evaluate("window.innerHeight")
    assert 0 <= top < height / 2, (anchor, top)


@pytest.mark.browser
def test_h5_text_primary_headings_are_styled_and_the_paragraph_is_not(page, guide_html):
    styles = page.evaluate(
        """() => {
        const h = [...document.querySelectorAll('article h3.h5.text-primary')];
        const css = e => getComputedStyle(e);
        const p = h[0].parentElement.querySelector('p');
        const probe = document.createElement('span');
        probe.style.color = getComputedStyle(document.documentElement)
            .getPropertyValue('--pst-color-primary');
        document.body.appendChild(probe);
        const primary = getComputedStyle(probe).color;
        const h2 = document.querySelector('article h2');
        return {count: h.length, colors: h.map(e => css(e).color),
                sizes: h.map(e => css(e).fontSize),
                primary, pColor: css(p).color, pSize: css(p).fontSize,
                h2Size: css(h2).fontSize, rem: css(document.documentElement).fontSize};
    }"""
    )
    assert styles["count"] == 3
    assert set(styles["colors"]) == {styles["primary"]}
    assert styles["pColor"] != styles["primary"]
    # Bootstrap's .h5 is 1.25rem, smaller than the h2s around it
    rem = float(styles["rem"].rstrip("px"))
    assert {float(s.rstrip("px")) for s in styles["sizes"]} == {1.25 * rem}
    assert float(styles["h2Size"].rstrip("px")) > 1.25 * rem
    assert styles["pSize"] != styles["sizes"][0]
    page.evaluate("document.getElementById('differences').scrollIntoView()")
    shot = guide_html.outdir.parent / "seed.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
@pytest.mark.parametrize("query", ["développements", "serveurs"])  # not in the page as such
def test_search_finds_the_seed_page_by_another_form_of_its_words(page, guide_html, query):
    """The index is stemmed in Python (PyStemmer's C stemmers) and the query in
    JavaScript (Sphinx's french-stemmer.js): both must give the same stems."""
    page.goto((guide_html.outdir / "search.html").as_uri() + f"?q={query}")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    assert any(href.split("?")[0].endswith(SEED) for href in hrefs), (query, hrefs[:5])
    page.goto((guide_html.outdir / SEED).as_uri())
