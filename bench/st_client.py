"""A browser-less Streamlit client for load benchmarks: what a phone sends and receives, without
the phone.

`Frontend` reads once, from the server, what a browser fetches of Streamlit's frontend: the files
index.html links (script, module preloads, style sheet, font, icon) with every module they
import, and per element type the lazily loaded chunk (and font) the browser fetches when the app
first draws one. `PageLoader` is one phone's HTTP/1.1: up to six keep-alive connections,
`Accept-Encoding: gzip, deflate, br`; it counts the bytes on the wire (compressed where the
server compresses).

`StreamlitClient` is one app session over the WebSocket at `/_stcore/stream`, in Streamlit's own
protocol: it sends `BackMsg.rerun_script` (a `ClientState`: query string, page, widget states,
fragment id, the hashes of the messages it has cached) and reads `ForwardMsg`s: `new_session`
starts a run (and names its page), `delta`s carry the elements (a widget's id ends with its user
key: `$$ID-<hash>-<key>`), `page_info_changed` the new query string, `script_finished` ends a
run, `auto_rerun` asks for a fragment's timer (`run_every`), which it keeps as a browser does, and
`ref_hash` refers to a message it cached. With `follow_pulses`, it also does what the pulse
component's JavaScript does (`ui.pulse`): ask the component's route every `every` ms over HTTP and,
when the answer is no longer what the page was drawn from, send the component's trigger (a
`json_trigger_value` on its events widget), which reruns its fragment. `st.switch_page` and
`st.rerun` are run by the server itself: the client only follows the page in `new_session`.
"""
from __future__ import annotations

import asyncio
import json
import random
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import h11
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

PHONE_HEADERS = [
    ("user-agent", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126 Mobile"),
    ("accept-encoding", "gzip, deflate, br"),
    ("accept-language", "en-GB,en;q=0.9"),
]
SUBPROTOCOLS = ["streamlit", "PLACEHOLDER_AUTH_TOKEN"]
FINAL = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
         ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


class ClientError(Exception):
    """The app did not do what the client waited for (a timeout, an error shown, a closed socket)."""


def keep_cookie(jar: dict[str, str], set_cookie: str) -> None:
    """Keep a `Set-Cookie` header's name and value (attributes ignored: one host, one path)."""
    name, _, value = set_cookie.split(";", 1)[0].partition("=")
    if name.strip():
        jar[name.strip()] = value.strip()


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


# --- HTTP: the page load -----------------------------------------------------------------------

@dataclass
class Fetched:
    path: str
    status: int
    wire_bytes: int  # status line, headers and body as sent (compressed if the server compressed)
    encoding: str  # Content-Encoding, "" for none
    body: bytes  # decoded (gzip/deflate), only when asked for


_LINK = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="\./([^"]+)"[^>]*>')
_STATIC_IMPORT = re.compile(r'(?:\bfrom|\bimport)\s*["\'`]\./([\w.\-]+\.js)["\'`]')
_LAZY = re.compile(r'import\(`\./([\w.\-]+\.js)`\),__vite__mapDeps\(\[([\d,]*)\]\)')
_DEPS = re.compile(r'__vite__mapDeps=.*?m\.f=\[(.*?)\]')
_FONT = re.compile(r'url\(\.\./media/(([\w-]+)[\w.-]*\.woff2)\)')
#: Element types drawn by a chunk of another name, and the fonts an element type makes the browser
#: load (the style sheet declares them all; a browser fetches a font when text first uses it).
CHUNK_ALIASES = {"code": ["streamlitsyntaxhighlighter"]}
FONTS = {"code": ["SourceCodeVF-Upright"]}
MATERIAL_FONT = "MaterialSymbols-Rounded"  # any `:material/…:` icon


def html_links(html: str) -> list[str]:
    """The files index.html has the browser load at once (not `service-desc`: never fetched)."""
    return [m.group(1) for m in _LINK.finditer(html)
            if "service-desc" not in m.group(0) and not m.group(1).startswith("_stcore/")]


def js_imports(path: str, source: str) -> list[str]:
    """The modules a JS file imports statically (fetched before it runs), as site paths."""
    folder = path.rsplit("/", 1)[0]
    return [f"{folder}/{name}" for name in _STATIC_IMPORT.findall(source)]


def lazy_chunks(main_path: str, source: str) -> dict[str, list[str]]:
    """Chunk name (lower case) → the files it needs, then itself: the main bundle's
    `import(`./Selectbox.<hash>.js`)` calls and Vite's table of their dependencies."""
    folder = main_path.rsplit("/", 1)[0]
    table = _DEPS.search(source)
    names = re.findall(r'"([^"]+)"', table.group(1)) if table else []

    def site(name: str) -> str:
        return f"{folder}/{name[2:]}" if name.startswith("./") else f"static/{name[3:]}"

    chunks = {}
    for chunk, deps in _LAZY.findall(source):
        files = [site(names[int(i)]) for i in deps.split(",") if i and int(i) < len(names)]
        chunks[chunk.split(".")[0].lower()] = [*files, f"{folder}/{chunk}"]
    return chunks


class PageLoader:
    """One phone's HTTP/1.1 connections to the app: up to six, kept alive, as a browser opens."""

    def __init__(self, base: str, *, connections: int = 6, cookies: dict[str, str] | None = None):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.connections = connections
        self.fetched: dict[str, Fetched] = {}
        #: What the server set (a sticky proxy's replica cookie), sent back as a browser does; shared
        #: with the phone's StreamlitClient, whose WebSocket handshake carries them too.
        self.cookies: dict[str, str] = {} if cookies is None else cookies
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self._open = 0
        self._free = asyncio.Condition()

    @property
    def wire_bytes(self) -> int:
        return sum(f.wire_bytes for f in self.fetched.values())

    async def get(self, path: str, *, keep_body: bool = False) -> Fetched:
        """GET /path (it may carry a query string) on a free keep-alive connection. A kept-alive
        connection the server has closed meanwhile (uvicorn: after 5 s idle) is replaced and the
        request sent again, as a browser does."""
        for attempt in range(2):
            reader, writer, reused = await self._connection(fresh=attempt > 0)
            reusable = False
            try:
                fetched, reusable = await self._exchange(reader, writer, path, keep_body)
                break
            except (h11.RemoteProtocolError, ConnectionError) as exc:
                if not reused or attempt:
                    raise ClientError(f"GET /{path}: {exc!r}") from exc
            finally:
                await self._release(reader, writer, reusable)
        self.fetched[path] = fetched
        if fetched.status != 200:
            raise ClientError(f"GET /{path}: HTTP {fetched.status}")
        return fetched

    async def _exchange(self, reader, writer, path: str, keep_body: bool) -> tuple[Fetched, bool]:
        """One request and its response on an open connection; and whether it can be reused."""
        conn = h11.Connection(h11.CLIENT)
        cookie = [("cookie", cookie_header(self.cookies))] if self.cookies else []
        request = h11.Request(method="GET", target=f"/{path}",
                              headers=[("host", f"{self.host}:{self.port}"), *PHONE_HEADERS, *cookie])
        writer.write(conn.send(request) + conn.send(h11.EndOfMessage()))
        wire, body, response = 0, [], None
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                data = await reader.read(65536)
                wire += len(data)
                conn.receive_data(data)
            elif isinstance(event, h11.Response):
                response = event
            elif isinstance(event, h11.Data):
                if keep_body:
                    body.append(event.data)
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                raise ConnectionResetError("the server closed the connection")
        headers = {k.decode().lower(): v.decode() for k, v in response.headers}
        for name, value in response.headers:
            if name.lower() == b"set-cookie":
                keep_cookie(self.cookies, value.decode())
        encoding = headers.get("content-encoding", "")
        data = b"".join(body)
        if data and encoding in ("gzip", "deflate"):
            data = zlib.decompress(data, 47)  # 47: a gzip or zlib header, detected
        reusable = conn.our_state is h11.DONE and conn.their_state is h11.DONE
        return Fetched(path, response.status_code, wire, encoding, data), reusable

    async def fetch_all(self, paths: list[str]) -> None:
        """Fetch the files not fetched yet, six at a time."""
        await asyncio.gather(*(self.get(p) for p in dict.fromkeys(paths) if p not in self.fetched))

    async def close(self) -> None:
        for _, writer in self._idle:
            writer.close()
        self._idle.clear()

    async def _connection(self, *, fresh: bool = False):
        """(reader, writer, reused): a kept-alive connection, or a new one while fewer than six
        are open; `fresh`: a new one (in place of a kept-alive one, if any)."""
        async with self._free:
            await self._free.wait_for(lambda: self._idle or self._open < self.connections)
            if self._idle:
                reader, writer = self._idle.pop()
                if not fresh:
                    return reader, writer, True
                writer.close()  # its place goes to the new connection
            else:
                self._open += 1
        try:
            return (*await asyncio.open_connection(self.host, self.port), False)
        except OSError:
            async with self._free:
                self._open -= 1
                self._free.notify()
            raise

    async def _release(self, reader, writer, reusable: bool) -> None:
        async with self._free:
            if reusable:
                self._idle.append((reader, writer))
            else:
                writer.close()
                self._open -= 1
            self._free.notify()


@dataclass
class Frontend:
    """What a browser fetches of Streamlit's frontend, read once from the server: the files
    index.html links and everything they import (`startup`), the lazily loaded chunk of each
    element type with its dependencies (`chunks`), and the fonts the style sheet declares."""

    startup: list[str]
    chunks: dict[str, list[str]]
    fonts: dict[str, str]  # "SourceCodeVF-Upright" → its path

    @classmethod
    async def read(cls, base: str, page: str = "") -> Frontend:
        loader = PageLoader(base)
        try:
            html = (await loader.get(page, keep_body=True)).body.decode()
            startup, queue, chunks, fonts = [], html_links(html), {}, {}
            while queue:
                path = queue.pop(0)
                if path in startup:
                    continue
                startup.append(path)
                if path.endswith((".js", ".css")):
                    source = (await loader.get(path, keep_body=True)).body.decode(errors="replace")
                    queue += js_imports(path, source)
                    if "__vite__mapDeps" in source:
                        chunks.update(lazy_chunks(path, source))
                    fonts.update({name: f"static/media/{file}" for file, name in _FONT.findall(source)})
            return cls(startup, chunks, fonts)
        finally:
            await loader.close()

    def files_for(self, element_types: set[str], material_icons: bool = False) -> list[str]:
        """The chunks and fonts a browser loads to draw these element types (in `Element`'s
        field names: "selectbox", "text_area", …)."""
        files: list[str] = []
        for kind in sorted(element_types):
            name = kind.replace("_", "")
            for chunk in CHUNK_ALIASES.get(kind, [name]):
                files += self.chunks.get(chunk, [])
            files += [self.fonts[f] for f in FONTS.get(kind, []) if f in self.fonts]
        if material_icons and MATERIAL_FONT in self.fonts:
            files.append(self.fonts[MATERIAL_FONT])
        return list(dict.fromkeys(files))

    async def load(self, loader: PageLoader, page: str, *, cold: bool = True) -> None:
        """A page load as the browser does it: the HTML; when cold (nothing cached) the files it
        links and their imports; then the app's health check and host configuration."""
        await loader.get(page)
        if cold:
            await loader.fetch_all(self.startup)
        await loader.fetch_all(["_stcore/health", "_stcore/host-config"])


# --- WebSocket: the app session ------------------------------------------------------------------

class _CountingConnection(ClientConnection):
    """A websockets connection that counts the bytes it receives on the wire (after
    permessage-deflate, with frame headers and the handshake's answer)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bytes_in = 0

    def data_received(self, data: bytes) -> None:
        self.bytes_in += len(data)
        super().data_received(data)


def key_of(element_id: str) -> str | None:
    """The user key in a widget id `$$ID-<hash>-<key>` (None for an element without one)."""
    parts = element_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" and parts[2] != "None" else None


@dataclass
class Widget:
    id: str
    kind: str  # the element type: "selectbox", "checkbox", "button", …
    proto: object  # the element's widget proto (its options, label, …)
    fragment_id: str  # "" outside a fragment


@dataclass
class Run:
    """A script run the server started for this session."""

    run_id: str
    page: str  # page_script_hash
    fragment: bool
    started: float
    cause: str  # the user action it answers (`StreamlitClient.action`), or "tick" (a `run_every` timer)
    status: int | None = None  # the ForwardMsg.ScriptFinishedStatus, once finished
    finished: float | None = None


@dataclass
class StreamlitClient:
    """One browser tab's app session. `await connect(query_string)`, then act and wait:

        await client.connect("code=BKK2024")
        await client.wait_for_run(after=0, key="join-start")
        after = len(client.runs)
        await client.set_widget("join-consent", True)  # sends a rerun of its fragment, as the browser does
        await client.wait_for_run(after=after, fragment=True)
    """

    base: str
    timezone: str = "Asia/Bangkok"
    locale: str = "en-GB"
    runs: list[Run] = field(default_factory=list)
    widgets: dict[str, Widget] = field(default_factory=dict)  # by user key, in the order drawn
    element_types: set[str] = field(default_factory=set)
    page: str = ""  # the current page's script hash ("" until the first run names it)
    page_name: str = ""  # the url path of the first page (e.g. "answer"), for the first rerun only
    query_string: str = ""
    errors: list[str] = field(default_factory=list)  # exceptions the app showed
    auto_reruns: int = 0  # fragment runs this client's timers asked for
    material_icons: bool = False  # an element shows a `:material/…:` icon (the browser loads its font)
    action: str = "open"  # a label for the runs that follow, set by the caller before each action
    cookies: dict[str, str] = field(default_factory=dict)  # sent with the WebSocket handshake (a PageLoader's)
    follow_pulses: bool = False  # ask the pulse components' routes, as their JavaScript does
    pulse_asks: int = 0  # HTTP asks of the pulse routes
    pulse_changes: int = 0  # asks that found a change, and so sent a trigger

    def __post_init__(self):
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._values: dict[str, WidgetState] = {}  # widget id → its value, as the browser keeps them
        self._cache: dict[str, ForwardMsg] = {}  # cacheable messages by hash
        self._timers: dict[str, asyncio.Task] = {}  # auto-rerun fragment id → its timer
        self._pulses: dict[str, tuple[str, asyncio.Task]] = {}  # pulse component id → (drawn, its asker)
        self._pulse_sent: dict[str, float] = {}  # pulse component id → when it last sent a change
        self._pulse_spread: dict[str, float] = {}  # pulse component id → its share of `calm`
        self._http: PageLoader | None = None
        self._changed = asyncio.Condition()
        self._closed: str | None = None

    # connection --------------------------------------------------------------------------------
    async def connect(self, query_string: str = "", page_name: str = "", *, timeout: float = 60) -> None:
        """Open the WebSocket and ask for the first run, as the app does once its page loaded."""
        url = self.base.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        # The browser's subprotocols: "streamlit", then its XSRF token (a placeholder without the cookie).
        self._ws = await connect(url, origin=self.base.rstrip("/"), subprotocols=SUBPROTOCOLS, max_size=None,
                                 proxy=None, open_timeout=timeout, ping_interval=None,
                                 create_connection=_CountingConnection, user_agent_header=PHONE_HEADERS[0][1],
                                 additional_headers=[("cookie", cookie_header(self.cookies))] if self.cookies else None)
        if cookie := self._ws.response.headers.get("set-cookie"):
            keep_cookie(self.cookies, cookie)
        self._reader = asyncio.create_task(self._read())
        self.query_string, self.page_name = query_string, page_name
        await self.rerun()

    async def close(self) -> None:
        for timer in [*self._timers.values(), *(task for _, task in self._pulses.values())]:
            timer.cancel()
        if self._http is not None:
            await self._http.close()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    @property
    def bytes_in(self) -> int:
        return self._ws.bytes_in if self._ws is not None else 0

    # what the user does ------------------------------------------------------------------------
    async def rerun(self, trigger: WidgetState | None = None, fragment_id: str = "", *, auto: bool = False) -> None:
        """Send `rerun_script`: the current query string and page, every widget's value (and a
        button's trigger, for this run only), the hashes of the cached messages."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page
        state.page_name = "" if self.page else self.page_name
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        drawn = {w.id for w in self.widgets.values()}
        state.widget_states.widgets.extend(v for i, v in self._values.items() if i in drawn)
        if trigger is not None:
            state.widget_states.widgets.append(trigger)
        state.cached_message_hashes.extend(self._cache)
        context = state.context_info
        context.timezone, context.timezone_offset, context.locale = self.timezone, -420, self.locale
        context.url, context.is_embedded, context.color_scheme = f"{self.base}/?{self.query_string}", False, "light"
        await self._ws.send(msg.SerializeToString())

    def widget(self, key: str) -> Widget:
        if key not in self.widgets:
            raise ClientError(f"no widget with key {key!r} on the page")
        return self.widgets[key]

    async def set_widget(self, key: str, value) -> None:
        """Change a widget as a user does, which reruns its fragment (or the page). A selectbox
        takes the option's label (what the browser sends), a checkbox a bool, a text input a str."""
        widget = self.widget(key)
        state = WidgetState(id=widget.id)
        if isinstance(value, bool):
            state.bool_value = value
        elif isinstance(value, int | float):
            state.double_value = value
        else:
            state.string_value = value
        self._values[widget.id] = state
        await self.rerun(fragment_id=widget.fragment_id)

    async def click(self, key: str) -> None:
        """Press a button: a trigger value for one run."""
        widget = self.widget(key)
        await self.rerun(WidgetState(id=widget.id, trigger_value=True), fragment_id=widget.fragment_id)

    # waiting -----------------------------------------------------------------------------------
    async def wait_for_run(self, *, after: int | None = None, fragment: bool = False, key: str | None = None,
                           until: Callable[[StreamlitClient], bool] | None = None, timeout: float = 60) -> Run:
        """Wait until a run started after the first `after` runs (default: from now on) has
        finished, a page run or (`fragment=True`) a fragment's other than a timer's tick, and the
        widget `key` is drawn (or `until` holds). Raises ClientError on a timeout, an error the app
        showed, or a closed connection."""
        after = len(self.runs) if after is None else after

        def done() -> Run | None:
            for run in self.runs[after:]:
                if run.status in FINAL and run.fragment == fragment and run.cause != "tick":
                    if (key is None or key in self.widgets) and (until is None or until(self)):
                        return run
            return None

        deadline = time.monotonic() + timeout
        async with self._changed:
            while (run := done()) is None:
                if self.errors:
                    raise ClientError(f"the app showed an error: {self.errors[0]}")
                if self._closed:
                    raise ClientError(self._closed)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ClientError(f"timeout after {timeout:.0f} s waiting for "
                                      f"{'a fragment' if fragment else 'a page'} run{f' with {key!r}' if key else ''}")
                try:
                    await asyncio.wait_for(self._changed.wait(), left)
                except TimeoutError:
                    pass
            return run

    # the messages ----------------------------------------------------------------------------
    async def _read(self) -> None:
        try:
            async for data in self._ws:
                if not self.material_icons and b":material/" in data:
                    self.material_icons = True
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
                async with self._changed:
                    self._changed.notify_all()
        except Exception as exc:  # noqa: BLE001 - whatever ended the socket ends the session
            self._closed = f"the connection ended: {exc!r}"
        else:
            self._closed = "the server closed the connection"
        async with self._changed:
            self._changed.notify_all()

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                self.errors.append(f"a reference to a message never received ({msg.ref_hash})")
                return
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, cached.WhichOneof("type")
        elif msg.metadata.cacheable:
            self._cache[msg.hash] = msg
        if kind == "new_session":
            run = msg.metadata.run
            fragment = bool(run.fragment_ids)
            ticked = fragment and set(run.fragment_ids) <= self._timers.keys()
            self.runs.append(Run(run.script_run_id, msg.new_session.page_script_hash, fragment, time.monotonic(),
                                 "tick" if ticked else self.action))
            if not fragment:
                if msg.new_session.page_script_hash != self.page:
                    for timer in [*self._timers.values(), *(task for _, task in self._pulses.values())]:
                        timer.cancel()  # a new page: the browser clears its timers and components
                    self._timers.clear()
                    self._pulses.clear()
                self.page = msg.new_session.page_script_hash
                self.widgets.clear()
        elif kind == "script_finished":
            run_id = msg.metadata.run.script_run_id
            for run in reversed(self.runs):
                if run.run_id == run_id or not run_id:
                    run.status, run.finished = msg.script_finished, time.monotonic()
                    break
        elif kind == "delta":
            self._delta(msg.delta)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            fragment_id, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
            if fragment_id and fragment_id not in self._timers:
                self._timers[fragment_id] = asyncio.create_task(self._tick(fragment_id, interval))
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                if timer := self._timers.pop(fragment_id, None):
                    timer.cancel()
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            self.errors.append(msg.session_event.script_compilation_exception.message)

    def _delta(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        self.element_types.add(kind)
        if kind == "exception":
            self.errors.append(f"{element.exception.type}: {element.exception.message}")
            return
        proto = getattr(element, kind)
        element_id = getattr(proto, "id", "")
        key = key_of(element_id) if isinstance(element_id, str) else None
        if key:  # a fragment's redraw keeps the widget's place; a page run starts a new list
            self.widgets[key] = Widget(element_id, kind, proto, delta.fragment_id)
        if kind == "bidi_component" and self.follow_pulses and proto.json:
            data = json.loads(proto.json)
            if isinstance(data, dict) and data.get("url") and data.get("every"):
                self._follow(element_id, delta.fragment_id, data)

    def _follow(self, element_id: str, fragment_id: str, data: dict) -> None:
        """(Re)start the asker of a pulse component drawn with `data` (a redraw with the same
        `drawn` keeps the running one, as the browser keeps the mounted component)."""
        drawn = data.get("drawn") or ""
        running = self._pulses.get(element_id)
        if running is not None and running[0] == drawn and not running[1].done():
            return
        if running is not None:
            running[1].cancel()
        self._pulses[element_id] = (drawn, asyncio.create_task(
            self._ask_pulse(element_id, fragment_id, data["url"], drawn, data["every"] / 1000,
                            data.get("calm", 0) / 1000)))

    async def _ask_pulse(self, element_id: str, fragment_id: str, url: str, drawn: str, every: float,
                         calm: float = 0.0) -> None:
        if self._http is None:
            self._http = PageLoader(self.base, connections=1, cookies=self.cookies)
        delay = every
        while True:
            await asyncio.sleep(delay)
            delay = every
            try:
                fetched = await self._http.get(url.lstrip("/"), keep_body=True)
                now = json.loads(fetched.body).get("v")
            except (ClientError, OSError, ValueError):
                continue  # as the component: ask again later
            self.pulse_asks += 1
            if now and now != drawn:
                spread = self._pulse_spread.setdefault(element_id, 0.75 + random.random() / 2)  # as the component
                wait = self._pulse_sent.get(element_id, -calm) + calm * spread - time.monotonic()
                if wait > 0:  # redrawn a moment ago (`calm`): ask again once the calm is over
                    delay = wait
                    continue
                self._pulse_sent[element_id] = time.monotonic()
                self.pulse_changes += 1
                trigger = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{element_id}__events",
                                      json_trigger_value=json.dumps([{"event": "changed", "value": now}]))
                await self.rerun(trigger, fragment_id=fragment_id)
                return

    async def _tick(self, fragment_id: str, interval: float) -> None:
        """A `run_every` fragment's timer: the browser asks for the fragment run itself."""
        while True:
            await asyncio.sleep(interval)
            self.auto_reruns += 1
            await self.rerun(fragment_id=fragment_id, auto=True)
