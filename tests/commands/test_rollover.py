"""`rotaplan rollover`: two years planned in a row on a hand-built county, and the refusals.

The county (year 2026, term_years 3, no quotas, no headcount limit): urban primary U1 with
music teachers M1 and M2 (eligible: 8 years there); rural primaries R1 and R2 each need one
music teacher. R1 has none; R2 has X, on an exchange from U1 that ends in 2027.

Year 2026: one of M1, M2 moves to R1 (the shortage) and nobody else moves (a move that
serves no level is not made). Rollover: X comes home to U1 (0 years there, not eligible).
Year 2027: R2 is now short of music; the year-1 mover is on its exchange (R11) and X is
new at U1, so the other of M1, M2 moves to R2.
"""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data.load import load_instance
from scheduler.data.write import write_folder

runner = CliRunner()
SOLVE = ["--workers", "1", "--time-limit", "10", "--no-compare", "--lang", "en"]


def county(folder: Path) -> Path:
    schools = [{"school_id": sid, "name": f"school {sid}", "kind": kind, "stage": "primary",
                "lon": 117.0 + 0.05 * i, "lat": 31.0, "students": 300}
               for i, (sid, kind) in enumerate([("U1", "urban"), ("R1", "rural"),
                                                ("R2", "rural")])]
    teachers = [{"teacher_id": tid, "name": f"name {tid}", "school_id": at,
                 "subject": subject, "years_at_school": years, "birth_year": 1985}
                for tid, at, subject, years in [
                    ("M1", "U1", "music", 8), ("M2", "U1", "music", 8),
                    ("C1", "U1", "chinese", 2), ("C2", "R1", "chinese", 2),
                    ("C3", "R2", "chinese", 2), ("X", "R2", "music", 2)]]
    records = {
        "schools": schools, "teachers": teachers,
        "needs": [{"school_id": s, "subject": "music", "required": 1} for s in ("R1", "R2")],
        "history": [{"teacher_id": "X", "from_school_id": "U1", "to_school_id": "R2",
                     "start_year": 2024, "end_year": 2027}],
    }
    policy = {"year": 2026, "rotation": {"min_share_of_eligible": 0.0,
                                         "min_backbone_share": 0.0, "max_outflow_share": 1.0,
                                         "headcount": "free"}}
    write_folder(records, folder, policy)
    return folder


def moves(plan: Path) -> dict[str, str]:
    with (plan / "rotation_plan.csv").open(encoding="utf-8-sig") as f:
        return {r["teacher_id"]: r["to_school_id"] for r in csv.DictReader(f)}


def test_two_years_in_a_row_respect_the_first_years_exchanges(tmp_path: Path) -> None:
    first = county(tmp_path / "y2026")
    r = runner.invoke(app, ["rotate", str(first), "--out", str(tmp_path / "p2026"), *SOLVE])
    assert r.exit_code == 0, r.output
    year1 = moves(tmp_path / "p2026")
    assert list(year1.values()) == ["R1"] and set(year1) < {"M1", "M2"}
    [mover] = year1
    other = ({"M1", "M2"} - {mover}).pop()

    nxt = tmp_path / "y2027"
    r = runner.invoke(app, ["rollover", str(first), "--plan", str(tmp_path / "p2026"),
                            "--out", str(nxt), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "1 exchanges came home" in r.output
    assert runner.invoke(app, ["validate", str(nxt)]).exit_code == 0
    inst = load_instance(nxt)
    assert inst.policy.year == 2027
    assert inst.teacher["X"].school_id == "U1" and inst.teacher["X"].years_at_school == 0
    assert inst.teacher[mover].school_id == "R1" and mover in inst.on_exchange

    r = runner.invoke(app, ["rotate", str(nxt), "--out", str(tmp_path / "p2027"), *SOLVE])
    assert r.exit_code == 0, r.output
    assert moves(tmp_path / "p2027") == {other: "R2"}


def test_a_plan_that_does_not_fit_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    inst = county(tmp_path / "y2026")
    plan = tmp_path / "plan"
    plan.mkdir()
    with (plan / "rotation_plan.csv").open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["teacher_id", "name", "subject", "backbone", "from_school_id",
                    "to_school_id", "distance_km", "reasons"])
        w.writerow(["GHOST", "", "music", "none", "U1", "R1", "5", ""])
        w.writerow(["M1", "", "music", "none", "R2", "R1", "5", ""])
    out = tmp_path / "next"
    r = runner.invoke(app, ["rollover", str(inst), "--plan", str(plan), "--out", str(out),
                            "--lang", "en"])
    assert r.exit_code == 2
    assert "row 2" in r.output and "GHOST" in r.output
    assert "row 3" in r.output and "from_school_id" in r.output
    assert not out.exists()
    zh = runner.invoke(app, ["rollover", str(inst), "--plan", str(plan), "--out", str(out),
                             "--lang", "zh"])
    assert zh.exit_code == 2 and "应为教师 M1 在教师表中的学校 U1" in zh.output
    missing = runner.invoke(app, ["rollover", str(inst), "--plan", str(tmp_path / "none"),
                                  "--out", str(out)])
    assert missing.exit_code == 2 and not out.exists()


def test_next_is_not_overwritten_without_force(tmp_path: Path) -> None:
    inst = county(tmp_path / "y2026")
    plan = tmp_path / "plan"
    plan.mkdir()
    with (plan / "rotation_plan.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerow(["teacher_id", "name", "subject", "backbone", "from_school_id",
                                "to_school_id", "distance_km", "reasons"])
    out = tmp_path / "next"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    args = ["rollover", str(inst), "--plan", str(plan), "--out", str(out), "--lang", "en"]
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and "--force" in r.output
    assert (out / "keep.txt").read_text() == "mine"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert load_instance(out).policy.year == 2027 and not (out / "keep.txt").exists()
