"""The Jekyll site around the pages: ``_config.yml``, ``_data/``, defaults.

Loaded once per build (``builder-inited``) and shared by every page read, in
parallel readers too (they are forked after it is loaded).
"""

from __future__ import annotations

import dataclasses
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import liquid_limits
from .frontmatter import MAX_YAML_SIZE
from .kramdown import KramdownOptions
from .liquid import JekyllEnvironment, load_site_config, load_site_data
from .log import warn_file
from .warnings import WarningKind

#: kramdown settings of ``_config.yml`` that change what the pages say, with the
#: types they take (others, such as ``syntax_highlighter``, only change looks).
KRAMDOWN_SETTINGS: dict[str, tuple[type, ...]] = {
    "input": (str,),
    "hard_wrap": (bool,),
    "auto_ids": (bool,),
    "auto_id_prefix": (str,),
    "auto_id_stripping": (bool,),
    "toc_levels": (list, str, int),
    "parse_block_html": (bool,),
    "parse_span_html": (bool,),
    "header_offset": (int,),
    "gfm_quirks": (list, str),
}
#: Settings Jekyll or kramdown accept that do not change ids, classes or structure.
KRAMDOWN_COSMETIC = {
    "syntax_highlighter",
    "syntax_highlighter_opts",
    "coderay_line_numbers",
    "smart_quotes",
    "entity_output",
    "guess_lang",
    "footnote_nr",
    "show_warnings",
    "math_engine",
    "math_engine_opts",
    "typographic_symbols",
    "footnote_backlink",
    "template",
    "enable_coderay",
    "transliterated_header_ids",
    "remove_block_html_tags",
    "remove_span_html_tags",
    "html_to_native",
    "link_defs",
    "footnote_prefix",
    "toc_levels_",
    "line_width",
    "forbidden_inline_options",
    "list_indent",
    "remove_line_breaks_for_cjk",
    "smart_quotes_",
    "footnote_backlink_inline",
}
INPUTS = {"gfm": "GFM", "kramdown": "kramdown"}


def kramdown_options(site: dict[str, Any]) -> tuple[KramdownOptions, list[str]]:
    """kramdown's options as Jekyll passes them: its defaults, then ``kramdown:``.

    Jekyll's defaults are GFM input, ``auto_ids``, no ``hard_wrap``.  Returns the
    options and a message for every value that is not understood.
    """
    problems: list[str] = []
    markdown = site.get("markdown", "kramdown")
    if str(markdown).lower() != "kramdown":
        problems.append(
            f"markdown: {markdown!r} in _config.yml: pages are rendered with kramdown "
            "(the only Markdown converter of current Jekyll); remove the setting or set "
            "'markdown: kramdown'"
        )
    settings = site.get("kramdown") or {}
    if not isinstance(settings, dict):
        problems.append("'kramdown:' in _config.yml must be a mapping of settings; ignored")
        settings = {}
    values: dict[str, Any] = {}
    for key, value in settings.items():
        if key in KRAMDOWN_SETTINGS:
            if not isinstance(value, KRAMDOWN_SETTINGS[key]) or isinstance(value, bool) != (
                bool in KRAMDOWN_SETTINGS[key]
            ):
                problems.append(f"kramdown: {key}: {value!r} has the wrong type; ignored")
                continue
            if key == "input":
                if str(value).lower() not in INPUTS:
                    problems.append(
                        f"kramdown: input: {value!r} is not supported (GFM or kramdown); using GFM"
                    )
                    continue
                value = INPUTS[str(value).lower()]
            values[key] = value
        elif key not in KRAMDOWN_COSMETIC:
            problems.append(f"kramdown: {key!r} is not a kramdown setting the guide knows; ignored")
    known = {f.name for f in dataclasses.fields(KramdownOptions)}
    options = KramdownOptions(**{k: v for k, v in values.items() if k in known})
    return options, problems


@dataclass
class SiteContext:
    site_dir: Path
    site: dict[str, Any] = field(default_factory=dict)
    liquid: JekyllEnvironment | None = None
    kramdown_options: KramdownOptions = field(default_factory=KramdownOptions)
    dependencies: list[str] = field(default_factory=list)
    #: jekyll_max_yaml_size, for the front matter read outside the page's own parse
    max_yaml_size: int = MAX_YAML_SIZE

    def defaults_for(self, path: str, front_matter: dict[str, Any]) -> dict[str, Any]:
        """Jekyll's ``defaults:`` whose scope matches ``path`` (relative to the site)."""
        values: dict[str, Any] = {}
        for rule in self.site.get("defaults") or []:
            if not isinstance(rule, dict) or not isinstance(rule.get("values"), dict):
                continue
            scope = rule.get("scope") if isinstance(rule.get("scope"), dict) else {}
            prefix = str(scope.get("path") or "").strip("/")
            if prefix and not (path == prefix or path.startswith(prefix + "/")):
                continue
            wanted_layout = scope.get("layout")
            if wanted_layout and front_matter.get("layout") not in (None, wanted_layout):
                continue
            values.update(rule["values"])
        return values


def load_site_context(app) -> None:
    config = app.config
    site_dir = Path(app.srcdir) / config.jekyll_site_dir
    config_file = site_dir / "_config.yml"
    max_yaml_size = config.jekyll_max_yaml_size
    problems: list[tuple[Path, str]] = []
    site = load_site_config(config_file, max_yaml_size=max_yaml_size, problems=problems)
    site.update(config.jekyll_site)
    data_dir = site_dir / "_data"
    site["data"] = load_site_data(data_dir, max_yaml_size=max_yaml_size, problems=problems)
    for path, message in problems:
        warn_file(str(path), WarningKind.YAML_TOO_LARGE, message)
    dependencies = [str(config_file)] if config_file.is_file() else []
    if data_dir.is_dir():
        dependencies += [str(p) for p in sorted(data_dir.rglob("*")) if p.is_file()]
    options, problems = kramdown_options(site)
    options = dataclasses.replace(
        options,
        max_attributes=config.jekyll_max_attributes,
        max_blocks=config.jekyll_max_page_blocks,
        max_nesting=config.jekyll_max_nesting,
    )
    for problem in problems:
        warn_file(str(config_file), WarningKind.CONFIG, problem)
    app.jekyll_site = SiteContext(
        site_dir=site_dir,
        site=site,
        kramdown_options=options,
        liquid=JekyllEnvironment(site_dir / "_includes", site, limits=liquid_limits(config)),
        dependencies=dependencies,
        max_yaml_size=max_yaml_size,
    )


def site_context(app) -> SiteContext:
    if not hasattr(app, "jekyll_site"):
        load_site_context(app)
    return app.jekyll_site


def site_relative_path(app, docname: str, source_path: str) -> str:
    """The page's path as Jekyll sees it, relative to the site folder."""
    relative = Path(source_path).resolve().relative_to(Path(app.srcdir).resolve())
    site_dir = app.config.jekyll_site_dir.strip("/")
    path = relative.as_posix()
    if site_dir and path.startswith(site_dir + "/"):
        path = path[len(site_dir) + 1 :]
    return posixpath.normpath(path)


def setup_site(app) -> None:
    app.connect("builder-inited", load_site_context)
