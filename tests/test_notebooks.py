"Every notebook in nbs/ is a test: its cells run top to bottom with nbdev's runner and must not raise."
import importlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "nbs").rglob("*.ipynb")
                   if not any(part.startswith((".", "_")) for part in p.relative_to(ROOT / "nbs").parts))
_nbtest = importlib.import_module("nbdev.test")  # a module, so pytest does not collect its `test_nb`


def test_notebooks_found():
    assert len(NOTEBOOKS) >= 2, f"no notebooks found under {ROOT / 'nbs'}"


@pytest.fixture
def own_jax_precision():
    "A notebook that turns on float64 globally (as the tutorials do, like a user's notebook) must not pass it on to the next one the worker runs."
    import jax
    x64 = jax.config.jax_enable_x64
    yield
    jax.config.update("jax_enable_x64", x64)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "nbs")))
def test_notebook(nb, own_jax_precision):
    ok, seconds = _nbtest.test_nb(nb, skip_flags=["notest", "slow"], basepath=ROOT)
    assert ok, f"{nb.name} failed (its traceback is printed above)"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "nbs")))
def test_cell_ids_unique(nb):
    "Every cell has an id that nbformat accepts, and no two cells of a notebook share one (links and diffs rely on them)."
    ids = [c.get("id") for c in json.loads(nb.read_text())["cells"]]
    bad = [i for i in ids if not (isinstance(i, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", i))]
    assert not bad, f"{nb.name}: cells without a valid id: {bad}"
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert not repeated, f"{nb.name}: cell ids used more than once: {repeated}"
