"""What a link's query parameters may hold, checked before anything reads the database.

A link is typed, scanned, forwarded and sometimes tampered with. Each parameter GapMap reads is
parsed here into a bounded value or None ("not a valid link"), so no page ever hands the
database a NUL character (PostgreSQL refuses it with an error), an integer wider than 64 bits
(SQLite overflows) or a megabyte of text.

| Parameter | Holds | Accepted |
|---|---|---|
| `p` | a delegate's personal token | 16 to 64 characters of the URL-safe alphabet `A–Z a–z 0–9 - _` |
| `s` | an agenda session id | decimal digits only, 1 to 2,147,483,647 (a 32-bit key) |
| `code` | a join code | `gapmap.codes.normalise_join_code` (4 to 12 letters and digits) |
"""
from __future__ import annotations

import re

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
RECORD_ID = re.compile(r"[0-9]{1,10}")
MAX_RECORD_ID = 2**31 - 1


def personal_token(raw: object) -> str | None:
    """A delegate's personal token from `?p=`, or None when it cannot be one."""
    return raw if isinstance(raw, str) and TOKEN.fullmatch(raw) else None


def record_id(raw: object) -> int | None:
    """A database id from a link (`?s=`), or None when it cannot be one."""
    if not isinstance(raw, str) or not RECORD_ID.fullmatch(raw):
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_RECORD_ID else None
