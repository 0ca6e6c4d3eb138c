"""Where the guide's build time goes beyond plain MyST's, and why its pages grow with N.

Builds the benchmark's guide and plain MyST projects (``run.py``'s, N pages)
once each under cProfile (timed in CPU time, so that a loaded machine slows
neither build down in the profile), then reports:

- the build phases as cProfile sees them (read; write: resolving the doctrees,
  translating to HTML, the templates, the search index; finish), guide next
  to plain MyST;
- own time per package (sphinx, docutils, myst_parser, liquid, jinja2, the
  extension…), guide next to plain MyST;
- the extension's functions, by cumulative and by own time;
- the functions whose own time grows most from plain MyST to the guide;
- what a page's HTML is made of at N and at a small N (the layout sidebar, the
  theme's navigation, the article…), to show what grows with N.

    python benchmarks/profile_guide.py                  # N = 1 000, HTML also at N = 100
    python benchmarks/profile_guide.py --size 100 --small 10

cProfile slows the build down (about ×1.5–2): its seconds are for comparing
functions with each other, not with ``run.py``'s.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bs4 import BeautifulSoup

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402  (the benchmark's generator)

EXTENSION = "/_ext/jekyll_guide/"

#: What it is → (file suffix, function) in the guide's build, and in plain MyST's.
PHASES = (
    ("read (parse every page)", ("sphinx/builders/__init__.py", "read")),
    (
        "· parse (the guide's parser / MyST's)",
        ("jekyll_guide/parser.py", "parse"),
        ("myst_parser/parsers/sphinx_.py", "parse"),
    ),
    ("· transforms", ("sphinx/transforms/__init__.py", "apply_transforms")),
    ("· pickle the doctrees", ("sphinx/builders/__init__.py", "write_doctree")),
    ("write", ("sphinx/builders/__init__.py", "write")),
    ("· resolve doctrees", ("sphinx/environment/__init__.py", "get_and_resolve_doctree")),
    ("· translate to HTML + search feed", ("sphinx/builders/html/__init__.py", "write_doc")),
    ("· · search index feed", ("sphinx/builders/html/__init__.py", "index_page")),
    ("· templates + write the file", ("sphinx/builders/html/__init__.py", "handle_page")),
    ("every event handler (read and write)", ("sphinx/events.py", "emit")),
    ("finish (search index, static files)", ("sphinx/builders/html/__init__.py", "finish")),
)

#: The handlers and helpers a page's templates call, guide and theme.
TEMPLATE_FUNCTIONS = (
    ("jekyll_guide/layouts.py", "choose_layout_template"),
    ("jekyll_guide/layouts.py", "layout_nav_html"),
    ("jekyll_guide/navigation.py", "limit_sidebars"),
    ("pydata_sphinx_theme/toctree.py", "generate_toctree_html"),
    ("pydata_sphinx_theme/toctree.py", "generate_header_nav_html"),
    ("sphinx/jinja2glue.py", "render"),
    ("jinja2/environment.py", "render"),
)


def package_of(filename: str) -> str:
    if filename == "~" or filename.startswith("<"):
        return "builtins (C: str, re, I/O, pickle…)"
    if EXTENSION in filename:
        return "jekyll_guide (ours)"
    if "/benchmarks/" in filename:
        return "benchmark timer"
    match = re.search(r"site-packages/([^/]+)", filename)
    if match:
        name = match.group(1)
        return name.removesuffix(".py")
    if "/lib/python3" in filename:
        return "stdlib"
    return filename


def profile_build(
    source: Path, work: Path, name: str, jobs: int = 1
) -> tuple[pstats.Stats, dict, Path]:
    out, prof = work / f"out-{name}", work / f"{name}.prof"
    timing = work / f"timing-{name}.json"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work / f"doctrees-{name}", ignore_errors=True)
    command = [
        sys.executable,
        __file__,
        "--profile-sphinx",
        str(prof),
        "--",
        "-q",
        *(["-j", str(jobs)] if jobs > 1 else []),
        "-b",
        "html",
        "-d",
        str(work / f"doctrees-{name}"),
        str(source),
        str(out),
    ]
    env = dict(os.environ, JEKYLL_BENCH_TIMING=str(timing))
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"the {name} build failed")
    phases = json.loads(timing.read_text())
    phases["wall"] = time.perf_counter() - start
    phases["cpu"] = usage.ru_utime + usage.ru_stime
    return pstats.Stats(str(prof)), phases, out


def lookup(stats: pstats.Stats, suffix: str, function: str) -> tuple[int, float, float]:
    """(calls, own, cumulative) of a function, summed over the files ending in suffix."""
    calls = own = cumulative = 0
    for (filename, _line, name), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        if name == function and filename.endswith(suffix):
            calls, own, cumulative = calls + nc, own + tt, cumulative + ct
    return calls, own, cumulative


def by_package(stats: pstats.Stats) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        totals[package_of(filename)] += tt
    return totals


def by_function(stats: pstats.Stats) -> dict[str, tuple[int, float, float]]:
    result: dict[str, tuple[int, float, float]] = {}
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        key = short_name(filename, line, name)
        calls, own, cumulative = result.get(key, (0, 0.0, 0.0))
        result[key] = (calls + nc, own + tt, cumulative + ct)
    return result


def short_name(filename: str, line: int, name: str) -> str:
    if filename == "~":
        return name
    for marker in ("site-packages/", "/_ext/", "/lib/python3.11/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{line}({name})"


def callers_of(stats: pstats.Stats, suffix: str, function: str) -> dict[str, tuple[int, float]]:
    """Calls and cumulative time of a function, per caller (recursion left out)."""
    result: dict[str, tuple[int, float]] = defaultdict(lambda: (0, 0.0))
    for (filename, _line, name), (_cc, _nc, _tt, _ct, callers) in stats.stats.items():
        if name != function or not filename.endswith(suffix):
            continue
        for (c_file, c_line, c_name), (_c_cc, c_nc, _c_tt, c_ct) in callers.items():
            if c_name == function and c_file.endswith(suffix):
                continue
            key = short_name(c_file, c_line, c_name)
            calls, cumulative = result[key]
            result[key] = (calls + c_nc, cumulative + c_ct)
    return dict(result)


def html_parts(path: Path) -> dict[str, int]:
    """Bytes of the parts of a pydata page (as serialised by BeautifulSoup)."""
    soup = BeautifulSoup(path.read_text("utf-8"), "lxml")
    total = len(path.read_bytes())
    parts = {
        "layout sidebar (jekyll/layout-nav.html: layouts.py layout_nav_html)": soup.select_one(
            "nav.jekyll-layout-nav"
        ),
        "theme's section navigation (sidebar-nav-bs)": soup.select_one(
            "nav.bd-docs-nav:not(.jekyll-layout-nav)"
        ),
        "header navbar": soup.select_one("header"),
        "article (the page itself)": soup.select_one("article"),
        "secondary sidebar (page-toc)": soup.select_one(".bd-sidebar-secondary"),
        "<head>": soup.head,
    }
    sizes = {name: len(str(node).encode()) if node else 0 for name, node in parts.items()}
    sizes["rest (scripts, footer, prev/next, wrappers)"] = max(total - sum(sizes.values()), 0)
    sizes["whole page"] = total
    return sizes


def mean_parts(folder: Path, sample: int = 20) -> dict[str, float]:
    pages = sorted((folder / "docs" / "expertises").glob("page-*.html"))
    step = max(len(pages) // sample, 1)
    chosen = pages[::step][:sample]
    sums: dict[str, float] = defaultdict(float)
    for page in chosen:
        for name, size in html_parts(page).items():
            sums[name] += size
    return {name: size / len(chosen) for name, size in sums.items()}


def build_plain(source: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
        env=dict(os.environ, JEKYLL_BENCH_TIMING=str(out.parent / "timing-small.json")),
    )


def profile_sphinx(output: str, arguments: list[str]) -> int:
    """``sphinx-build arguments`` under cProfile, timed in CPU time: the other
    processes of a shared machine then slow neither build down in the profile."""
    import cProfile

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    from sphinx.cmd.build import main as sphinx_build

    status = sphinx_build(arguments)
    profiler.disable()
    profiler.dump_stats(output)
    return status


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--profile-sphinx"]:
        return profile_sphinx(argv[1], argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100, help="N of the HTML comparison (0: none)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="sphinx-build -j: with 2, only the main process is profiled (its serial work)",
    )
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=BENCH / "profile.md")
    parser.add_argument(
        "--guide-root",
        type=Path,
        default=None,
        help="profile the guide of this checkout (default: this one)",
    )
    args = parser.parse_args(argv)
    run.GUIDE_ROOT = (args.guide_root or run.ROOT).resolve()
    compileall.compile_dir(str(run.guide_file("_ext")), quiet=1)
    work = args.work or Path(tempfile.mkdtemp(prefix="jekyll-profile-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    load = os.getloadavg()
    guide_src, plain_src = work / f"guide-{args.size}", work / f"myst-{args.size}"
    run.generate_sphinx(guide_src, args.size, guide=True)
    run.generate_sphinx(plain_src, args.size, guide=False)
    print(f"profiling the guide, N={args.size}", flush=True)
    guide, guide_phases, guide_out = profile_build(guide_src, work, "guide", args.jobs)
    print(f"profiling plain MyST, N={args.size}", flush=True)
    plain, plain_phases, plain_out = profile_build(plain_src, work, "plain", args.jobs)
    if args.small:
        small_src = work / f"guide-{args.small}"
        run.generate_sphinx(small_src, args.small, guide=True)
        print(f"building the guide, N={args.small} (HTML comparison)", flush=True)
        build_plain(small_src, work / "out-small")

    lines = [
        f"# Profile of the guide's build, N = {args.size}",
        "",
        f"{started}, {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f} at the start. `benchmarks/profile_guide.py --size {args.size} --small "
        f"{args.small} --jobs {args.jobs}`: one build of each under cProfile, in CPU seconds "
        f"{'(the main process only: the -j workers are not profiled) ' if args.jobs > 1 else ''}"
        "(slower than "
        "without: compare the functions with each other, not with `run.py`'s seconds). "
        f"{run.guide_state(run.GUIDE_ROOT)}.",
        "",
        "## Phases",
        "",
        "| Phase (cProfile cumulative) | Guide | Plain MyST | Difference |",
        "|---|--:|--:|--:|",
    ]
    for label, guide_key, *plain_key in PHASES:
        g = lookup(guide, *guide_key)[2]
        p = lookup(plain, *(plain_key[0] if plain_key else guide_key))[2]
        lines.append(f"| {label} | {g:.1f} s | {p:.1f} s | {g - p:+.1f} s |")
    lines.append(
        f"| whole build (CPU, the -j workers included, profiled) | {guide_phases['cpu']:.1f} s "
        f"| {plain_phases['cpu']:.1f} s | {guide_phases['cpu'] - plain_phases['cpu']:+.1f} s |"
    )
    lines += [
        "",
        "Template-time functions (cumulative; `html-page-context` handlers and the "
        "theme's toctree helpers):",
        "",
        "| Function | Calls | Guide cumulative | Plain MyST cumulative |",
        "|---|--:|--:|--:|",
    ]
    for suffix, function in TEMPLATE_FUNCTIONS:
        gc, _, gcum = lookup(guide, suffix, function)
        _, _, pcum = lookup(plain, suffix, function)
        lines.append(f"| {suffix}:{function} | {gc} | {gcum:.2f} s | {pcum:.2f} s |")

    g_pkg, p_pkg = by_package(guide), by_package(plain)
    lines += [
        "",
        "## Own time by package",
        "",
        "| Package | Guide | Plain MyST | Difference |",
        "|---|--:|--:|--:|",
    ]
    for name in sorted(set(g_pkg) | set(p_pkg), key=lambda n: -(g_pkg.get(n, 0))):
        g, p = g_pkg.get(name, 0.0), p_pkg.get(name, 0.0)
        if max(g, p) < 0.2:
            continue
        lines.append(f"| {name} | {g:.1f} s | {p:.1f} s | {g - p:+.1f} s |")
    lines.append(f"| all | {sum(g_pkg.values()):.1f} s | {sum(p_pkg.values()):.1f} s | |")

    g_fun, p_fun = by_function(guide), by_function(plain)
    ours = {k: v for k, v in g_fun.items() if k.startswith("jekyll_guide/")}
    for title, index in (("cumulative", 2), ("own time", 1)):
        lines += [
            "",
            f"## The extension's functions by {title} (guide build)",
            "",
            "| Function | Calls | Own | Cumulative | ms per call (cumulative) |",
            "|---|--:|--:|--:|--:|",
        ]
        for key, (calls, own, cumulative) in sorted(ours.items(), key=lambda kv: -kv[1][index])[
            : args.top
        ]:
            lines.append(
                f"| {key} | {calls} | {own:.2f} s | {cumulative:.2f} s "
                f"| {1000 * cumulative / max(calls, 1):.3f} |"
            )
    lines += [
        "",
        "## Functions whose own time grows most from plain MyST to the guide",
        "",
        "| Function | Calls guide / plain | Own guide | Own plain | Difference |",
        "|---|--:|--:|--:|--:|",
    ]
    diffs = sorted(
        ((key, g_fun[key], p_fun.get(key, (0, 0.0, 0.0))) for key in g_fun),
        key=lambda item: -(item[1][1] - item[2][1]),
    )
    for key, g, p in diffs[: args.top]:
        lines.append(
            f"| {key} | {g[0]} / {p[0]} | {g[1]:.2f} s | {p[1]:.2f} s | {g[1] - p[1]:+.2f} s |"
        )

    lines += [
        "",
        "## Who walks the doctrees: callers of docutils' `findall` (cumulative)",
        "",
        "| Caller | Calls guide / plain | Guide | Plain MyST |",
        "|---|--:|--:|--:|",
    ]
    g_callers, p_callers = (
        callers_of(guide, "docutils/nodes.py", "findall"),
        callers_of(plain, "docutils/nodes.py", "findall"),
    )
    for key, (calls, cumulative) in sorted(g_callers.items(), key=lambda kv: -kv[1][1])[: args.top]:
        p_calls, p_cumulative = p_callers.get(key, (0, 0.0))
        lines.append(f"| {key} | {calls} / {p_calls} | {cumulative:.2f} s | {p_cumulative:.2f} s |")

    if not args.small:
        return _finish(lines, args, work)
    big = mean_parts(guide_out)
    small = mean_parts(work / "out-small")
    plain_parts = mean_parts(plain_out)
    lines += [
        "",
        "## What a page's HTML is made of (mean over up to 20 expertise pages, KB)",
        "",
        f"| Part | Guide N={args.small} | Guide N={args.size} | Growth | Plain MyST "
        f"N={args.size} |",
        "|---|--:|--:|--:|--:|",
    ]
    for name in big:
        s, b, p = small.get(name, 0.0), big[name], plain_parts.get(name, 0.0)
        growth = f"×{b / s:.2f}" if s else "–"
        lines.append(f"| {name} | {s / 1024:.1f} | {b / 1024:.1f} | {growth} | {p / 1024:.1f} |")
    return _finish(lines, args, work)


def _finish(lines: list[str], args, work: Path) -> int:
    text = "\n".join(lines) + "\n"
    print(text)
    args.output.write_text(text, "utf-8")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
