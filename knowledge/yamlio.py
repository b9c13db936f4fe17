"""YAML reading with libyaml's C loader when present (ten times faster than the pure-Python
one: every command parses ~160 notes and scenarios at start-up)."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Like `yaml.safe_load`, same errors (`yaml.YAMLError`)."""
    return yaml.load(text, Loader=_LOADER)
