"""The Jinja2 environment every published page is rendered with.

Templates live in `scheduler/templates` (base.html, letterhead.html, style.css, one per
page); a county's own folder (`--templates DIR`) is searched first, so a
`DIR/letterhead.html` puts the bureau's letterhead on every page without touching the
rest. Autoescaping is on for every template: names come from spreadsheets people typed,
and only what the code marks as `Markup` (a histogram, a link) is written as it is.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from scheduler.errors import UsageError
from scheduler.i18n import Note


@functools.cache
def environment(templates: Path | None = None) -> Environment:
    """The page environment, with `templates` (a folder) before the packaged templates."""
    loaders: list[Any] = []
    if templates is not None:
        if not Path(templates).is_dir():
            raise UsageError(Note.of("usage.templates", templates=templates))
        loaders.append(FileSystemLoader(str(templates)))
    loaders.append(PackageLoader("scheduler", "templates"))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["num"] = num
    return env


def render(name: str, templates: Path | None = None, **context: Any) -> str:
    """Render template `name` with `context`."""
    return environment(templates).get_template(name).render(**context)


def num(x: Any, decimals: int = 2) -> str:
    """A figure as people read it: thousands separated, whole numbers without decimals."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, str):
        return x
    x = float(x)
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.{decimals}f}"


def link(href: str, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)
