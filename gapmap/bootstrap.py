"""What happens when the app (or `python -m db ...`) starts on a database."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping

from sqlalchemy.engine import Engine
from sqlmodel import func, select

from db.engine import read_session
from db.migrate import upgrade
from db.models import Event
from gapmap import auth
from gapmap.agenda import events
from gapmap.demo import seed_demo, sync_builtin_questionnaires
from gapmap.reference import reference_data
from gapmap.running_event import running_event, set_running


@dataclass
class StartReport:
    demo_created: bool = False
    new_passcodes: dict[str, str] = field(default_factory=dict)
    weak_passcodes: list[str] = field(default_factory=list)


def demo_wanted(env: Mapping[str, str]) -> bool:
    """The demo event is created on an empty database unless GAPMAP_SEED_DEMO=0."""
    return env.get("GAPMAP_SEED_DEMO", "1").strip().lower() not in {"0", "false", "no", "off"}


def prepare(engine: Engine, configured_passcodes: Mapping[str, str],
            env: Mapping[str, str] | None = None) -> StartReport:
    """Check the reference data, migrate, store the shipped questionnaires, seed the demo on an empty
    database, passcodes. A bad reference file stops here, before anything is written."""
    env = os.environ if env is None else env
    reference_data()  # raises ReferenceDataError naming every file and line
    upgrade(engine)
    report = StartReport()
    with read_session(engine) as db:
        empty = db.exec(select(func.count()).select_from(Event)).one() == 0
    if empty and demo_wanted(env):
        report.demo_created = seed_demo(engine)
        demo = next((e for e in events(engine) if e.is_demo), None)
        if report.demo_created and demo is not None and running_event(engine) is None:
            set_running(engine, demo.id, actor="system")  # a fresh install's staff pages open on the demo
    else:
        sync_builtin_questionnaires(engine)
    report.new_passcodes = auth.ensure_passcodes(engine, configured_passcodes)
    report.weak_passcodes = auth.weak_configured(configured_passcodes)
    return report


def passcode_banner(new_passcodes: Mapping[str, str]) -> str:
    """The one-time message with generated passcodes, as Jupyter prints its token."""
    lines = [
        "",
        "=" * 72,
        "GapMap generated sign-in passcodes. They are shown ONCE and stored only as hashes:",
    ]
    for role, code in new_passcodes.items():
        lines.append(f"    {role:<12} {code}")
    lines += [
        "Give them to the event's facilitators and organisers. Lost one? Make a new one with",
        "    python -m db reset-passcode facilitator   (or organiser)",
        "or set GAPMAP_FACILITATOR_PASSCODE / GAPMAP_ORGANISER_PASSCODE.",
        "=" * 72,
        "",
    ]
    return "\n".join(lines)
