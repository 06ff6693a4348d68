"""Setting CP-SAT parameters by name, from presets, the CLI's --param and the models."""

from __future__ import annotations

import tomllib
from typing import Any

from scheduler.errors import UsageError
from scheduler.i18n import Items, Note


def set_parameter(params: Any, key: str, value: Any) -> None:
    """Set one field of a SatParameters message; repeated fields take a list (or one item),
    enum fields their value's name or number (`max_sat_stratification=STRATIFICATION_NONE`).

    UsageError names the parameter when it does not exist or the value does not fit.
    """
    if key.startswith("_") or not hasattr(params, key) or callable(getattr(params, key)):
        raise UsageError(Note.of("usage.param_unknown", name=key))
    try:
        current = getattr(params, key)
        if hasattr(current, "extend") and hasattr(current, "clear"):
            current.clear()
            current.extend(value if isinstance(value, list | tuple) else [value])
        else:
            setattr(params, key, _enum_value(key, current, value))
    except (TypeError, ValueError) as exc:
        raise UsageError(Note.of("usage.param_value", name=key, value=value,
                                 error=str(exc))) from None


def _enum_value(key: str, current: Any, value: Any) -> Any:
    """The solver's own parameters (pybind11) take enum members only, where protobuf
    messages take names and numbers alike; other fields keep the value as given."""
    members = getattr(type(current), "__members__", None)
    if not isinstance(members, dict) or isinstance(value, bool):
        return value
    by_number = {int(m): m for m in members.values()}
    if value in members:
        return members[value]
    if isinstance(value, int) and value in by_number:
        return by_number[value]
    choices = Items.of(f"{name} ({int(m)})" for name, m in members.items())
    raise UsageError(Note.of("usage.param_choice", name=key, value=value, choices=choices))


def parse_params(pairs: list[str] | None) -> dict[str, Any]:
    """`NAME=VALUE` strings from the command line; VALUE is read as TOML (true, 2, 0.5,
    ["core"]) and otherwise kept as text."""
    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(Note.of("usage.param_pair", pair=pair))
        try:
            out[key.strip()] = tomllib.loads(f"v = {text.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            out[key.strip()] = text.strip()
    return out
