"""The gap typology: each type of gap in a legal framework, the standard it is measured against
(its benchmarks), the questions that show it and the kinds of action that close it.

Read from `gapmap/reference/gap_typology.yaml` with the other reference files, so screens, the
workbook and the brief name the same standard for the same gap type.
"""
from __future__ import annotations

from gapmap.reference import reference_data
from gapmap.reference_files import GapType

#: How an action class reads in a recommendation.
ACTION_LABELS = {
    "legislation": "Legislation",
    "regulation_sop": "Regulation or SOP",
    "judicial_guidance": "Judicial or prosecutorial guidance",
    "training": "Training",
    "data_systems": "Data systems",
    "cooperation": "Cooperation",
}


def gap_types() -> list[GapType]:
    return list(reference_data().typology.gaps)


def gap_type(gap_id: str) -> GapType | None:
    return next((g for g in reference_data().typology.gaps if g.id == gap_id), None)


def benchmarks(gap_id: str) -> list[str]:
    """The standards a gap of this type is measured against ([] for a type the typology lacks)."""
    found = gap_type(gap_id)
    return list(found.benchmarks) if found else []


def action_classes(gap_id: str) -> list[str]:
    """The kinds of action that typically close a gap of this type, the usual one first."""
    found = gap_type(gap_id)
    return list(found.action_classes) if found else ["legislation"]
