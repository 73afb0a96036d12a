"""The pure rules of quarterly monitoring: collection, targets, RAG and direction of travel.

No database here: the models store the enum values (``RagStatus.GREEN == "green"``) and call these
functions with plain Decimals and ``Period``s. Periods and working days are in ``civicplan.core``.
"""

from civicplan.indicators.rules.collection import (
    Aggregation,
    CollectionRule,
    Frequency,
    infer_collection,
    period_value,
    ratio_value,
    ratio_year_to_date,
    year_to_date,
)
from civicplan.indicators.rules.common import Number, Polarity
from civicplan.indicators.rules.direction import (
    Direction,
    SeriesBreak,
    direction_against_previous,
    direction_against_year_earlier,
    direction_of_travel,
)
from civicplan.indicators.rules.precision import (
    MAX_DECIMAL_PLACES,
    decimal_places_of,
    infer_decimal_places,
)
from civicplan.indicators.rules.rag import RagStatus, rag_status
from civicplan.indicators.rules.targets import (
    DEFAULT_TOLERANCE,
    ProfileKind,
    TargetProfile,
    Tolerance,
    ToleranceKind,
    profile_targets,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "MAX_DECIMAL_PLACES",
    "Aggregation",
    "CollectionRule",
    "Direction",
    "Frequency",
    "Number",
    "Polarity",
    "ProfileKind",
    "RagStatus",
    "SeriesBreak",
    "TargetProfile",
    "Tolerance",
    "ToleranceKind",
    "decimal_places_of",
    "direction_against_previous",
    "direction_against_year_earlier",
    "direction_of_travel",
    "infer_collection",
    "infer_decimal_places",
    "period_value",
    "profile_targets",
    "rag_status",
    "ratio_value",
    "ratio_year_to_date",
    "year_to_date",
]
