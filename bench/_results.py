"Where the benchmark orchestrators keep their numbers: bench/results/NAME.json, read by the docs' Performance page."
import json
import os
import platform
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save(name: str, rows: list) -> Path:
    "Write `rows` (one dict per measurement) with the date and the machine they were measured on."
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                                "rows": rows}, indent=1) + "\n")
    print(f"saved to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return path
