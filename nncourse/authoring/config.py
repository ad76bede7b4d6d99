"""YAML in master notebooks (the assignment, question and test configs), read one way."""

from __future__ import annotations

from typing import Any

from ..errors import AuthoringError


def yaml_mapping(text: str, where: str) -> dict[str, Any]:
    """``key: value`` YAML as a dict; anything else is an :class:`AuthoringError` naming ``where``."""
    import yaml  # instructor-only dependency

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise AuthoringError(f"{where}:{line} invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise AuthoringError(f"{where}: expected 'key: value' lines")
    return data
