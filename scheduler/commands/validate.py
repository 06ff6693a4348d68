"""`rotaplan validate INSTANCE`: load and check a county; print what it holds."""

from __future__ import annotations

import time

from scheduler.app import InstanceArg, LangOpt, PolicyOpt, app, console, guarded


@app.command()
@guarded
def validate(instance: InstanceArg, policy: PolicyOpt = None, lang: LangOpt = None) -> None:
    """Load and check an instance; print what the county holds."""
    from scheduler.data import load_instance
    from scheduler.i18n import resolve
    from scheduler.report.overview import print_overview

    lang = resolve(lang)
    start = time.perf_counter()
    inst = load_instance(instance, policy)
    print_overview(inst, console, seconds=time.perf_counter() - start, lang=lang)
