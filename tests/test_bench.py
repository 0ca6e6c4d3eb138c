"""The benchmark runs (tiny N), so it cannot rot. No timing is asserted."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


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
    for figure in (
        "1. Full HTML build",
        "2. Scaling",
        "3. One page changed",
        "4. -j 2",
        "6. Peak memory",
    ):
        assert figure in table


def test_generated_pages_use_the_real_format():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import run

    page = run.generate_page(4, 10, jekyll=True)
    assert page.startswith("---\ntitle: Expertise numéro 4")
    assert "{: .font-primary .my-5 #section-0}" in page
    assert '{:target="_blank"}' in page and "{{ site.title }}" in page
    assert "/expertises/page-5.html#section-1" in page and '<div class="text-center my-5">' in page
    assert 1300 < len(page.split()) < 2000
    plain = run.generate_page(4, 10, jekyll=False)
    assert (
        "{:" not in plain and "{{" not in plain and "{#p4-section-0 .font-primary .my-5}" in plain
    )
