"What the benchmark orchestrators share: running one half in its environment, and keeping the numbers in bench/results/NAME.json (read by the docs' Performance page)."
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
REF_PY = HERE / ".venv-ref" / "bin" / "python"   # the reference package's own environment


def require_reference():
    "Stop with instructions when the reference environment is missing."
    if not REF_PY.exists(): sys.exit("reference environment missing: run bash bench/setup_ref_env.sh")


def measure(python, script: str, *args) -> dict:
    "Run bench/SCRIPT with `python` in a fresh process and return the JSON line it prints last."
    cmd = [str(python), str(HERE / script), *map(str, args)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode: sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def save(name: str, rows: list, directory=None, **extra) -> Path:
    "Write `rows` (one dict per measurement, and `extra` fields) with the date and the machine they were measured on."
    directory = RESULTS if directory is None else Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"
    path.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                                **extra, "rows": rows}, indent=1) + "\n")
    print(f"saved to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return path
