"""Run notebooks top to bottom and save their outputs in place, so the docs show real figures.

Usage: python tools/execute_nbs.py [NOTEBOOK ...]   (default: every notebook in nbs/)
Then run `nbdev_clean`. Set RWW_OPT_DATA first if the data is not in the cache.
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=2")
ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    nbs = [Path(a).resolve() for a in sys.argv[1:]] or sorted((ROOT / "nbs").rglob("*.ipynb"))
    for nb in nbs:
        if any(p.startswith((".", "_")) for p in nb.relative_to(ROOT / "nbs").parts): continue
        print(f"executing {nb.relative_to(ROOT)}", flush=True)
        with working_directory(nb.parent):
            CaptureShell(path=nb.parent).execute(nb, nb, exc_stop=True)
