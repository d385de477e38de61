"""Run notebooks top to bottom and save their outputs in place, so the docs show real figures.

Usage: python tools/execute_nbs.py [NOTEBOOK ...]   (default: every notebook in nbs/)
Then run `nbdev_clean`. Set RWW_OPT_DATA first if the data is not in the cache.
Progress bars (tqdm's stderr output) are dropped from the saved outputs: they help a live
reader, not a page.
"""
import json
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=2")
ROOT = Path(__file__).resolve().parents[1]
PROGRESS = re.compile(r"\d+/\d+ \[[\d:<?]+")   # tqdm's "3/10 [00:01<00:02" part


def _is_progress(out) -> bool:
    "A stream output holding a progress bar, or only the terminal codes a closed bar leaves."
    if out.get("output_type") != "stream": return False
    text = "".join(out.get("text", ""))
    return bool(PROGRESS.search(text)) if out.get("name") == "stderr" else not re.sub(r"\x1b\[\d*K|\s", "", text)


def drop_progress_bars(path: Path):
    nb = json.loads(path.read_text())
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            c["outputs"] = [o for o in c["outputs"] if not _is_progress(o)]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    nbs = [Path(a).resolve() for a in sys.argv[1:]] or sorted((ROOT / "nbs").rglob("*.ipynb"))
    for nb in nbs:
        if any(p.startswith((".", "_")) for p in nb.relative_to(ROOT / "nbs").parts): continue
        print(f"executing {nb.relative_to(ROOT)}", flush=True)
        with working_directory(nb.parent):
            CaptureShell(path=nb.parent).execute(nb, nb, exc_stop=True)
        drop_progress_bars(nb)
