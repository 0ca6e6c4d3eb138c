"""One page that is not valid UTF-8 must not stop the whole build.

Sphinx reads sources strictly and aborts on the first undecodable byte.  The
extension reads them through a tolerant UTF-8 codec instead (bytes that are not
UTF-8 become U+FFFD), and the parser reports where they were.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
from pathlib import Path

CODEC_NAME = "jekyll_utf_8_sig"


class _TolerantDecoder(encodings.utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _search(name: str) -> codecs.CodecInfo | None:
    if name != CODEC_NAME:
        return None
    utf8 = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        name=CODEC_NAME,
        encode=utf8.encode,
        decode=lambda data, errors="strict": utf8.decode(data, "replace"),
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_TolerantDecoder,
        streamreader=utf8.streamreader,
        streamwriter=utf8.streamwriter,
    )


codecs.register(_search)


def first_invalid_line(path: str) -> int | None:
    """1-based line of the first byte sequence that is not UTF-8, if any."""
    try:
        data = Path(path).read_bytes()  # closed at once, unlike open(...).read()
    except OSError:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return None


def read_sources_tolerantly(app, env, docnames) -> None:
    if env.settings.get("input_encoding", "").lower().replace("-", "_") in ("utf_8_sig", "utf_8"):
        env.settings["input_encoding"] = CODEC_NAME


def setup_encoding(app) -> None:
    app.connect("env-before-read-docs", read_sources_tolerantly)
