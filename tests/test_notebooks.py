"Every notebook in nbs/ is a test: its cells run top to bottom with nbdev's runner and must not raise."
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "nbs").rglob("*.ipynb")
                   if not any(part.startswith((".", "_")) for part in p.relative_to(ROOT / "nbs").parts))
_nbtest = importlib.import_module("nbdev.test")  # a module, so pytest does not collect its `test_nb`


def test_notebooks_found():
    assert len(NOTEBOOKS) >= 2, f"no notebooks found under {ROOT / 'nbs'}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "nbs")))
def test_notebook(nb):
    ok, seconds = _nbtest.test_nb(nb, skip_flags=["notest", "slow"], basepath=ROOT)
    assert ok, f"{nb.name} failed (its traceback is printed above)"
