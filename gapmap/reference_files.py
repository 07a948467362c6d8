"""Read GapMap's reference data files (`gapmap/reference/*.yaml`) whole, or not at all.

Each file is plain YAML checked by a pydantic model; every problem in every file is collected and
names the file and its line ("treaties.yaml, line 14: date: ..."), so a bad edit is fixed in one
pass. Nothing is used until every file is good: `load_all()` either returns all of them or raises
`ReferenceDataError`, which the app shows at start.

| file                  | holds                                                        |
|-----------------------|--------------------------------------------------------------|
| states.yaml           | the States GapMap knows: ISO alpha-3, UN name, M49 sub-region |
| organisations.yaml    | ASEAN / SAARC membership with dates (`from`, `until`)        |
| treaties.yaml         | treaty status per State and treaty, with source and as_of    |
| gap_typology.yaml     | gap types, the standards they are measured against, actions  |
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

REFERENCE_DIR = Path(__file__).parent / "reference"
ISO3 = r"^[A-Z]{3}$"
M49_SUBREGIONS = (
    "Australia and New Zealand", "Central Asia", "Eastern Asia", "Melanesia", "Micronesia",
    "Northern America", "Polynesia", "South-eastern Asia", "Southern Asia", "Western Asia",
    "Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe", "Northern Africa",
    "Sub-Saharan Africa", "Latin America and the Caribbean",
)
TREATY_STATUSES = ("party", "signatory", "not_party", "unknown")
ACTION_CLASSES = ("legislation", "regulation_sop", "judicial_guidance", "training", "data_systems", "cooperation")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}{f', line {self.line}' if self.line else ''}: {self.message}"


class ReferenceDataError(ValueError):
    """Reference files that cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("GapMap's reference data has problems:\n" + "\n".join(f"  {p}" for p in problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Sourced(_Strict):
    source: str = Field(min_length=3)
    as_of: date


class StateEntry(_Strict):
    iso3: str = Field(pattern=ISO3)
    name: str = Field(min_length=2)
    subregion: Literal[M49_SUBREGIONS]  # type: ignore[valid-type]


class StatesFile(_Sourced):
    verify: str | None = None
    states: list[StateEntry] = Field(min_length=1)
    bangkok_2024: list[str] = Field(min_length=1)


class Membership(_Strict):
    iso3: str = Field(pattern=ISO3)
    from_: date = Field(alias="from")
    until: date | None = None


class Organisation(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Za-z0-9_]{1,20}$")
    name: str
    members: list[Membership] = Field(min_length=1)


class OrganisationsFile(_Sourced):
    organisations: list[Organisation]


class Treaty(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_]{1,40}$")
    short: str
    name: str
    source: str = Field(min_length=3)
    open_to: str | None = None
    requires: str | None = Field(None, description="a treaty only its parties can join (P29 needs C29)")


class TreatyRecord(_Sourced):
    state: str = Field(pattern=ISO3)
    treaty: str
    status: Literal[TREATY_STATUSES]  # type: ignore[valid-type]
    date: dt.date | None = None
    verify: str | None = None
    note: str | None = None


class TreatiesFile(_Strict):
    treaties: list[Treaty] = Field(min_length=1)
    records: list[TreatyRecord]


class GapType(_Strict):
    id: str = Field(pattern=r"^G\d{2}$")
    label: str
    description: str
    benchmarks: list[str] = Field(min_length=1)
    questions: list[str] = []
    sources: list[str] = []
    action_classes: list[Literal[ACTION_CLASSES]] = Field(min_length=1)  # type: ignore[valid-type]


class TypologyFile(_Sourced):
    gaps: list[GapType] = Field(min_length=1)


FILES: dict[str, type[BaseModel]] = {
    "states.yaml": StatesFile,
    "organisations.yaml": OrganisationsFile,
    "treaties.yaml": TreatiesFile,
    "gap_typology.yaml": TypologyFile,
}


class _LineLoader(yaml.SafeLoader):
    """A safe loader that notes each mapping's line under the key `__line__`."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


def _date_or_text(loader: _LineLoader, node: yaml.ScalarNode):
    """A date such as 2018-06-31 stays text, so the model's check names it (PyYAML would raise)."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items() if k != "__line__"}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def _line_at(data: Any, loc: tuple) -> int | None:
    """The line of the innermost mapping on the path `loc` (a pydantic error location)."""
    line = data.get("__line__") if isinstance(data, dict) else None
    for step in loc:
        try:
            data = data[step if not (isinstance(data, dict) and step == "from_") else "from"]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(data, dict):
            line = data.get("__line__", line)
    return line


def read(name: str, directory: Path = REFERENCE_DIR) -> tuple[BaseModel | None, list[Problem], Any]:
    """(model, problems, raw data with lines) for one file; the model is None when it has problems."""
    path = directory / name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(name, None, f"cannot be read: {exc}")], None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem(name, mark.line + 1 if mark else None,
                              f"not valid YAML: {getattr(exc, 'problem', None) or exc}")], None
    try:
        return FILES[name].model_validate(_plain(raw)), [], raw
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"] if not isinstance(p, int)).replace("from_", "from")
            problems.append(Problem(name, _line_at(raw, error["loc"]), f"{field or 'file'}: {error['msg']}"))
        return None, problems, raw


@dataclass(frozen=True)
class ReferenceData:
    states: StatesFile
    organisations: OrganisationsFile
    treaties: TreatiesFile
    typology: TypologyFile


def load_all(directory: Path = REFERENCE_DIR) -> ReferenceData:
    """Every reference file, checked alone and against each other; raises with every problem."""
    models, problems, raws = {}, [], {}
    for name in FILES:
        model, found, raw = read(name, directory)
        models[name], raws[name] = model, raw
        problems += found
    if not problems:
        problems += _cross_checks(models, raws)
    if problems:
        raise ReferenceDataError(problems)
    return ReferenceData(models["states.yaml"], models["organisations.yaml"], models["treaties.yaml"],
                         models["gap_typology.yaml"])


def _cross_checks(models: dict, raws: dict) -> list[Problem]:
    """Codes that must name something another file (or the same one) defines."""
    problems: list[Problem] = []
    states: StatesFile = models["states.yaml"]
    known = [s.iso3 for s in states.states]
    for i, iso3 in enumerate(known):
        if iso3 in known[:i]:
            problems.append(Problem("states.yaml", _line_at(raws["states.yaml"], ("states", i)),
                                    f"{iso3} is listed twice"))
    for iso3 in states.bangkok_2024:
        if iso3 not in known:
            problems.append(Problem("states.yaml", None, f"bangkok_2024: unknown ISO code '{iso3}'"))
    raw = raws["organisations.yaml"]
    organisations: OrganisationsFile = models["organisations.yaml"]
    for o, org in enumerate(organisations.organisations):
        for m, member in enumerate(org.members):
            line = _line_at(raw, ("organisations", o, "members", m))
            if member.iso3 not in known:
                problems.append(Problem("organisations.yaml", line, f"{org.id}: unknown ISO code '{member.iso3}' "
                                        "(not in states.yaml)"))
            if member.until is not None and member.until <= member.from_:
                problems.append(Problem("organisations.yaml", line,
                                        f"{org.id} {member.iso3}: 'until' is not after 'from'"))
    treaties: TreatiesFile = models["treaties.yaml"]
    raw = raws["treaties.yaml"]
    treaty_ids = {t.id for t in treaties.treaties}
    org_ids = {o.id for o in organisations.organisations}
    for t, treaty in enumerate(treaties.treaties):
        if treaty.open_to is not None and treaty.open_to not in org_ids:
            problems.append(Problem("treaties.yaml", _line_at(raw, ("treaties", t)),
                                    f"{treaty.id}: open_to '{treaty.open_to}' is not in organisations.yaml"))
        if treaty.requires is not None and treaty.requires not in treaty_ids:
            problems.append(Problem("treaties.yaml", _line_at(raw, ("treaties", t)),
                                    f"{treaty.id}: requires '{treaty.requires}', which is not under treaties:"))
    seen: set[tuple[str, str]] = set()
    for r, record in enumerate(treaties.records):
        line = _line_at(raw, ("records", r))
        if record.state not in known:
            problems.append(Problem("treaties.yaml", line, f"unknown ISO code '{record.state}' (not in states.yaml)"))
        if record.treaty not in treaty_ids:
            problems.append(Problem("treaties.yaml", line, f"unknown treaty '{record.treaty}' (not under treaties:)"))
        if (record.state, record.treaty) in seen:
            problems.append(Problem("treaties.yaml", line, f"{record.state} {record.treaty} is recorded twice"))
        seen.add((record.state, record.treaty))
        if record.status in ("party", "signatory") and record.date is None and not record.verify:
            problems.append(Problem("treaties.yaml", line, f"{record.state} {record.treaty}: a {record.status} "
                                    "record without a date says in 'verify' that the date is still to be checked"))
    typology: TypologyFile = models["gap_typology.yaml"]
    ids = [g.id for g in typology.gaps]
    for g, gap in enumerate(typology.gaps):
        if gap.id in ids[:g]:
            problems.append(Problem("gap_typology.yaml", _line_at(raws["gap_typology.yaml"], ("gaps", g)),
                                    f"gap type {gap.id} is listed twice"))
    return problems
