"""Benchmark: the guide next to plain MyST, MkDocs-Material and Jekyll.

Generates N synthetic expertise pages in the real format (front matter, block
and span attribute lists, Liquid, a raw HTML block, links by permalink, about
1 500 words) and builds them, in the same run and in interleaved rounds, with:

- **the guide**: ``jekyll_guide`` with the guide's own ``conf.py`` (run as it
  is: pydata theme, ``jekyll/expertises.html`` layout and its sidebar of the
  layout's pages, opengraph, notfound) and the guide's ``_templates/`` and
  ``docs/_config.yml``; home → ``expertises/index`` (``page-toctree``) → pages;
  also with ``-j 2``;
- **plain MyST**: the same ``conf.py`` without the extension (``myst_parser``,
  ``sphinx_design``, ``attrs_block``/``attrs_inline``), the pages rewritten
  (``{#id .class}``, Liquid already rendered, links to files, ``toctree
  :glob:``) and a static sidebar on the pages; also with ``-j 2``;
- **MkDocs-Material**: the pages rewritten for ``attr_list``/``md_in_html``
  (``## Title {: #id .class }``), Material's default navigation (every page in
  every page's sidebar) and the search plugin;
- **Jekyll** (``/usr/bin/jekyll``): the pages as they are, with a
  ``_layouts/expertises.html`` whose sidebar lists the layout's pages through
  Liquid, as the user's site does.

Every build runs in a fresh process; the variants are built in turn, round
after round (the order rotating), and compared round by round.  Seconds are
wall-clock; peak RSS is the largest process of the build's tree (``os.wait4``:
the child and the children it reaped, e.g. Sphinx's ``-j`` workers, the same
figure as ``getrusage(RUSAGE_CHILDREN)`` in a fresh parent); HTML per page is
the mean size of the N pages' HTML files.

    python benchmarks/run.py                      # N = 100 (7 rounds) and 1 000 (3)
    python benchmarks/run.py --sizes 10 --runs 1 --no-pdf --quick   # smoke test

Results: Markdown tables on stdout and in ``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
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
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
#: The guide measured: its conf.py, _templates/, docs/_config.yml, 404.md and
#: _ext/ (``--guide-root``: another checkout, e.g. a ``git archive`` of a commit
#: while the working tree is being edited).
GUIDE_ROOT = ROOT


def guide_file(path: str) -> Path:
    return GUIDE_ROOT / path


def guide_state(root: Path) -> str:
    """Which code is measured: the commit, and whether the tree differs from it."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "status",
                "--porcelain",
                "--",
                "_ext",
                "conf.py",
                "_templates",
                "docs",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return f"Guide code from {root} (not a git checkout)"
    files = sorted({line[3:] for line in changed if line.strip()})
    dirty = f", with uncommitted changes in {', '.join(files)}" if files else ""
    return f"Guide code from {root} at commit {commit}{dirty}"


WORDS = (
    "le développeur conçoit une application web robuste avec une équipe agile qui livre "
    "des fonctionnalités testées chaque semaine pour le client et ses utilisateurs finaux"
).split()
FLAVOURS = ("jekyll", "myst", "mkdocs")


def site_title() -> str:
    """``site.title`` of the guide's ``_config.yml``: what ``{{ site.title }}`` renders."""
    return str(yaml.safe_load(guide_file("docs/_config.yml").read_text("utf-8")).get("title", ""))


# ---- the pages --------------------------------------------------------------------


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate_page(index: int, total: int, flavour: str = "jekyll", title: str = "") -> str:
    """One page: as on the Jekyll site (``jekyll``), for plain MyST or for MkDocs.

    ``title`` is what ``{{ site.title }}`` renders to (plain MyST and MkDocs get
    the Liquid already rendered).
    """
    if flavour not in FLAVOURS:
        raise ValueError(f"flavour {flavour!r}: one of {FLAVOURS}")
    title = title or site_title()
    jekyll, myst = flavour == "jekyll", flavour == "myst"
    rng = random.Random(index)
    other = (index + 1) % total
    lines = ["---", f"title: Expertise numéro {index}", f'summary: "Résumé de la page {index}."']
    if jekyll:
        lines += ["layout: expertises", f'permalink: "/expertises/page-{index}.html"']
    lines += ["---", ""]
    for section in range(10):
        # plain MyST makes ids project-wide labels: they must differ between pages
        anchor = f"p{index}-section-{section}" if myst else f"section-{section}"
        heading = f"## Partie {section} de la page"
        if jekyll:
            lines += [heading, f"{{: .font-primary .my-5 #{anchor}}}", ""]
        elif myst:
            lines += [f"{{#{anchor} .font-primary .my-5}}", heading, ""]
        else:  # Python-Markdown's attr_list: a heading's list is on its line
            lines += [f"{heading} {{: .font-primary .my-5 #{anchor} }}", ""]
        for paragraph in range(2):
            text = _sentence(rng, 70)
            if paragraph == 0:
                site = "{{ site.title }}" if jekyll else title
                span = '{target="_blank"}' if myst else '{:target="_blank"}'
                text += f" Sur {site}, voir le [lien externe](https://example.org/{index}){span}."
            if paragraph == 1 and section == 0:
                target = {
                    "jekyll": f"/expertises/page-{other}.html#section-1",
                    # a label (the id is one): MyST < 5.2 resolves page.md#x only for
                    # heading slugs (myst_heading_anchors)
                    "myst": f"#p{other}-section-1",
                    "mkdocs": f"page-{other}.md#section-1",
                }[flavour]
                text += f" Voir aussi la [page voisine]({target})."
            classes = "lead" if paragraph == 0 else "text-muted"
            if myst:
                lines += [f"{{.{classes}}}", text, ""]
            else:  # kramdown and attr_list: the block's list on its last line
                lines += [text, f"{{: .{classes}}}", ""]
    lines += [
        '<div class="text-center my-5">',
        f'  <a class="btn btn-outline-primary" href="https://example.org/{index}">Contact</a>',
        "</div>",
        "",
    ]
    return "\n".join(lines)


# ---- the projects -----------------------------------------------------------------

#: The guide's conf.py, run as it is (its ``__file__`` is the guide's, so that
#: what it reads next to itself is found); its paths are relative to this project.
CONF_GUIDE = """\
import sys
sys.path[:0] = [{bench!r}, {ext!r}]
__file__, _bench_conf = {conf!r}, __file__
exec(compile(open(__file__, encoding="utf-8").read(), __file__, "exec"))
__file__ = _bench_conf
extensions.append("timer_ext")
"""
#: The same configuration without the extension.
CONF_PLAIN = (
    CONF_GUIDE
    + """
extensions = ["myst_parser", "sphinx_design"] + [
    name for name in extensions if name != "jekyll_guide"
]
for _name in [name for name in globals() if name.startswith("jekyll_")]:
    del globals()[_name]
myst_enable_extensions = [*myst_enable_extensions, "attrs_block", "attrs_inline"]
myst_title_to_header = True
# A static sidebar on the expertise pages: pydata's section navigation would
# list all N pages on every page, O(N) per page.  The guide's layout sidebar
# lists them too (once rendered per build, but written into every page): the
# comparison can only favour plain MyST.
html_sidebars = {{**html_sidebars, "docs/expertises/page-*": ["bench-nav.html"]}}
"""
)
PLAIN_SIDEBAR = '<nav class="bd-docs-nav"><p class="bd-links__title">Expertises</p></nav>\n'
# the guide's home page keeps its root toctree hidden (its cards are content, not
# navigation, and are left out: every tool would need its own version of them)
SPHINX_HOME = (
    "---\ntitle: Accueil\n---\n\nLes expertises du guide.\n\n"
    "```{toctree}\n:maxdepth: 2\n:caption: Contenu\n:hidden:\n\nexpertises/index\n```\n"
)
JEKYLL_DEFAULT_LAYOUT = """\
<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page.title }} | {{ site.title }}</title>
<meta name="description" content="{{ page.summary | default: site.description | escape }}">
<link rel="stylesheet" href="{{ '/assets/css/main.css' | relative_url }}">
</head>
<body>
<header><a href="{{ '/' | relative_url }}">{{ site.title }}</a></header>
{{ content }}
<footer>{{ site.title }}</footer>
</body>
</html>
"""
JEKYLL_EXPERTISES_LAYOUT = """\
---
layout: default
---
<div class="expertises">
<nav class="sidebar">{% assign pages = site.pages | where: "layout", "expertises" %}\
{% for p in pages %}<a href="{{ p.url | relative_url }}">{{ p.title }}</a>{% endfor %}</nav>
<main>
<h1>{{ page.title }}</h1>
<p class="lead">{{ page.summary }}</p>
{{ content }}
</main>
</div>
"""
JEKYLL_SECTION = """\
---
layout: default
title: Expertises
---

{% assign pages = site.pages | where: "layout", "expertises" %}{% for p in pages %}
- [{{ p.title }}]({{ p.url | relative_url }}){% endfor %}
"""
MKDOCS_CONFIG = """\
site_name: {title}
theme:
  name: material
  language: fr
plugins:
  - search
markdown_extensions:
  - attr_list
  - md_in_html
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def _fresh(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def generate_sphinx(folder: Path, pages: int, guide: bool) -> None:
    """The guide's project (``guide``) or plain MyST's: conf.py, docs/, 404.md."""
    _fresh(folder)
    conf = CONF_GUIDE if guide else CONF_PLAIN
    _write(
        folder / "conf.py",
        conf.format(bench=str(BENCH), ext=str(guide_file("_ext")), conf=str(guide_file("conf.py"))),
    )
    if guide:
        shutil.copytree(guide_file("_templates"), folder / "_templates")
    else:
        _write(folder / "_templates" / "bench-nav.html", PLAIN_SIDEBAR)
    shutil.copy(guide_file("404.md"), folder / "404.md")
    docs = folder / "docs"
    (docs / "_static").mkdir(parents=True)
    shutil.copy(guide_file("docs/_config.yml"), docs / "_config.yml")
    _write(docs / "index.md", SPHINX_HOME)
    section = (
        "```{page-toctree}\n:maxdepth: 1\n```\n"
        if guide
        else "```{toctree}\n:glob:\n:maxdepth: 1\n\n*\n```\n"
    )
    front = "layout: default\n" if guide else ""
    _write(docs / "expertises" / "index.md", f"---\n{front}title: Expertises\n---\n\n{section}")
    flavour, title = ("jekyll" if guide else "myst"), site_title()
    for index in range(pages):
        _write(
            docs / "expertises" / f"page-{index}.md",
            generate_page(index, pages, flavour, title),
        )


def generate_mkdocs(folder: Path, pages: int) -> None:
    _fresh(folder)
    title = site_title()
    _write(folder / "mkdocs.yml", MKDOCS_CONFIG.format(title=json.dumps(title)))
    docs = folder / "docs"
    _write(docs / "index.md", "---\ntitle: Accueil\n---\n\n[Les expertises](expertises/index.md)\n")
    listing = "".join(f"- [Expertise numéro {i}](page-{i}.md)\n" for i in range(pages))
    _write(docs / "expertises" / "index.md", f"---\ntitle: Expertises\n---\n\n{listing}")
    for index in range(pages):
        _write(
            docs / "expertises" / f"page-{index}.md",
            generate_page(index, pages, "mkdocs", title),
        )


def generate_jekyll(folder: Path, pages: int) -> None:
    """A Jekyll site: the guide's ``_config.yml``, two layouts, the pages as they are."""
    _fresh(folder)
    shutil.copy(guide_file("docs/_config.yml"), folder / "_config.yml")
    _write(folder / "_layouts" / "default.html", JEKYLL_DEFAULT_LAYOUT)
    _write(folder / "_layouts" / "expertises.html", JEKYLL_EXPERTISES_LAYOUT)
    _write(
        folder / "index.md",
        "---\nlayout: default\ntitle: Accueil\n---\n\n[Les expertises](/expertises/)\n",
    )
    _write(folder / "expertises" / "index.md", JEKYLL_SECTION)
    title = site_title()
    for index in range(pages):
        _write(
            folder / "expertises" / f"page-{index}.md",
            generate_page(index, pages, "jekyll", title),
        )


# ---- the tools --------------------------------------------------------------------

TOOLS = ("sphinx", "mkdocs", "jekyll")


def mkdocs_problem(modules: tuple[str, ...] = ("mkdocs", "material")) -> str | None:
    """Why MkDocs-Material cannot be measured with this Python, or None."""
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        return (
            f"{', '.join(missing)} not installed in {sys.executable} "
            "(`pip install -e '.[bench]'`; `make bench` does it)"
        )
    return None


def jekyll_problem(command: str = "jekyll") -> str | None:
    """Why Jekyll cannot be measured, or None."""
    if shutil.which(command) is None:
        return f"`{command}` not found (Debian: `apt-get install jekyll`)"
    try:
        subprocess.run([command, "--version"], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        return f"`{command} --version` fails: {error}"
    return None


def tool_version(tool: str, jekyll: str = "jekyll") -> str:
    try:
        if tool == "sphinx":
            import sphinx

            return f"Sphinx {sphinx.__version__}"
        if tool == "mkdocs":
            from importlib.metadata import version

            return f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}"
        out = subprocess.run([jekyll, "--version"], capture_output=True, text=True, timeout=60)
        return out.stdout.strip().capitalize()
    except Exception:  # noqa: BLE001 - a version is only shown
        return tool


# ---- a build ----------------------------------------------------------------------


@dataclass
class Variant:
    name: str
    label: str
    tool: str
    source: Path
    options: tuple[str, ...] = ()
    environ: dict[str, str] = field(default_factory=dict)
    #: how many expertise pages the output must have (0: not checked)
    pages: int = 0


#: Where the N pages' HTML files are, per tool, in the output folder.
PAGE_GLOBS = {
    "sphinx": "docs/expertises/page-*.html",
    "mkdocs": "expertises/page-*/index.html",
    "jekyll": "expertises/page-*.html",
}


def build_command(variant: Variant, out: Path, jekyll: str) -> list[str]:
    if variant.tool == "sphinx":
        doctrees = out.parent / f"doctrees-{out.name}"
        return [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-d",
            str(doctrees),
            *variant.options,
            str(variant.source),
            str(out),
        ]
    if variant.tool == "mkdocs":
        return [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(variant.source / "mkdocs.yml"),
            "-d",
            str(out),
        ]
    return [
        jekyll,
        "build",
        "-q",
        "--disable-disk-cache",
        "-s",
        str(variant.source),
        "-d",
        str(out),
    ]


def run_build(variant: Variant, out: Path, jekyll: str = "jekyll", keep: bool = False) -> dict:
    """One build in its own process: seconds, CPU, peak RSS, HTML per page, phases."""
    timing = out.parent / f"timing-{out.name}.json"
    log = out.parent / f"log-{out.name}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.parent / f"doctrees-{out.name}", ignore_errors=True)
    timing.unlink(missing_ok=True)
    env = dict(
        os.environ, JEKYLL_BENCH_TIMING=str(timing), NO_MKDOCS_2_WARNING="1", **variant.environ
    )
    command = build_command(variant, out, jekyll)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with open(log, "wb") as stderr:
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=stderr, cwd=variant.source
        )
        _, status, usage = os.wait4(process.pid, 0)
    total = time.perf_counter() - start
    text = log.read_text("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{variant.label} failed: {text[-2000:]}")
    warnings = [line for line in text.splitlines() if "warning" in line.lower()]
    if warnings:
        raise RuntimeError(f"{len(warnings)} warnings in {variant.label}, first: {warnings[0]}")
    pages = sorted(out.glob(PAGE_GLOBS[variant.tool]))
    if variant.pages and len(pages) != variant.pages:
        raise RuntimeError(f"{variant.label}: {len(pages)} pages written, {variant.pages} expected")
    result = {
        "total": total,
        # the build process and the children it waited for (Sphinx's -j workers)
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "html_kb": statistics.mean(p.stat().st_size for p in pages) / 1024 if pages else 0.0,
        "pages": len(pages),
        "load": load,
    }
    if timing.exists():
        phases = json.loads(timing.read_text())
        result |= {
            # interpreter start, imports and the set-up of the extensions listed
            # before the timer (perf_counter is the same clock in both processes)
            "boot": phases["start"] - start,
            # configuration, builder and theme set-up, finding the pages
            "init": phases["read_start"] - phases["start"],
            "read": phases["read_end"] - phases["read_start"],
            "write": phases["end"] - phases["read_end"],
        }
    if not keep:  # 1 000 pages of HTML, per build and round: gigabytes otherwise
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(out.parent / f"doctrees-{out.name}", ignore_errors=True)
    return result


def warm_up(variants: list[Variant], work: Path, jekyll: str) -> None:
    """Not measured: the first build of each tool reads its modules (and the first
    build of the pages the sources) from a cold disk cache."""
    for variant in variants:
        for path in variant.source.rglob("*"):
            if path.is_file():
                path.read_bytes()
    tiny = work / "warm-up"
    done = set()
    for variant in variants:
        key = (variant.tool, variant.source.name.split("-")[0])
        if key in done:
            continue
        done.add(key)
        source = tiny / variant.source.name
        if not source.exists():
            generate(variant.source.name.split("-")[0], source, 3)
        run_build(
            Variant(variant.name, variant.label, variant.tool, source, variant.options, pages=3),
            tiny / f"out-{variant.name}",
            jekyll,
        )


def interleaved_builds(
    variants: list[Variant], work: Path, runs: int, jekyll: str, progress=print
) -> dict[str, dict]:
    """Median (and minimum) of each variant, built in turn: A B C, B C A, C A B…

    This VM's speed drifts by up to 25 % within minutes; building the variants
    one after the other, round after round, exposes them to the same drift, and
    the ratio of each round is kept so that a comparison can use the median of
    the per-round ratios.  The order rotates so that no variant always follows
    the same one.
    """
    rounds: dict[str, list[dict]] = {v.name: [] for v in variants}
    warm_up(variants, work, jekyll)
    for run in range(runs):
        shift = run % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            result = run_build(variant, work / f"{variant.name}-{run}", jekyll)
            rounds[variant.name].append(result)
            progress(
                f"  round {run + 1}/{runs} {variant.label}: {result['total']:.1f} s, "
                f"{result['rss_mb']:.0f} MB, {result['html_kb']:.1f} KB/page, "
                f"load {result['load']:.2f}"
            )
    summary = {}
    for name, results in rounds.items():
        summary[name] = {key: statistics.median(r[key] for r in results) for key in results[0]}
        summary[name]["min_total"] = min(r["total"] for r in results)
        summary[name]["rounds"] = results
    return summary


def ratio_per_round(a: dict, b: dict, key: str) -> float:
    """Median over the rounds of a[key] / b[key] (both built in the same round)."""
    return statistics.median(x[key] / y[key] for x, y in zip(a["rounds"], b["rounds"], strict=True))


def incremental(variant: Variant, work: Path, runs: int, jekyll: str) -> float:
    out = work / "incremental"
    run_build(variant, out, jekyll, keep=True)
    times = []
    page = variant.source / "docs" / "expertises" / "page-1.md"
    original = page.read_text("utf-8")
    try:
        for run in range(runs):
            # a real change of the text every time, not only of the file's mtime
            changed = original.replace("Résumé de la page", f"Résumé ({run}) de la page")
            page.write_text(changed, "utf-8")
            timing = out.parent / "timing-incremental.json"
            timing.unlink(missing_ok=True)
            start = time.perf_counter()
            subprocess.run(
                build_command(variant, out, jekyll),
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=dict(os.environ, JEKYLL_BENCH_TIMING=str(timing)),
            )
            times.append(time.perf_counter() - start)
    finally:
        page.write_text(original, "utf-8")
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(out.parent / "doctrees-incremental", ignore_errors=True)
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


# ---- the run ----------------------------------------------------------------------


def generate(kind: str, folder: Path, size: int) -> None:
    if kind == "guide":
        generate_sphinx(folder, size, guide=True)
    elif kind == "myst":
        generate_sphinx(folder, size, guide=False)
    elif kind == "mkdocs":
        generate_mkdocs(folder, size)
    else:
        generate_jekyll(folder, size)


def variants_for(work: Path, size: int, args, skipped: dict[str, str]) -> list[Variant]:
    sources = {kind: work / f"{kind}-{size}" for kind in ("guide", "myst", "mkdocs", "jekyll")}
    variants = [
        Variant("guide", "Guide", "sphinx", sources["guide"]),
        Variant("plain", "Plain MyST", "sphinx", sources["myst"]),
    ]
    if not args.quick:
        variants += [
            Variant("guide-j2", "Guide -j 2", "sphinx", sources["guide"], ("-j", "2")),
            Variant("plain-j2", "Plain MyST -j 2", "sphinx", sources["myst"], ("-j", "2")),
            Variant(
                "guide-j2-option",
                "Guide -j 2, jekyll_parallel_read_per_process",
                "sphinx",
                sources["guide"],
                ("-j", "2", "-D", "jekyll_parallel_read_per_process=1"),
            ),
        ]
    if "mkdocs" not in skipped:
        variants.append(Variant("mkdocs", "MkDocs-Material", "mkdocs", sources["mkdocs"]))
    if "jekyll" not in skipped:
        variants.append(Variant("jekyll", "Jekyll", "jekyll", sources["jekyll"]))
    for kind in {v.source.name.split("-")[0] for v in variants}:
        generate(kind, sources[kind], size)
    for variant in variants:
        variant.pages = size
    return variants


ROW_NOTES = {
    "guide": "jekyll_guide, the guide's conf.py, layout sidebar (chunks of 50 pages)",
    "guide-j2": "",
    "plain": "same conf.py without the extension, static page sidebar",
    "plain-j2": "",
    "guide-j2-option": "the shipped opt-in: Sphinx's read in one chunk per process",
    "mkdocs": "attr_list + md_in_html, default navigation (all pages), search",
    "jekyll": "the pages as they are, Liquid sidebar of all pages",
}


def _fmt_ratio(value: float) -> str:
    return f"{value:.2f}"


def size_table(size: int, builds: dict[str, dict], variants: list[tuple[str, str]]) -> str:
    guide = builds["guide"]
    lines = [
        "| Build | Seconds | Pages/s | CPU s | Peak RSS | HTML/page | Time ÷ guide "
        "| CPU ÷ guide | RSS ÷ guide | HTML ÷ guide |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, label in variants:
        b = builds[name]
        note = ROW_NOTES.get(name, "")
        label = f"{label} ({note})" if note else label
        time_ratio = ratio_per_round(b, guide, "total")
        lines.append(
            f"| {label} | {b['total']:.1f} | {size / b['total']:.1f} | {b['cpu']:.1f} "
            f"| {b['rss_mb']:.0f} MB | {b['html_kb']:.1f} KB | {_fmt_ratio(time_ratio)} "
            f"| {_fmt_ratio(ratio_per_round(b, guide, 'cpu'))} "
            f"| {_fmt_ratio(b['rss_mb'] / guide['rss_mb'])} "
            f"| {_fmt_ratio(b['html_kb'] / guide['html_kb']) if guide['html_kb'] else '–'} |"
        )
    return "\n".join(lines)


def phase_table(full: dict[int, dict]) -> str:
    """Boot, read, write of the guide and plain MyST: what the extension adds."""
    lines = [
        "| N | Phase | Guide | Plain MyST | Difference of the medians | Per-round ratio − 1 |",
        "|--:|---|--:|--:|--:|--:|",
    ]
    for size, builds in sorted(full.items()):
        ours, plain = builds["guide"], builds["plain"]
        for phase in ("boot", "init", "read", "write", "total", "cpu"):
            if phase not in ours or phase not in plain:
                continue
            name = "total CPU" if phase == "cpu" else phase
            lines.append(
                f"| {size} | {name} | {ours[phase]:.2f} s | {plain[phase]:.2f} s "
                f"| {ours[phase] - plain[phase]:+.2f} s "
                f"| {ratio_per_round(ours, plain, phase) - 1:+.1%} |"
            )
    return "\n".join(lines)


def target_lines(full: dict[int, dict], skipped: dict[str, str], quick: bool) -> list[str]:
    """The targets of issue #15, at the largest N, with their numbers."""
    large = max(full)
    builds = full[large]
    ours = builds["guide"]

    def verdict(ok: bool) -> str:
        return "**met**" if ok else "**missed**"

    def versus(other: str) -> tuple[float, str]:
        """The ratio that decides (the parallel build where it ran, as a large site
        builds: `jekyll-guide init` writes ``-j auto`` from 100 pages), and all ratios."""
        theirs = builds[other]
        parts = []
        for name, label in (
            ("guide", "serial"),
            ("guide-j2", "-j 2"),
            ("guide-j2-option", "-j 2 with jekyll_parallel_read_per_process"),
        ):
            if name in builds:
                r = ratio_per_round(builds[name], theirs, "total")
                parts.append(f"{label} {r:.2f} ({builds[name]['total']:.1f} s)")
        deciding = "guide" if quick else "guide-j2"
        r = ratio_per_round(builds[deciding], theirs, "total")
        mode = "serial" if quick else "-j 2"
        return r, f"{mode} {r:.2f}: " + "; ".join(parts) + f" vs {theirs['total']:.1f} s"

    lines = []
    if "mkdocs" in builds:
        r, numbers = versus("mkdocs")
        lines.append(
            f"- Guide faster than MkDocs-Material (time ratio < 1.0): {verdict(r < 1.0)} — "
            f"{numbers}"
        )
    else:
        lines.append(f"- Guide faster than MkDocs-Material: not measured ({skipped['mkdocs']})")
    if len(full) >= 2:
        small = min(full)
        growth = ours["html_kb"] / full[small]["guide"]["html_kb"]
        lines.append(
            f"- Guide HTML per page at N={large} ≤ 1.25× N={small}: {verdict(growth <= 1.25)} — "
            f"×{growth:.2f} ({ours['html_kb']:.1f} KB vs {full[small]['guide']['html_kb']:.1f} KB)"
        )
    overhead = ratio_per_round(ours, builds["plain"], "total") - 1
    cpu = ratio_per_round(ours, builds["plain"], "cpu") - 1
    lines.append(
        f"- Extension overhead ≤ 5 % over plain MyST: {verdict(overhead <= 0.05)} — "
        f"{overhead:+.1%} wall ({ours['total']:.1f} s vs {builds['plain']['total']:.1f} s), "
        f"{cpu:+.1%} CPU"
    )
    if not quick:
        ours_speedup = ratio_per_round(ours, builds["guide-j2"], "total")
        plain_speedup = ratio_per_round(builds["plain"], builds["plain-j2"], "total")
        read = ratio_per_round(ours, builds["guide-j2"], "read")
        plain_read = ratio_per_round(builds["plain"], builds["plain-j2"], "read")
        loads = [r["load"] for name in ("guide-j2", "plain-j2") for r in builds[name]["rounds"]]
        lines.append(
            f"- -j 2 speed-up at least plain MyST's: {verdict(ours_speedup >= plain_speedup)} — "
            f"guide ×{ours_speedup:.2f}, plain MyST ×{plain_speedup:.2f} (whole build; "
            f"read phase ×{read:.2f} vs ×{plain_read:.2f}; 1-min load average when the -j 2 "
            f"builds started: median {statistics.median(loads):.2f} on {os.cpu_count()} cores)"
        )
    rss = ours["rss_mb"] / builds["plain"]["rss_mb"]
    lines.append(
        f"- Peak RSS ≤ 1.2× plain MyST's: {verdict(rss <= 1.2)} — ×{rss:.2f} "
        f"({ours['rss_mb']:.0f} MB vs {builds['plain']['rss_mb']:.0f} MB)"
    )
    if "jekyll" in builds:
        r, numbers = versus("jekyll")
        lines.append(
            f"- Stretch: guide faster than Jekyll with its all-pages sidebar: {verdict(r < 1.0)} — "
            f"{numbers}"
        )
    else:
        lines.append(f"- Stretch: guide faster than Jekyll: not measured ({skipped['jekyll']})")
    return lines


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
    parser.add_argument("--quick", action="store_true", help="skip -j 2 and incremental")
    parser.add_argument(
        "--skip", nargs="+", default=[], choices=["mkdocs", "jekyll"], help="tools left out"
    )
    parser.add_argument("--jekyll", default="jekyll", help="the jekyll command")
    parser.add_argument("--output", type=Path, default=BENCH / "results.md")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument(
        "--guide-root",
        type=Path,
        default=None,
        help="measure the guide of this checkout (default: this one)",
    )
    parser.add_argument("--note", default="", help="a sentence for the report's header")
    parser.add_argument(
        "--render",
        type=Path,
        default=None,
        help="only write the report again from a results.json (to --output)",
    )
    args = parser.parse_args(argv)
    if args.render:
        text = render_report(json.loads(args.render.read_text("utf-8")))
        print(text)
        args.output.write_text(text, "utf-8")
        return 0
    global GUIDE_ROOT
    GUIDE_ROOT = (args.guide_root or ROOT).resolve()
    # the other packages were byte-compiled when pip installed them; the
    # extension is imported from its source folder, and with
    # PYTHONDONTWRITEBYTECODE set every build would compile it again (~60 ms)
    compileall.compile_dir(str(guide_file("_ext")), quiet=1)
    skipped = {tool: "left out (--skip)" for tool in args.skip}
    for tool, problem in (("mkdocs", mkdocs_problem), ("jekyll", jekyll_problem)):
        if tool not in skipped:
            reason = problem(args.jekyll) if tool == "jekyll" else problem()
            if reason:
                skipped[tool] = reason
    for tool, reason in skipped.items():
        print(f"{tool}: skipped, {reason}", flush=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="jekyll-bench-"))
    data: dict = {
        "meta": {"started": time.strftime("%Y-%m-%d %H:%M %Z"), "load_start": os.getloadavg()},
        "skipped": skipped,
        "quick": args.quick,
        "runs": {},
        "variants": [],
        "builds": {},
        "others": [],
    }
    full, others = data["builds"], data["others"]
    json_path = args.output.with_suffix(".json")
    for size in args.sizes:
        variants = variants_for(work, size, args, skipped)
        data["variants"] = [(v.name, v.label) for v in variants]
        runs = data["runs"][size] = args.runs or (7 if size <= 200 else 3)
        print(f"N={size}: {runs} rounds of {len(variants)} builds", flush=True)
        full[size] = interleaved_builds(
            variants, work / f"n{size}", runs, args.jekyll, lambda line: print(line, flush=True)
        )
        # every round's figures, kept as they come (results.json next to the report):
        # `--render results.json` writes the report again from them
        json_path.write_text(json.dumps(data, indent=1), "utf-8")
        if not args.quick:
            builds = full[size]
            guide = next(v for v in variants if v.name == "guide")
            one = incremental(guide, work / f"n{size}", runs, args.jekyll)
            others.append(
                (
                    f"One page changed, N={size}: rebuild / full build (guide)",
                    f"{one:.1f} s / {builds['guide']['total']:.1f} s "
                    f"({one / builds['guide']['total']:.1%})",
                )
            )
            chunked = ratio_per_round(builds["guide"], builds["guide-j2-option"], "read")
            sphinx = ratio_per_round(builds["guide"], builds["guide-j2"], "read")
            others.append(
                (
                    f"-j 2 read phase with jekyll_parallel_read_per_process, N={size}",
                    f"×{chunked:.2f} (Sphinx's chunking: ×{sphinx:.2f})",
                )
            )
    if not args.no_pdf:
        size = min(args.sizes)
        seconds = pdf_time(work / f"guide-{size}", work / f"n{size}")
        others.append(
            (
                f"PDF of the guide (LaTeX + latexmk), N={size}",
                f"{seconds:.1f} s" if seconds is not None else "skipped (no TeX Live)",
            )
        )
    tools = ", ".join(
        tool_version(tool, args.jekyll) for tool in TOOLS if tool == "sphinx" or tool not in skipped
    )
    data["meta"] |= {
        "ended": time.strftime("%H:%M %Z"),
        "load_end": os.getloadavg(),
        "machine": (
            f"{platform.node() or 'machine'}: {platform.machine()}, {os.cpu_count()} cores, "
            f"{_memory()}, {platform.system()} {platform.release()}, Python "
            f"{platform.python_version()}; {tools}"
        ),
        "guide": f"{guide_state(GUIDE_ROOT)}. {args.note}".rstrip(),
    }
    json_path.write_text(json.dumps(data, indent=1), "utf-8")
    text = render_report(data)
    print(text)
    args.output.write_text(text, "utf-8")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def render_report(data: dict) -> str:
    """The Markdown report of a run (``data`` as in results.json)."""
    meta, skipped = data["meta"], data["skipped"]
    full = {int(size): builds for size, builds in data["builds"].items()}
    runs = {int(size): count for size, count in data["runs"].items()}
    variants = [tuple(pair) for pair in data["variants"]]
    report = [
        "# Benchmark: the guide, plain MyST, MkDocs-Material, Jekyll",
        "",
        f"Measured {meta['started']} – {meta['ended']} on {meta['machine']}. Load average "
        f"(1, 5, 15 min) {', '.join(f'{x:.2f}' for x in meta['load_start'])} at the start, "
        f"{', '.join(f'{x:.2f}' for x in meta['load_end'])} at the end (a virtual "
        f"machine: its host may run other work, which only the timings show). {meta['guide']}",
        "",
        "Medians of interleaved rounds (every build a fresh process); ratios are medians of "
        "the per-round ratios. Pages/s = N / seconds; CPU = user + system time of the build "
        "and its children (less sensitive to the load than seconds); peak RSS = the largest "
        "process of the build (Sphinx's -j workers included); HTML/page = mean size of the "
        "N pages' HTML files (KB = 1 024 bytes). Generated by `benchmarks/run.py`.",
        "",
    ]
    if skipped:
        report += [f"Skipped: {tool}, {reason}." for tool, reason in skipped.items()] + [""]
    for size, builds in sorted(full.items()):
        loads = [r["load"] for b in builds.values() for r in b["rounds"]]
        report.append(
            f"### N = {size} ({runs[size]} interleaved rounds; 1-min load average at the "
            f"builds' start {min(loads):.2f}–{max(loads):.2f}, median "
            f"{statistics.median(loads):.2f})\n\n"
            f"{size_table(size, builds, [v for v in variants if v[0] in builds])}\n"
        )
    report += [
        "### Targets (issue #15), at N = " + str(max(full)),
        "",
        *target_lines(full, skipped, data["quick"]),
        "",
        "### What is ours, what is Sphinx's: the guide's phases next to plain MyST's",
        "",
        "Boot: interpreter, imports, extension set-up; init: configuration, builder and "
        "theme set-up, finding the pages; read: parsing (MyST, and the "
        "extension's front matter, Liquid and kramdown rules); write: resolving, the theme's "
        "templates (and the extension's layout sidebar), HTML, search index.",
        "",
        phase_table(full),
        "",
    ]
    others = [tuple(pair) for pair in data["others"]]
    if len(full) >= 2:
        small, large = min(full), max(full)
        names = [(n, label) for n, label in variants if n in full[small] and n in full[large]]
        others.append(
            (
                f"Scaling: time(N={large}) / time(N={small}), ×{large / small:g} pages",
                "; ".join(
                    f"{label} {full[large][n]['total'] / full[small][n]['total']:.2f}"
                    for n, label in names
                ),
            )
        )
    if others:
        report += [
            "### Other figures",
            "",
            "| Figure | Result |",
            "|---|---|",
            *(f"| {name} | {value} |" for name, value in others),
            "",
        ]
    return "\n".join(report)


def _memory() -> str:
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        return f"{pages / 2**30:.0f} GB RAM"
    except (ValueError, OSError):
        return "RAM unknown"


if __name__ == "__main__":
    sys.exit(main())
