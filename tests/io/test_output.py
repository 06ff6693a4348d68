"""Outputs are written all at once or not at all, and open safely in Excel."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from scheduler.errors import UsageError
from scheduler.io.output import atomic_dir, check_out_dir, safe_text, write_csv, write_xlsx


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_prefixes_are_quoted(text: str) -> None:
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("value", ["张三", "T001", "a=b", 3, -3.5, None])
def test_ordinary_values_pass_through(value: object) -> None:
    assert safe_text(value) == value


def test_csv_has_bom_and_no_live_formula(tmp_path: Path) -> None:
    df = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "李四"], "km": [-1.5, 2.0]})
    write_csv(df, tmp_path / "a.csv")
    raw = (tmp_path / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "李四" in text and "-1.5" in text


def test_xlsx_text_cells_never_become_formulas(tmp_path: Path) -> None:
    df = pd.DataFrame({"name": ["=1+1", "@SUM(A1)"], "n": [1, 2]})
    write_xlsx({"plan": df}, tmp_path / "a.xlsx")
    sheet = load_workbook(tmp_path / "a.xlsx")["plan"]
    assert [c.data_type for c in sheet["A"][1:]] == ["s", "s"]
    assert sheet["A2"].value == "=1+1"
    assert sheet["B2"].value == 1


def test_existing_plan_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    (out / "old.csv").write_text("old")
    with pytest.raises(UsageError, match="--force"):
        check_out_dir(out, force=False)
    with pytest.raises(UsageError), atomic_dir(out):
        pass
    assert (out / "old.csv").read_text() == "old"


def test_force_replaces_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    (out / "old.csv").write_text("old")
    with atomic_dir(out, force=True) as tmp:
        (tmp / "new.csv").write_text("new")
        assert not (out / "new.csv").exists()  # nothing visible until the end
    assert sorted(p.name for p in out.iterdir()) == ["new.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["plan"]  # no temporary folders left


def test_an_error_mid_write_leaves_the_previous_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    (out / "old.csv").write_text("old")
    with pytest.raises(RuntimeError), atomic_dir(out, force=True) as tmp:
        (tmp / "half.csv").write_text("half")
        raise RuntimeError("disk full")
    assert sorted(p.name for p in out.iterdir()) == ["old.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["plan"]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_writer_leaves_the_previous_plan(tmp_path: Path, sig: int) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    (out / "old.csv").write_text("old")
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from scheduler.io.output import atomic_dir
        with atomic_dir(Path({str(out)!r}), force=True) as tmp:
            for i in range(1000):
                (tmp / f"part{{i}}.csv").write_text("x")
                if i == 3:
                    print("writing", flush=True)
                time.sleep(0.01)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, sig)
    proc.wait(timeout=10)
    time.sleep(0.05)
    assert sorted(p.name for p in out.iterdir()) == ["old.csv"]
    assert (out / "old.csv").read_text() == "old"


def test_xlsx_drops_control_characters_instead_of_crashing(tmp_path: Path) -> None:
    write_xlsx({"t": pd.DataFrame({"name": ["a\x01b\x1fc"]})}, tmp_path / "a.xlsx")
    assert load_workbook(tmp_path / "a.xlsx")["t"]["A2"].value == "abc"


def test_plan_folder_gets_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with atomic_dir(tmp_path / "plan") as tmp:
            (tmp / "a.csv").write_text("x")
    finally:
        os.umask(old)
    assert (tmp_path / "plan").stat().st_mode & 0o777 == 0o755
