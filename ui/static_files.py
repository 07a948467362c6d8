"""What a phone downloads before the app even connects: Streamlit's JavaScript, CSS and fonts,
served compressed, from memory, and cached by the phone for good.

Streamlit serves its bundles uncompressed, reading each file again for every request: a cold
phone moved 3.1 MB over the venue's Wi-Fi in 105 files, and when the whole room scans the QR code
at once that is 600 MB for 200 phones, with about 2 ms of the server's single event loop per file.
GapMap instead:

- compresses the bundles **once** per Streamlit version (ServeStatic's `Compressor`, gzip level 9,
  about five seconds at the first start) into a folder on disk (`GAPMAP_STATIC_CACHE`), with the
  icon font cut down to the icons GapMap and Streamlit draw (`ui.icon_font`: 375 KB → 12 KB) and
  the text font to the scripts a consultation reads and types (`ui.text_font`: 170 KB → 62 KB);
- keeps each file a phone asks for in memory, once per process (about 1 MB for what the
  delegate pages use), and answers from there in one piece: no file read per request;
- sends the gzip copy to a browser that accepts it (`Vary: Accept-Encoding`), an ETag, and
  `Cache-Control: public, max-age=<10 years>, immutable` for the content-hashed bundles, so a
  phone fetches each one once; `304 Not Modified` for a phone that asks again. The cut fonts keep
  Streamlit's content-hashed names but not their content, so they are revalidated instead
  (`no-cache` with the ETag): an update that adds an icon or a character reaches phones that have
  the old cut.

The text font, Source Sans (preloaded by Streamlit's index.html), is cut rather than left out: the
theme's `font = "sans-serif"` is Streamlit's name for it, and even a theme with another font has a
cold phone fetch it (Streamlit's first paint, before the app's theme arrives, uses its default
theme), so leaving the preload out would save nothing on the wire. Its italic (138 KB) is fetched
only by a page that shows italics, which the delegate's path does not: it stays whole.

Measured with `python -m bench.qr_moment` (README, "How many delegates one host carries").
Brotli and zstd are left out: browsers offer them only over HTTPS, and a venue's local address
is plain HTTP; behind an HTTPS proxy, the proxy compresses. Every other path goes to Streamlit.
"""
from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import streamlit
from servestatic.compress import Compressor

from ui import icon_font, text_font

#: Streamlit's frontend bundles (`/static/...` on the server).
BUNDLES = Path(streamlit.__file__).parent / "static" / "static"
#: Vite names every bundle by its content hash ("index.DormvYxC.js"): such a file never changes.
HASHED = re.compile(r"\.[A-Za-z0-9_-]{8}\.(?:js|css|woff2?|ttf|svg|png|gif|json)$")
FOREVER = "public, max-age=315360000, immutable"
#: Files GapMap changes under Streamlit's hashed name (the cut fonts): a phone asks again each time.
REVALIDATE = "no-cache"
CUT = (icon_font.FONT_GLOB, text_font.FONT_GLOB)
TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml",
         ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".png": "image/png"}
#: Where the compressed copies live (a folder per Streamlit version and cut); GAPMAP_STATIC_CACHE moves it.
CACHE_VAR = "GAPMAP_STATIC_CACHE"


def cache_root() -> Path:
    configured = os.environ.get(CACHE_VAR)
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gapmap" / "static"


def copy_name(icons: set[str] | None = None, characters: set[str] | None = None) -> str:
    """The copy's folder: one per Streamlit version, GapMap icon list (`ui.icon_font`) and text
    font cut (`ui.text_font`: its blocks and GapMap's characters)."""
    icons = icon_font.app_icons() if icons is None else icons
    characters = text_font.app_characters() if characters is None else characters
    return (f"streamlit-{streamlit.__version__}-icons-{icon_font.icons_key(icons)}"
            f"-text-{text_font.characters_key(characters)}")


def compressed_bundles(root: Path | None = None) -> Path:
    """A copy of Streamlit's bundles with a `.gz` beside every file worth compressing and the icon
    and text fonts cut, made once per Streamlit version and cut. Built in a private folder and
    renamed into place, so processes starting together never see half a copy (the first rename
    wins; the others drop theirs)."""
    root = root or cache_root()
    icons, characters = icon_font.app_icons(), text_font.app_characters()
    target = root / copy_name(icons, characters)
    if (target / ".complete").exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        copy = building / "bundles"
        shutil.copytree(BUNDLES, copy)
        if (font := icon_font.font_file(copy)) is not None:
            icon_font.subset(font, icons | icon_font.frontend_icons(BUNDLES))
        if (font := text_font.font_file(copy)) is not None:
            text_font.subset(font, characters)
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


@dataclass(frozen=True)
class _File:
    body: bytes
    gzipped: bytes | None
    headers: list[tuple[bytes, bytes]]  # the headers every answer carries
    etag: bytes


class StaticFiles:
    """ASGI middleware: GET and HEAD under `prefix` answered from memory (the compressed copy
    beside each file when the browser accepts gzip); anything else, and a file that is not there,
    goes on to the app."""

    def __init__(self, app, root: Path, prefix: str = "/static/"):
        self.app, self.root, self.prefix = app, root.resolve(), prefix
        self._files: dict[str, _File | None] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") \
                or not scope["path"].startswith(self.prefix):
            return await self.app(scope, receive, send)
        found = self._file(scope["path"][len(self.prefix):])
        if found is None:
            return await self.app(scope, receive, send)
        asked = dict(scope["headers"])
        if asked.get(b"if-none-match") == found.etag:
            await send({"type": "http.response.start", "status": 304, "headers": found.headers})
            return await send({"type": "http.response.body", "body": b""})
        gzip = found.gzipped is not None and b"gzip" in asked.get(b"accept-encoding", b"")
        body = found.gzipped if gzip else found.body
        headers = [*found.headers, (b"content-length", str(len(body)).encode())]
        if gzip:
            headers.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    def _file(self, relative: str) -> _File | None:
        """The file at `relative` under the root, read once (None: not a file there)."""
        if relative in self._files:
            return self._files[relative]
        path = (self.root / relative).resolve()
        loaded = None
        if path.is_relative_to(self.root) and path.is_file() and not path.name.startswith("."):
            body = path.read_bytes()
            packed = path.with_name(path.name + ".gz")
            etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'.encode()
            kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
                kind += "; charset=utf-8"
            loaded = _File(body, packed.read_bytes() if packed.exists() else None, [
                (b"content-type", kind.encode()), (b"etag", etag), (b"vary", b"Accept-Encoding"),
                (b"cache-control", _caching(path.name).encode()),
            ], etag)
        with self._lock:
            if len(self._files) > 2000:  # only ever Streamlit's own files; a bound all the same
                self._files.clear()
            self._files[relative] = loaded
        return loaded


def _caching(name: str) -> str:
    if any(fnmatch(name, cut) for cut in CUT):
        return REVALIDATE
    return FOREVER if HASHED.search(name) else "public, max-age=3600"


def middleware(base_url_path: str = ""):
    """The middleware for `st.App`, in front of Streamlit's `/<base>/static/` route."""
    from starlette.middleware import Middleware

    base = base_url_path.strip("/")
    return Middleware(StaticFiles, root=compressed_bundles(), prefix=f"/{base}/static/" if base else "/static/")
