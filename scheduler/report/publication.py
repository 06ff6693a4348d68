"""publication.html: the provisional list (公示名单) a county posts before the plan is final.

One printable page per ROWS_PER_PAGE movers (A4, the table's header and the page count
on every sheet): the title with the county and the school year, the movers (id, name,
school they leave, school they go to, post, the year their term ends), the notice period
(`[publication] days` working days from the publication date, counted with the school
calendar's days off and make-up days, `scheduler.term.working_days`) and where
objections go (`[publication] contact`). Names appear here because publishing them is
the point of a 公示; the page is written into the plan's folder, never logged.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler.i18n import Catalog, catalog
from scheduler.report.pages import render
from scheduler.term import working_days

if TYPE_CHECKING:
    from scheduler.rotation.outputs import RotationOutputs

PUBLICATION_HTML = "publication.html"
ROWS_PER_PAGE = 40


def render_publication(outputs: RotationOutputs, lang: str = "zh",
                       templates: Path | None = None, published: dt.date | None = None) -> str:
    """The provisional list as one page of HTML; `published` (default today) starts the
    notice period."""
    T = catalog(lang)
    inst = outputs.instance
    policy = inst.policy
    published = published or dt.date.today()
    rows = movers(T, outputs)
    pages = [rows[i:i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
    return render(
        "publication.html", templates, T=T, county=inst.county_name,
        # 马山县2026—2027学年…; a name in Latin letters (a folder's) keeps a space
        title=T.t("publication.title", county=inst.county_name
                  + (" " if inst.county_name[-1:].isascii() else ""),
                  school_year=T.school_year(policy.year)),
        intro=T.t("publication.intro", n=len(rows)) if rows else T.t("publication.none"),
        period=notice_period(T, outputs, published),
        contact=(T.t("publication.contact", contact=policy.publication.contact)
                 if policy.publication.contact.strip() else T.t("publication.no_contact")),
        issuer=T.t("publication.issuer", county=inst.county_name),
        date=_date(T, published),
        headers=[T.t(f"publication.{k}") for k in
                 ("teacher_id", "name", "from", "to", "post", "term_end")],
        pages=[{"rows": chunk, "number": T.t("publication.page", page=n, pages=len(pages))}
               for n, chunk in enumerate(pages, start=1)])


def movers(T: Catalog, outputs: RotationOutputs) -> list[list[Any]]:
    """One row per mover, leaders included, by the school they leave, then id."""
    plan = outputs.plan.sort_values(["from_school_id", "teacher_id"], kind="stable")
    return [[r["teacher_id"], r["name"], r["from_name"], r["to_name"], T.code("post", r["post"]),
             T.t("publication.term_end_year", year=r["term_end_year"])]
            for r in plan.to_dict("records")]


def notice_period(T: Catalog, outputs: RotationOutputs, published: dt.date) -> str:
    """公示期: from the first working day on or after `published` to the last of `days`."""
    days = outputs.instance.policy.publication.days
    period = working_days(outputs.instance, published, days)
    if not period:
        return T.t("publication.no_period", days=days)
    return T.t("publication.period", start=_date(T, period[0]), end=_date(T, period[-1]),
               days=days)


def _date(T: Catalog, day: dt.date) -> str:
    return T.t("publication.day", year=day.year, month=day.month, day=day.day)
