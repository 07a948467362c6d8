"""Join codes and passcodes: how they are typed, checked and generated."""
from __future__ import annotations

import re
import secrets

#: Letters and digits that cannot be confused when read off a projector (no 0/O, 1/I/L).
UNAMBIGUOUS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_PATTERN = re.compile(r"^[A-Z0-9]{4,12}$")


class CodeError(ValueError):
    """A code that cannot be right as typed; the message says what to do."""


def normalise_join_code(text: str | None) -> str:
    """Upper-case, without spaces or dashes; raises CodeError with a message for the delegate."""
    code = re.sub(r"[\s\-_]", "", (text or "")).upper()
    if not code:
        raise CodeError("Enter the join code shown on the screen, for example BKK2024.")
    if not JOIN_CODE_PATTERN.match(code):
        raise CodeError("A join code has 4 to 12 letters and digits, for example BKK2024.")
    return code


def generate_join_code(length: int = 7) -> str:
    return "".join(secrets.choice(UNAMBIGUOUS) for _ in range(length))


def generate_passcode() -> str:
    """16 unambiguous characters in four groups (about 79 bits), e.g. K7QF-M2XP-9RTC-H4WD."""
    chars = "".join(secrets.choice(UNAMBIGUOUS) for _ in range(16))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


def normalise_passcode(text: str | None) -> str:
    """Generated passcodes may be typed in any case, with or without dashes and spaces."""
    text = (text or "").strip()
    compact = re.sub(r"[\s\-]", "", text).upper()
    if len(compact) == 16 and all(c in UNAMBIGUOUS for c in compact):
        return "-".join(compact[i:i + 4] for i in range(0, 16, 4))
    return text
