"""
Stand-in for tutor.env: render_str and read_template_file. By default `{{ NAME }}` is replaced by
config["NAME"]; tests may set RENDERER to reproduce Tutor's exact output, and TEMPLATE_FILES to
serve the template files deprecated filters point at.
"""
from __future__ import annotations

import re
import typing as t

RENDERER: t.Optional[t.Callable[[dict[str, t.Any], str], str]] = None
TEMPLATE_FILES: dict[tuple[str, ...], str] = {}
#: Every call of render_str: (config, text).
RENDERED: list[tuple[dict[str, t.Any], str]] = []


def render_str(config: dict[str, t.Any], text: str) -> str:
    RENDERED.append((config, text))
    if RENDERER is not None:
        return RENDERER(config, text)
    return re.sub(r"\{\{\s*([A-Z0-9_]+)\s*\}\}", lambda match: str(config[match.group(1)]), text)


def read_template_file(*path: str) -> str:
    return TEMPLATE_FILES[tuple(path)]


def reset() -> None:
    global RENDERER  # pylint: disable=global-statement
    RENDERER = None
    TEMPLATE_FILES.clear()
    RENDERED.clear()
