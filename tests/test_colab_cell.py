"""The tutorial's Colab cell works from a clean runtime.

The cell (with the imports cell before it) is read from the notebook and run in a fresh
virtual environment that holds nothing but pip, as a new Colab runtime holds no rww_opt:
a fake `google.colab` package, imported first as Colab's kernel does, makes the cell
believe it runs in Colab, and `RWW_OPT_PIP_SPEC` points pip at this repository instead
of GitHub. In the same process the script then imports rww_opt and JAX (after dropping
the stand-in, which lacks the display helpers JAX's debugger loads in Colab) and checks that
the package came from the new environment, that `XLA_FLAGS` kept the flag set before
and gained the device count, and that JAX sees that many CPU devices. Running the cell
a second time must neither call pip nor touch `XLA_FLAGS`. Outside Colab the cell must
install nothing.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "nbs" / "tutorials" / "rww_fc_fit.ipynb"
KEPT_FLAG = "--xla_cpu_multi_thread_eigen=false"   # an unrelated flag set before the cell runs: it must survive
N_FORCED = 3                                       # the CPU count the script reports to the cell


def cell_code(*ids: str) -> str:
    "The source of the tutorial's code cells with these ids, in that order."
    cells = {c.get("id"): "".join(c["source"]) for c in json.loads(TUTORIAL.read_text())["cells"]}
    missing = [i for i in ids if i not in cells]
    assert not missing, f"{TUTORIAL.name} has no cell with id {missing}"
    return "\n".join(cells[i] for i in ids) + "\n"


CELL = cell_code("colab-imports", "colab-install")


def _clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "XLA_FLAGS", "PYTHONHOME", "RWW_OPT_PIP_SPEC")}
    return env | {"JAX_PLATFORMS": "cpu", "PYTHONNOUSERSITE": "1"} | extra


# one worker runs this file's tests, so its module fixture is made once (pytest-xdist, --dist loadgroup)
pytestmark = pytest.mark.xdist_group("colab")

@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    "A new virtual environment with pip and nothing else; skips when pip cannot reach a package index."
    root = tmp_path_factory.mktemp("colab")
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True, timeout=120)
    python = root / "venv" / "bin" / "python"
    probe = subprocess.run([str(python), "-m", "pip", "download", "-q", "--no-deps", "-d", str(root / "probe"),
                            "setuptools>=64"], capture_output=True, text=True, timeout=120, env=_clean_env())
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.skip(f"pip cannot reach a package index from a fresh venv, so the cell cannot install rww_opt: {last}")
    fake = root / "fake" / "google" / "colab"
    fake.mkdir(parents=True)
    (fake.parent / "__init__.py").write_text("")
    (fake / "__init__.py").write_text('"A stand-in for Colab\'s google.colab package."\n')
    return root, python


def test_cell_outside_colab_installs_nothing(venv):
    root, python = venv
    script = ("import subprocess\n"
              "def no_pip(*a, **k): raise AssertionError(f'the cell ran {a} outside Colab')\n"
              "subprocess.run = no_pip\n" + CELL +
              "import importlib.util, os\n"
              "assert importlib.util.find_spec('rww_opt') is None\n"
              "print(os.environ['XLA_FLAGS'])\n")
    out = subprocess.run([str(python), "-c", script], cwd=root, capture_output=True, text=True, timeout=60,
                         env=_clean_env(XLA_FLAGS=KEPT_FLAG))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [KEPT_FLAG, f"--xla_force_host_platform_device_count={os.cpu_count() or 1}"]


def test_cell_installs_in_a_clean_runtime_and_forces_the_device_count(venv):
    root, python = venv
    script = ("import json, os, subprocess, sys\n"
              "import google.colab                 # Colab's kernel imports it before any cell runs\n"
              f"os.cpu_count = lambda: {N_FORCED}  # the device count the cell must force, whatever this machine has\n"
              + CELL +
              "flags_first = os.environ['XLA_FLAGS']\n"
              "def no_pip(*a, **k): raise AssertionError(f'the cell ran {a} although rww_opt is installed')\n"
              "subprocess.run = no_pip\n"
              + CELL +
              "sys.modules.pop('google.colab'); sys.modules.pop('google')  # else JAX loads Colab's display helpers\n"
              "import jax, rww_opt\n"
              "print(json.dumps(dict(flags_first=flags_first, flags_again=os.environ['XLA_FLAGS'],\n"
              "                      devices=jax.device_count(), rww_opt=rww_opt.__file__, prefix=sys.prefix)))\n")
    env = _clean_env(XLA_FLAGS=KEPT_FLAG, RWW_OPT_PIP_SPEC=str(ROOT), PYTHONPATH=str(root / "fake"))
    out = subprocess.run([str(python), "-c", script], cwd=root, capture_output=True, text=True, timeout=600, env=env)
    assert out.returncode == 0, f"the Colab cell failed in a clean venv:\n{out.stderr[-4000:]}"
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["flags_first"].split() == [KEPT_FLAG, f"--xla_force_host_platform_device_count={N_FORCED}"], got
    assert got["flags_again"] == got["flags_first"], got
    assert got["devices"] == N_FORCED, got
    assert Path(got["rww_opt"]).is_relative_to(got["prefix"]), f"rww_opt was not installed into the new venv: {got}"
