"""Fields shared by every spec language: the strict base model, names, a sourced value and dimensions.

A spec's structure is checked by pydantic (strict: unknown keys are errors, models are frozen); its numbers are
strings with units (``"25 MW"``), bare numbers (dimensionless) or mappings with a ``value`` and its ``source``,
turned into SI floats by the spec's resolver against the dimension each field expects.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from wattsandtons.units import dimensionality

#: A name for a commodity, process, location, plant, parameter …: an identifier.
NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN, max_length=64)]

ENERGY = dimensionality("[energy]")
MASS = dimensionality("[mass]")
POWER = dimensionality("[power]")
TIME = dimensionality("[time]")
LENGTH = dimensionality("[length]")
COMPUTE = dimensionality("[compute]")
DIMENSIONLESS = dimensionality("")


class Strict(BaseModel):
    """Base of every spec model: unknown fields are errors, instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SourcedValue(Strict):
    """A number with a unit (``"400 MWh"``) or a bare number, optionally with its source, a note and a range.

    Written as a scalar or as a mapping ``{value, source, note, low, high}``; spec languages extend it (a scenario
    adds a distribution and requires the value, a dispatch site may give an hourly profile instead of a value).
    """

    value: str | float | None = None
    source: str | None = Field(default=None, max_length=2000)
    note: str | None = Field(default=None, max_length=2000)
    low: str | float | None = Field(
        default=None, description="Lower end of the sourced range (same dimension)."
    )
    high: str | float | None = Field(
        default=None, description="Upper end of the sourced range (same dimension)."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError("a quantity cannot be true/false")
        if isinstance(data, str | int | float):
            return {"value": data}
        return data
