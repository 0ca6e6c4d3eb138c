"""Sphinx extension used by the benchmark: when each build phase starts and ends.

With ``JEKYLL_BENCH_ONE_READ_CHUNK_PER_PROCESS=1`` it also changes how Sphinx
splits the documents between the parallel readers (one chunk per process
instead of ``make_chunks``' ~sqrt(N) chunks).  That is an experiment of the
benchmark, never done by the extension: it shows how much of the ``-j 2`` read
time is Sphinx's chunking (every chunk sends back the whole environment,
including all the chunks merged before it was forked; sphinx-doc/sphinx#10967).
"""

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


def _read_one_chunk_per_process() -> None:
    from sphinx import builders
    from sphinx.util import parallel

    read_parallel = builders.Builder._read_parallel

    def one_chunk_per_process(arguments, nproc, maxbatch=10):
        return parallel.make_chunks(arguments, nproc, maxbatch=len(arguments) + 1)

    def patched(self, docnames, nproc):
        builders.make_chunks = one_chunk_per_process
        try:
            return read_parallel(self, docnames, nproc)
        finally:
            builders.make_chunks = parallel.make_chunks

    builders.Builder._read_parallel = patched


def setup(app):
    _TIMES["start"] = time.perf_counter()
    if os.environ.get("JEKYLL_BENCH_ONE_READ_CHUNK_PER_PROCESS"):
        _read_one_chunk_per_process()
    app.connect("env-before-read-docs", _mark("read_start"))
    app.connect("env-updated", _mark("read_end"))
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
