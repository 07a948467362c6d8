"""Bounds on a questionnaire file, checked before (and while) it is parsed, so that a hostile or
broken upload gets a message instead of the server's memory.

- **any file**: at most `GAPMAP_MAX_UPLOAD_MB` (default 5 MB), on its bytes, before anything else.
- **.xlsx (a zip)**: at most 50 MB uncompressed in all, 200 parts, and no part over 1 MB that
  unpacks to more than 100 times its compressed size; read off the zip's directory before
  openpyxl opens it.
- **.xlsx sheets**: at most 5,000 rows x 100 columns of the *used* range (the cells that exist,
  never the declared dimension), checked while the sheet streams in read-only mode.
- **YAML**: at most 50 levels of nesting and 100,000 nodes, aliases counted as the copies they
  stand for, checked while the YAML is composed, before any object is built.

A real questionnaire is far inside every one of them (the largest shipped one: ~120 questions,
~40 KB of YAML, a 30 KB workbook).
"""
from __future__ import annotations

import os
import zipfile
from io import BytesIO
from typing import Mapping

import yaml

MB = 1024 * 1024
DEFAULT_MAX_FILE_MB = 5
MAX_UPLOAD_ENV = "GAPMAP_MAX_UPLOAD_MB"
MAX_UNCOMPRESSED = 50 * MB
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1 * MB  # small members cannot be bombs, and tiny XML compresses oddly well
MAX_MEMBERS = 200
MAX_ROWS = 5_000
MAX_COLUMNS = 100
MAX_DEPTH = 50
MAX_NODES = 100_000


class LimitExceeded(ValueError):
    """An input beyond one of the bounds above; the message says which and what to do."""


def max_file_bytes(env: Mapping[str, str] | None = None) -> int:
    raw = ((os.environ if env is None else env).get(MAX_UPLOAD_ENV) or "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_MB
    return int(max(megabytes, 0.01) * MB)


def check_file_size(data: bytes, env: Mapping[str, str] | None = None) -> None:
    limit = max_file_bytes(env)
    if len(data) > limit:
        raise LimitExceeded(f"is {len(data) / MB:.1f} MB; a questionnaire file may be at most "
                            f"{limit / MB:g} MB ({MAX_UPLOAD_ENV})")


def check_zip(data: bytes) -> None:
    """The workbook's zip directory: how much it would inflate to, before anything inflates it."""
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: openpyxl's own message says so
    if len(members) > MAX_MEMBERS:
        raise LimitExceeded(f"holds {len(members)} parts; an Excel workbook of a questionnaire has a few dozen")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise LimitExceeded(f"would unpack to {total / MB:.0f} MB; a questionnaire workbook may unpack to at "
                            f"most {MAX_UNCOMPRESSED // MB} MB")
    for member in members:
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise LimitExceeded(f"part '{member.filename}' would unpack to {member.file_size // member.compress_size}"
                                f" times its size; this is not an ordinary workbook")


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses deep nesting and too many nodes while composing, before
    Python's recursion limit or the alias expansion of a "billion laughs" file is reached."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        self._depth += 1
        self._nodes += 1
        if self._depth > MAX_DEPTH:
            raise LimitExceeded(f"nests deeper than {MAX_DEPTH} levels (line {self._line()})")
        if self._nodes > MAX_NODES:
            raise LimitExceeded(f"has more than {MAX_NODES:,} values (line {self._line()})")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_document(self, node):
        if _expanded_size(node, {}) > MAX_NODES:
            raise LimitExceeded(f"its aliases stand for more than {MAX_NODES:,} values")
        return super().construct_document(node)

    def _line(self) -> int:
        mark = self.peek_event().start_mark if self.check_event() else None
        return mark.line + 1 if mark else 0


def _expanded_size(node, sizes: dict[int, int]) -> int:
    """How many nodes `node` stands for once every alias is copied out (memoised: a shared node
    is counted once per use, without walking it again)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = MAX_NODES + 1  # a cycle (a self-referencing alias) counts as too many
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(item, sizes) for item in node.value)
    else:
        size = 1
    sizes[id(node)] = size = min(size, MAX_NODES + 1)
    return size


def load_yaml(text: str):
    """`yaml.safe_load` within the bounds; raises LimitExceeded or yaml.YAMLError."""
    loader = BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
