"""Sphinx extension used by the benchmark: when each build phase starts and ends."""

import json
import os
import time

_TIMES: dict[str, float] = {}


def _mark(name):
    def handler(*args):
        _TIMES.setdefault(name, time.perf_counter())

    return handler


def _finish(app, exception):
    _TIMES["end"] = time.perf_counter()
    path = os.environ.get("JEKYLL_BENCH_TIMING")
    if path:
        with open(path, "w") as handle:
            json.dump(_TIMES, handle)


def setup(app):
    _TIMES["start"] = time.perf_counter()
    app.connect("env-before-read-docs", _mark("read_start"))
    app.connect("env-updated", _mark("read_end"))
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
