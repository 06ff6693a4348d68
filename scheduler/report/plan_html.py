"""DIR/index.html of `rotaplan plan`: what the joint plan achieves, and links to its two
halves' pages and workbooks, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler.i18n import catalog
from scheduler.report.pages import render

if TYPE_CHECKING:
    from scheduler.data.instance import Instance
    from scheduler.rotation.outputs import RotationOutputs


def render_plan_index(inst: Instance, outputs: RotationOutputs, facts: Mapping[str, Any],
                      cover: Mapping[tuple[str, str], float], lang: str = "zh",
                      templates: Path | None = None) -> str:
    """The overview page: headline figures of both halves, the coverage counted, links."""
    T = catalog(lang)
    s = outputs.summary
    title = f"{inst.county_name} {T.school_year(inst.policy.year)} {T.t('plan.title')}"
    figures = [
        [T.t("plan.movers"), f"{s['movers']} / {s['movers_required']}"],
        [T.t("plan.unmet"), f"{s['unmet_shortage_before']:.1f} → {s['unmet_shortage_after']:.1f}"],
        [T.t("plan.covered"), T.t("plan.coverage", needs=len(cover),
                                  teachers=f"{sum(cover.values()):.2f}")],
        *([[T.t("plan.pe_arts_counted"), T.t(
            "plan.pe_arts_value", schools=len(s["travel_pe_arts"]),
            teachers=f"{sum(r['teachers'] for r in s['travel_pe_arts']):.2f}")]]
          if s.get("travel_pe_arts") else []),
        [T.t("plan.lessons"), f"{facts['lessons_placed']} / {facts['lessons']}"],
        [T.t("plan.km"), f"{facts['total_km']:,.1f}"],
        [T.t("plan.allowance"), f"{facts['term_allowance']:,.2f}"],
    ]
    rows = [[T.code("subject", subject), inst.school[site].name if site in inst.school
             else site, f"{value:.2f}"] for (site, subject), value in sorted(cover.items())]
    links = [(T.t("plan.rotation_report"), "rotation/report.html"),
             (T.t("plan.rotation_book"), "rotation/rotation_plan.xlsx"),
             (T.t("publication.link"), "rotation/publication.html"),
             (T.t("plan.travel_index"), "travel/timetables/index.html"),
             (T.t("plan.travel_book"), "travel/travel.xlsx")]
    return render("plan_index.html", templates, T=T, title=title, county=inst.county_name,
                  figures=figures,
                  links=links, coverage={"headers": [T.t("plan.subject"), T.t("plan.site"),
                                                     T.t("plan.teachers")],
                                         "rows": rows, "numeric": (2,)})
