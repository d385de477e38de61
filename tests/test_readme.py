"""The README's Python examples run as printed and still print what the README shows.

A newcomer copies the ```python blocks of README.md one after another into a fresh
interpreter. This test does the same: it joins every block, in order and exactly as
printed, into one script and runs it in a new process from an empty folder (so nothing
from the repository is importable except the installed package). Between blocks the
script prints a marker line, so each block's printed lines can be compared with the
indented output block the README shows beneath it.

Numbers are compared with a tolerance, text exactly. A whole number (a step count, a
region count) must match exactly: it is structure, not arithmetic. A decimal printed with
d digits may differ from the README's by at most 2 units of its last digit (0.002 for
0.589). Comparing the rounded numbers instead would fail at random whenever a value sits
near a rounding boundary (0.5885 prints as 0.589 or 0.588 after a change in the 7th
digit); the README's value is itself rounded (up to half a unit), and the rest covers what
differs between machines: XLA:CPU vectorises differently on different processors, which
changes float32 rounding. That is a far smaller perturbation than running the whole
example in float64 instead, and even that moved the README's numbers by about 1e-6
(mean S 0.588870 both ways, FC r 0.047456 vs 0.047457, rmse 0.293768 both ways): the
noisy run relaxes to its noise-driven state rather than amplifying rounding. A change to
the model, its defaults, the noise or the FC moves them by far more than 0.002.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MARK = "@@ end of README block @@"
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def readme_blocks(text: str) -> list[tuple[str, list[str] | None]]:
    "`(code, shown)` for every ```python block: its code, and the lines of the indented output block after it (or None)."
    lines, blocks, i = text.splitlines(), [], 0
    while i < len(lines):
        if lines[i].strip() != "```python":
            i += 1; continue
        end = lines.index("```", i + 1)
        code, i = "\n".join(lines[i + 1:end]), end + 1
        while i < len(lines) and not lines[i].strip(): i += 1
        shown = []
        while i < len(lines) and lines[i].startswith("    "):
            shown.append(lines[i][4:].rstrip()); i += 1
        blocks.append((code, shown or None))
    return blocks


def _parts(line: str):
    "A line split into its text between numbers and its numbers (as printed)."
    return NUMBER.split(line), NUMBER.findall(line)


def same_line(printed: str, shown: str) -> bool:
    "Whether `printed` reads as `shown`: text identical, whole numbers equal, decimals within 2 units of the last digit."
    (text_p, nums_p), (text_s, nums_s) = _parts(printed), _parts(shown)
    if text_p != text_s or len(nums_p) != len(nums_s): return False
    for p, s in zip(nums_p, nums_s):
        if not re.search(r"[.eE]", s):
            if p != s: return False
            continue
        decimals = len(s.split(".")[1].split("e")[0].split("E")[0]) if "." in s else 0
        if abs(float(p) - float(s)) > 2 * 10.0 ** -decimals + 1e-12: return False
    return True


def test_same_line_tolerance():
    "The comparison itself: exact text and whole numbers; decimals within 2 units of their last digit."
    assert same_line("30000 steps of 84 regions; mean S = 0.590", "30000 steps of 84 regions; mean S = 0.589")
    assert same_line("FC r = 0.045, rmse = 0.296", "FC r = 0.047, rmse = 0.294")
    assert not same_line("FC r = 0.044, rmse = 0.294", "FC r = 0.047, rmse = 0.294")
    assert not same_line("30001 steps of 84 regions; mean S = 0.589", "30000 steps of 84 regions; mean S = 0.589")
    assert not same_line("30000 steps of 84 areas; mean S = 0.589", "30000 steps of 84 regions; mean S = 0.589")
    assert not same_line("mean S = 0.589 (float64)", "mean S = 0.589")


def test_readme_blocks_parse():
    text = "intro\n\n```python\nx = 1\nprint(x)\n```\n\n    1\n\nprose\n\n```sh\nls\n```\n\n```python\ny = 2\n```\n\nmore\n"
    assert readme_blocks(text) == [("x = 1\nprint(x)", ["1"]), ("y = 2", None)]


def test_readme_examples_run_as_printed(tmp_path):
    blocks = readme_blocks((ROOT / "README.md").read_text())
    assert blocks, "README.md has no ```python block"
    script = "\n".join(f"{code}\nprint({MARK!r}, flush=True)" for code, _ in blocks) + "\n"
    (tmp_path / "readme_example.py").write_text(script)
    env = dict(os.environ)   # RWW_OPT_DATA as tests/conftest.py set it (made absolute there)
    env.pop("PYTHONPATH", None)
    out = subprocess.run([sys.executable, "readme_example.py"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=600)
    numbered = "\n".join(f"{i + 1:4} {l}" for i, l in enumerate(script.splitlines()))
    assert out.returncode == 0, f"the README's Python blocks fail when run in order:\n{out.stderr[-3000:]}\n\nscript:\n{numbered}"
    printed = out.stdout.split(MARK + "\n")
    assert len(printed) == len(blocks) + 1 and printed[-1] == "", out.stdout
    for k, ((code, shown), got) in enumerate(zip(blocks, printed)):
        got = got.rstrip("\n").splitlines()
        if shown is None:
            assert not got, f"README block {k + 1} prints {got} but the README shows no output:\n{code}"
            continue
        assert len(got) == len(shown) and all(map(same_line, got, shown)), (
            f"README block {k + 1} now prints\n  {got}\nbut the README shows\n  {shown}\n"
            "(re-execute nbs/index.ipynb and rebuild the README if the change is intended)")
