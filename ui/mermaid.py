"""The Mermaid editor component (offline): returns the code as the user types."""

from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components

_COMPONENT = components.declare_component("mermaid_editor", path=str(Path(__file__).parent / "components" / "mermaid"))


def mermaid_editor(code: str, placeholder: str, key: str) -> str:
    value = _COMPONENT(code=code, placeholder=placeholder, key=key, default=code)
    return str(value) if value is not None else code
