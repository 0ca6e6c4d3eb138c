"""Benchmark: what the extension costs, and how the guide scales.

Generates N synthetic expertise pages in the real format (front matter, block
and span attribute lists, Liquid, a raw HTML block, links by permalink, about
1 500 words), in the guide's structure (home, section index, pages), and the
same pages rewritten for plain MyST (``{#id .class}`` attributes, Liquid already
rendered, links to files).  Each build runs in its own process; the variants
are built in interleaved rounds and compared round by round.

    python benchmarks/run.py                      # N = 100 (7 rounds) and 1 000 (3)
    python benchmarks/run.py --sizes 10 --runs 1 --no-pdf --quick   # smoke test

Results: a Markdown table on stdout and in ``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMER = Path(__file__).resolve().parent / "timer_ext.py"
WORDS = (
    "le développeur conçoit une application web robuste avec une équipe agile qui livre "
    "des fonctionnalités testées chaque semaine pour le client et ses utilisateurs finaux"
).split()

CONF_COMMON = """
import sys
sys.path.insert(0, {bench!r})
language = "fr"
html_theme = "pydata_sphinx_theme"
root_doc = "index"
exclude_patterns = ["_build"]
html_theme_options = {{"navigation_with_keys": False}}
"""
CONF_JEKYLL = (
    CONF_COMMON
    + """
sys.path.insert(0, {ext!r})
extensions = ["jekyll_guide", "timer_ext"]
jekyll_site = {{"title": "Expertises", "url": "https://www.exemple.fr"}}
jekyll_layouts = {{"expertises": "page.html"}}
"""
)
CONF_MYST = (
    CONF_COMMON
    + """
extensions = ["myst_parser", "sphinx_design", "timer_ext"]
myst_enable_extensions = ["attrs_block", "attrs_inline"]
myst_title_to_header = True
# a static sidebar on the expertise pages: pydata's section navigation would
# list all N pages on every page (O(N^2) in the write phase), where the
# extension's layout sidebar is rendered once per build.  Both builds render
# pydata's sidebar column; only the extension's lists the N pages.
templates_path = ["_templates"]
html_sidebars = {{"expertises/page-*": ["bench-nav.html"]}}
"""
)
PLAIN_SIDEBAR = '<nav class="bd-docs-nav"><p class="bd-links__title">Expertises</p></nav>\n'


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate_page(index: int, total: int, jekyll: bool) -> str:
    """One page, in the Jekyll format or in plain MyST."""
    rng = random.Random(index)
    other = (index + 1) % total
    lines = ["---", f"title: Expertise numéro {index}", f'summary: "Résumé de la page {index}."']
    if jekyll:
        lines += ["layout: expertises", f'permalink: "/expertises/page-{index}.html"']
    lines += ["---", ""]
    sections = 10
    for section in range(sections):
        # plain MyST makes ids project-wide labels: they must differ between pages
        anchor = f"section-{section}" if jekyll else f"p{index}-section-{section}"
        if jekyll:
            lines += [f"## Partie {section} de la page", f"{{: .font-primary .my-5 #{anchor}}}", ""]
        else:
            lines += [f"{{#{anchor} .font-primary .my-5}}", f"## Partie {section} de la page", ""]
        for paragraph in range(2):
            text = _sentence(rng, 70)
            if paragraph == 0:
                site = "{{ site.title }}" if jekyll else "Expertises"
                link = (
                    f'[lien externe](https://example.org/{index}){{:target="_blank"}}'
                    if jekyll
                    else f'[lien externe](https://example.org/{index}){{target="_blank"}}'
                )
                text += f" Sur {site}, voir le {link}."
            if paragraph == 1 and section == 0:
                target = (
                    f"[page voisine](/expertises/page-{other}.html#section-1)"
                    if jekyll
                    else f"[page voisine](page-{other}.md#p{other}-section-1)"
                )
                text += f" Voir aussi la {target}."
            if jekyll:
                lines += [text, "{: .lead}" if paragraph == 0 else "{: .text-muted}", ""]
            else:
                lines += ["{.lead}" if paragraph == 0 else "{.text-muted}", text, ""]
    lines += [
        '<div class="text-center my-5">',
        f'  <a class="btn btn-outline-primary" href="https://example.org/{index}">Contact</a>',
        "</div>",
        "",
    ]
    return "\n".join(lines)


def generate_project(folder: Path, pages: int, jekyll: bool) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "expertises").mkdir(parents=True)
    conf = (CONF_JEKYLL if jekyll else CONF_MYST).format(
        bench=str(TIMER.parent), ext=str(ROOT / "_ext")
    )
    (folder / "conf.py").write_text(conf, "utf-8")
    if not jekyll:
        (folder / "_templates").mkdir()
        (folder / "_templates" / "bench-nav.html").write_text(PLAIN_SIDEBAR, "utf-8")
    # the guide's own structure: home page -> section index -> pages.  A flat
    # root toctree of N pages would make pydata's header navbar list all of them
    # on every page (O(N^2), the theme's cost, not the extension's).
    (folder / "index.md").write_text(
        "---\ntitle: Accueil\n---\n\n```{toctree}\n:maxdepth: 1\n\nexpertises/index\n```\n",
        "utf-8",
    )
    section = (
        "```{page-toctree}\n:maxdepth: 1\n```\n"
        if jekyll
        else "```{toctree}\n:glob:\n:maxdepth: 1\n\n*\n```\n"
    )
    (folder / "expertises" / "index.md").write_text(
        f"---\ntitle: Expertises\n---\n\n{section}", "utf-8"
    )
    for index in range(pages):
        (folder / "expertises" / f"page-{index}.md").write_text(
            generate_page(index, pages, jekyll), "utf-8"
        )


def run_build(source: Path, out: Path, *extra: str, environ: dict | None = None) -> dict:
    """One sphinx-build in its own process: phase times, CPU time and peak memory."""
    timing = out.parent / f"timing-{out.name}.json"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        "html",
        "-d",
        str(out.parent / f"doctrees-{out.name}"),
        *extra,
        str(source),
        str(out),
    ]
    env = dict(os.environ, JEKYLL_BENCH_TIMING=str(timing), **(environ or {}))
    log = out.parent / f"log-{out.name}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with open(log, "wb") as stderr:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
    total = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"build failed: {log.read_text('utf-8', 'replace')[-2000:]}")
    warnings = [
        line for line in log.read_text("utf-8", "replace").splitlines() if "WARNING" in line
    ]
    if warnings:
        raise RuntimeError(f"{len(warnings)} warnings in {source.name}, first: {warnings[0]}")
    phases = json.loads(timing.read_text())
    return {
        "total": total,
        # the build process and the parallel workers it waited for
        "cpu": usage.ru_utime + usage.ru_stime,
        # interpreter start, imports and the set-up of the extensions listed
        # before the timer (perf_counter is the same clock in both processes)
        "boot": phases["start"] - start,
        "read": phases["read_end"] - phases["read_start"],
        "write": phases["end"] - phases["read_end"],
        "rss_mb": usage.ru_maxrss / 1024,
    }


def interleaved_builds(variants: dict[str, tuple], work: Path, runs: int) -> dict[str, dict]:
    """Median (and minimum) of each variant, built in turn: A B C, A B C, ...

    This VM's speed drifts by up to 25 % within minutes; building the variants
    one after the other, round after round, exposes them to the same drift, and
    the ratio of each round is kept so that a comparison can use the median of
    the per-round ratios.
    """
    rounds: dict[str, list[dict]] = {name: [] for name in variants}
    # not measured: the first build after generating the pages would read them,
    # and the modules, from a cold disk cache
    for source in {source for source, _, _ in variants.values()}:
        for path in source.rglob("*"):
            if path.is_file():
                path.read_bytes()
    source, extra, environ = next(iter(variants.values()))
    shutil.rmtree(work / "warm-up", ignore_errors=True)
    run_build(source, work / "warm-up", *extra, environ=environ)
    for run in range(runs):
        for name, (source, extra, environ) in variants.items():
            out = work / f"{name}-{run}"
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(work / f"doctrees-{name}-{run}", ignore_errors=True)
            rounds[name].append(run_build(source, out, *extra, environ=environ))
    summary = {}
    for name, results in rounds.items():
        summary[name] = {key: statistics.median(r[key] for r in results) for key in results[0]}
        summary[name]["min_total"] = min(r["total"] for r in results)
        summary[name]["rounds"] = results
    return summary


def ratio_per_round(a: dict, b: dict, key: str) -> float:
    """Median over the rounds of a[key] / b[key] (both built in the same round)."""
    return statistics.median(x[key] / y[key] for x, y in zip(a["rounds"], b["rounds"], strict=True))


def read_speedup(builds: dict[str, dict], serial: str, parallel: str) -> str:
    """How much faster the read phase of ``parallel`` is, round by round."""
    return (
        f"{ratio_per_round(builds[serial], builds[parallel], 'read'):.2f}× "
        f"({builds[parallel]['read']:.1f} s vs {builds[serial]['read']:.1f} s)"
    )


def incremental(source: Path, work: Path, runs: int) -> float:
    out = work / "incremental"
    shutil.rmtree(out, ignore_errors=True)
    run_build(source, out)
    times = []
    page = source / "expertises" / "page-1.md"
    original = page.read_text("utf-8")
    for run in range(runs):
        # a real change of the text every time, not only of the file's mtime
        changed = original.replace("Résumé de la page", f"Résumé ({run}) de la page")
        page.write_text(changed, "utf-8")
        times.append(run_build(source, out)["total"])
    return statistics.median(times)


def pdf_time(source: Path, work: Path) -> float | None:
    if shutil.which("latexmk") is None:
        return None
    out = work / "latex"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "latex", str(source), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, JEKYLL_BENCH_TIMING=str(work / "latex.json")),
    )
    subprocess.run(
        ["latexmk", "-pdf", "-f", "-dvi-", "-ps-", "-interaction=nonstopmode", "-jobname=bench"],
        cwd=out,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if not (out / "bench.pdf").exists():
        return None
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="rounds per size (default: 7 up to N=200, where noise weighs most, else 3)",
    )
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--quick", action="store_true", help="skip parallel and incremental")
    parser.add_argument("--output", type=Path, default=Path(__file__).parent / "results.md")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    # the other packages were byte-compiled when pip installed them; the
    # extension is imported from its source folder, and with
    # PYTHONDONTWRITEBYTECODE set every build would compile it again (~60 ms)
    compileall.compile_dir(str(ROOT / "_ext"), quiet=1)
    work = args.work or Path(tempfile.mkdtemp(prefix="jekyll-bench-"))
    started = time.strftime("%H:%M")
    rows: list[tuple[str, str]] = []
    full: dict[int, dict] = {}
    for size in args.sizes:
        jekyll_src, myst_src = work / f"jekyll-{size}", work / f"myst-{size}"
        generate_project(jekyll_src, size, jekyll=True)
        generate_project(myst_src, size, jekyll=False)
        variants = {"ours": (jekyll_src, (), None), "plain": (myst_src, (), None)}
        if not args.quick:
            chunked = {"JEKYLL_BENCH_ONE_READ_CHUNK_PER_PROCESS": "1"}
            variants |= {
                "ours-j2": (jekyll_src, ("-j", "2"), None),
                "plain-j2": (myst_src, ("-j", "2"), None),
                "ours-j2-chunks": (jekyll_src, ("-j", "2"), chunked),
            }
        runs = args.runs or (7 if size <= 200 else 3)
        builds = interleaved_builds(variants, work / f"n{size}", runs)
        ours, plain = builds["ours"], builds["plain"]
        full[size] = builds
        rows += [
            (
                f"1. Full HTML build, N={size}: extension / plain MyST",
                f"{ours['total']:.1f} s / {plain['total']:.1f} s, "
                f"**{ratio_per_round(ours, plain, 'total') - 1:+.1%}** "
                f"(fastest runs {ours['min_total']:.1f} s / {plain['min_total']:.1f} s; "
                f"CPU {ratio_per_round(ours, plain, 'cpu') - 1:+.1%}; "
                f"read phase {ours['read']:.1f} s / {plain['read']:.1f} s, "
                f"{ratio_per_round(ours, plain, 'read') - 1:+.1%})",
            ),
            (
                f"6. Peak memory, N={size}: extension / plain MyST",
                f"{ours['rss_mb']:.0f} MB / {plain['rss_mb']:.0f} MB "
                f"(**×{ours['rss_mb'] / plain['rss_mb']:.2f}**)",
            ),
        ]
        if not args.quick:
            one = incremental(jekyll_src, work / f"n{size}", runs)
            rows.append(
                (
                    f"3. One page changed, N={size}: rebuild / full build",
                    f"{one:.1f} s / {ours['total']:.1f} s (**{one / ours['total']:.1%}**)",
                )
            )

            rows.append(
                (
                    f"4. -j 2 vs -j 1, N={size}, read phase",
                    f"extension **{read_speedup(builds, 'ours', 'ours-j2')}**; "
                    f"plain MyST {read_speedup(builds, 'plain', 'plain-j2')}; "
                    "extension with Sphinx's read split into one chunk per process "
                    f"(experiment) {read_speedup(builds, 'ours', 'ours-j2-chunks')}",
                )
            )
    if len(full) >= 2:
        small, large = min(full), max(full)

        def scaling(name: str, key: str) -> float:
            return full[large][name][key] / full[small][name][key]

        rows.append(
            (
                f"2. Scaling: time(N={large}) / time(N={small})",
                f"extension **{scaling('ours', 'total'):.2f}** "
                f"(CPU {scaling('ours', 'cpu'):.2f}; read {scaling('ours', 'read'):.2f}, "
                f"write {scaling('ours', 'write'):.2f}); plain MyST "
                f"{scaling('plain', 'total'):.2f} (×{large // small} pages)",
            )
        )
    if not args.no_pdf:
        size = min(args.sizes)
        seconds = pdf_time(work / f"jekyll-{size}", work / f"n{size}")
        rows.append(
            (
                f"5. PDF (LaTeX + latexmk), N={size}",
                f"{seconds:.1f} s" if seconds is not None else "skipped (no TeX Live)",
            )
        )
    machine = (
        f"{platform.node() or 'machine'}: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')} "
        f"{started}–{time.strftime('%H:%M')}"
    )
    table = "\n".join(
        ["| Figure | Result |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)]
    )
    report = (
        f"Measured on {machine}; median of {args.runs or '7 (N ≤ 200) or 3'} interleaved "
        "rounds; "
        f"percentages are medians of the per-round ratios.\n\n{table}\n"
    )
    print(report)
    args.output.write_text(report, "utf-8")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
