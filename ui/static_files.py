"""What a phone downloads before the app even connects: Streamlit's JavaScript and CSS, served
compressed and cached for good.

Streamlit serves its 23 MB of bundles uncompressed (its server would otherwise recompress every
file on every request); a phone's first visit then moves about 2.3 MB over the venue's Wi-Fi,
while the whole room scans the QR code at once. GapMap compresses the files **once** per Streamlit
version (gzip level 9, about a second at the first start), keeps the copies on disk, and serves
them with ServeStatic (a well-kept ASGI static file server, WhiteNoise's successor): the
compressed variant when the browser accepts it, `Vary: Accept-Encoding`, ETags, and
`Cache-Control: public, immutable` for ten years on the content-hashed bundles (a new Streamlit
release has new names). Nothing else changes: every other path goes to Streamlit.

Brotli and zstd are left out: browsers offer them only over HTTPS, and a venue's local address is
plain HTTP; behind an HTTPS proxy, the proxy compresses (README, "Running a bigger event").
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import streamlit
from servestatic.asgi import ServeStaticASGI
from servestatic.compress import Compressor
from starlette.middleware import Middleware

#: Streamlit's frontend bundles (`/static/...` on the server).
BUNDLES = Path(streamlit.__file__).parent / "static" / "static"
#: Vite names every bundle by its content hash ("index.DormvYxC.js"): such a file never changes.
HASHED = re.compile(r"\.[A-Za-z0-9_-]{8}\.(?:js|css|woff2?|ttf|svg|png|gif|json)$")
#: Where the compressed copies live (one folder per Streamlit version); GAPMAP_STATIC_CACHE moves it.
CACHE_VAR = "GAPMAP_STATIC_CACHE"


def cache_root() -> Path:
    configured = os.environ.get(CACHE_VAR)
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gapmap" / "static"


def compressed_bundles(root: Path | None = None) -> Path:
    """A copy of Streamlit's bundles with a `.gz` beside every compressible file, made once per
    Streamlit version. Built in a private folder and renamed into place, so processes starting
    together never see half a copy (the first rename wins; the others drop theirs)."""
    root = root or cache_root()
    target = root / f"streamlit-{streamlit.__version__}"
    if (target / ".complete").exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        copy = building / "bundles"
        shutil.copytree(BUNDLES, copy)
        compressor = Compressor(use_gzip=True, use_brotli=False, use_zstd=False, quiet=True)
        for path in copy.rglob("*"):
            if path.is_file() and compressor.should_compress(path.name):
                compressor.compress(path)
        (copy / ".complete").touch()
        if target.exists():  # an unfinished copy from a process that died: replace it
            shutil.rmtree(target, ignore_errors=True)
        try:
            copy.rename(target)
        except OSError:  # another process renamed its copy first
            if not (target / ".complete").exists():
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


def middleware(base_url_path: str = "") -> Middleware:
    """ServeStatic in front of Streamlit for `/<base>/static/`, from the compressed copy."""
    base = base_url_path.strip("/")
    prefix = f"{base}/static/" if base else "static/"
    return Middleware(ServeStaticASGI, root=str(compressed_bundles()), prefix=prefix,
                      immutable_file_test=HASHED.pattern, max_age=3600,
                      allow_all_origins=False)
