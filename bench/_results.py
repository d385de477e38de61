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
    out = subprocess.run([str(python), str(HERE / script), *map(str, args)], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def save(name: str, rows: list) -> Path:
    "Write `rows` (one dict per measurement) with the date and the machine they were measured on."
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                                "rows": rows}, indent=1) + "\n")
    print(f"saved to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return path
