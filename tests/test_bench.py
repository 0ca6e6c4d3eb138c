"""The benchmark runs (tiny N), so it cannot rot. No timing is asserted.

MkDocs-Material and Jekyll are measured when they are installed (``make bench``
installs the ``bench`` extra; Jekyll is the Debian package); otherwise their
columns must be skipped with the reason.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import run  # noqa: E402

HAS_MKDOCS = all(importlib.util.find_spec(name) for name in ("mkdocs", "material"))
HAS_JEKYLL = shutil.which("jekyll") is not None


def _rows(table: str, size: int) -> dict[str, list[str]]:
    """The rows of the size's table: label → cells."""
    section = table.split(f"### N = {size} ", 1)[1].split("\n### ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("| ") and not line.startswith("| Build"):
            rows[cells[0].split(" (")[0]] = cells[1:]
    return rows


def test_benchmark_runs_on_a_tiny_project(tmp_path):
    output = tmp_path / "results.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--sizes",
            "3",
            "6",
            "--runs",
            "1",
            "--no-pdf",
            "--output",
            str(output),
            "--work",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    table = output.read_text("utf-8")
    expected = [
        "Guide",
        "Plain MyST",
        "Guide -j 2",
        "Plain MyST -j 2",
        "Guide -j 2, jekyll_parallel_read_per_process",
    ]
    for tool, available, label, target in (
        ("mkdocs", HAS_MKDOCS, "MkDocs-Material", "Guide faster than MkDocs-Material"),
        ("jekyll", HAS_JEKYLL, "Jekyll", "Stretch: guide faster than Jekyll"),
    ):
        if available:
            expected.append(label)
            assert f"Skipped: {tool}" not in table
        else:  # the column is left out, with the reason, and so is its target
            assert f"Skipped: {tool}, " in table and f"{tool}: skipped, " in result.stdout
            assert f"{target}: not measured (" in table
    for size in (3, 6):
        rows = _rows(table, size)
        assert list(rows) == expected
        for label, cells in rows.items():
            seconds, pages_per_s, cpu, rss, html, *ratios = cells
            assert float(seconds) > 0 and float(pages_per_s) > 0, label
            assert re.fullmatch(r"\d+ MB", rss) and re.fullmatch(r"\d+\.\d KB", html), label
            assert float(html.split()[0]) > 1, label  # the page was written
            assert len(ratios) == 4  # time, CPU, RSS, HTML ÷ the guide's
        assert rows["Guide"][5:] == ["1.00"] * 4
    for figure in (
        "### Targets (issue #15), at N = 6",
        "Extension overhead ≤ 5 % over plain MyST: **",
        "-j 2 speed-up at least plain MyST's: **",
        "Peak RSS ≤ 1.2× plain MyST's: **",
        "Guide HTML per page at N=6 ≤ 1.25× N=3: **",
        "| 6 | read |",
        "One page changed, N=6",
        "Scaling: time(N=6) / time(N=3)",
        "-j 2 read phase with jekyll_parallel_read_per_process, N=6",
    ):
        assert figure in table, figure
    if HAS_MKDOCS:
        assert "Guide faster than MkDocs-Material (time ratio < 1.0): **" in table
        line = next(x for x in table.splitlines() if "faster than MkDocs-Material" in x)
        assert "— -j 2 " in line and "serial " in line and "with jekyll_parallel_read" in line
    if HAS_JEKYLL:
        assert "Stretch: guide faster than Jekyll with its all-pages sidebar: **" in table


def test_a_missing_tool_is_skipped_with_its_reason():
    assert "no_such_module_xyz not installed" in run.mkdocs_problem(("no_such_module_xyz",))
    assert "`/nonexistent/jekyll` not found" in run.jekyll_problem("/nonexistent/jekyll")
    one_round = {
        "total": 2.0,
        "cpu": 2.0,
        "rss_mb": 80.0,
        "html_kb": 30.0,
        "read": 1.0,
        "load": 0.5,
    }
    builds = {
        name: {**one_round, "rounds": [one_round]}
        for name in ("guide", "plain", "guide-j2", "plain-j2")
    }
    skipped = {"mkdocs": "mkdocs not installed", "jekyll": "`jekyll` not found"}
    lines = "\n".join(run.target_lines({10: builds}, skipped, quick=False))
    assert "MkDocs-Material: not measured (mkdocs not installed)" in lines
    assert "Jekyll: not measured (`jekyll` not found)" in lines
    assert "overhead ≤ 5 % over plain MyST: **met** — +0.0%" in lines


def test_generated_pages_use_the_real_format():
    page = run.generate_page(4, 10, "jekyll", "Expertises web")
    assert page.startswith("---\ntitle: Expertise numéro 4")
    assert "{: .font-primary .my-5 #section-0}" in page
    assert '{:target="_blank"}' in page and "{{ site.title }}" in page
    assert "/expertises/page-5.html#section-1" in page and '<div class="text-center my-5">' in page
    assert 1300 < len(page.split()) < 2000
    plain = run.generate_page(4, 10, "myst", "Expertises web")
    assert "{:" not in plain and "{{" not in plain
    assert "{#p4-section-0 .font-primary .my-5}" in plain
    assert "Sur Expertises web," in plain and "(#p5-section-1)" in plain
    mkdocs = run.generate_page(4, 10, "mkdocs", "Expertises web")
    assert "## Partie 0 de la page {: .font-primary .my-5 #section-0 }" in mkdocs
    assert "{{" not in mkdocs and '{:target="_blank"}' in mkdocs and "\n{: .lead}\n" in mkdocs
    assert "(page-5.md#section-1)" in mkdocs and "permalink" not in mkdocs


def test_the_guide_and_jekyll_get_the_same_pages(tmp_path):
    run.generate_sphinx(tmp_path / "guide", 3, guide=True)
    run.generate_sphinx(tmp_path / "plain", 3, guide=False)
    run.generate_jekyll(tmp_path / "jekyll", 3)
    run.generate_mkdocs(tmp_path / "mkdocs", 3)
    for index in range(3):
        name = f"expertises/page-{index}.md"
        assert (tmp_path / "guide" / "docs" / name).read_bytes() == (
            tmp_path / "jekyll" / name
        ).read_bytes()
    # the guide's own configuration, run as it is; plain MyST's is the same without it
    assert str(ROOT / "conf.py") in (tmp_path / "guide" / "conf.py").read_text("utf-8")
    assert 'name != "jekyll_guide"' in (tmp_path / "plain" / "conf.py").read_text("utf-8")
    assert (tmp_path / "guide" / "_templates" / "jekyll" / "expertises.html").is_file()
    layout = (tmp_path / "jekyll" / "_layouts" / "expertises.html").read_text("utf-8")
    assert (
        '{% assign pages = site.pages | where: "layout", "expertises" %}'
        '{% for p in pages %}<a href="{{ p.url | relative_url }}">{{ p.title }}</a>{% endfor %}'
    ) in layout
    assert "- search" in (tmp_path / "mkdocs" / "mkdocs.yml").read_text("utf-8")


def _hunks(patch: str) -> list[tuple[str, str]]:
    """(text before, text after) of each hunk of a unified diff."""
    hunks, before, after = [], None, None
    for line in patch.splitlines(keepends=True):
        if line.startswith("@@"):
            if before is not None:
                hunks.append(("".join(before), "".join(after)))
            before, after = [], []
        elif before is not None and line[:1] in (" ", "-", "+"):
            if line[0] != "+":
                before.append(line[1:])
            if line[0] != "-":
                after.append(line[1:])
    if before is not None:
        hunks.append(("".join(before), "".join(after)))
    return hunks


@pytest.mark.parametrize("patch", sorted((ROOT / "benchmarks" / "upstream").glob("*.patch")))
def test_the_upstream_patches_apply_to_the_installed_versions(patch):
    """benchmarks/upstream/*.patch: each hunk's context is in the installed module
    (so the patch applies as measured), and the patched module compiles."""
    text = patch.read_text("utf-8")
    (path,) = re.findall(r"^\+\+\+ b/(\S+)$", text, flags=re.MULTILINE)
    package = importlib.util.find_spec(path.split("/")[0])
    installed = Path(package.origin).parent.parent / path
    source = installed.read_text("utf-8")
    hunks = _hunks(text)
    assert hunks
    for before, after in hunks:
        assert source.count(before) == 1, f"{patch.name} no longer applies to {installed}"
        source = source.replace(before, after)
    compile(source, str(installed), "exec")
