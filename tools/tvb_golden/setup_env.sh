#!/usr/bin/env bash
# Create the throwaway virtual environment that holds The Virtual Brain (TVB), used only to
# produce the golden reference data in nbs/golden/. TVB is never a dependency of rww_opt.
# Idempotent: an existing environment with the pinned versions is left as it is.
# Usage: bash tools/tvb_golden/setup_env.sh      (PYTHON=/path/to/python3.11 to choose the interpreter)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3.11}"

# tvb-library 2.10.0 is the newest release; it installs and imports on Python 3.11.
# The numerical stack is pinned too, so that the golden numbers come out bit for bit the same.
pins=(
  "tvb-library==2.10.0"
  "numpy==2.4.6"
  "numba==0.68.1"
  "llvmlite==0.50.0"
  "scipy==1.17.1"
)

if [ -x "$venv/bin/python" ] && "$venv/bin/python" - "${pins[@]}" <<'PY'
import sys
from importlib.metadata import version, PackageNotFoundError
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    try:
        if version(name) != want:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
then
  echo "TVB environment ready: $venv"
  exit 0
fi

"$python" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' \
  || { echo "need Python 3.11 (set PYTHON=...)" >&2; exit 1; }
[ -d "$venv" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "${pins[@]}"
"$venv/bin/python" -c 'import tvb.simulator.lab; from tvb.simulator.models.wong_wang_exc_inh import ReducedWongWangExcInh'
echo "TVB environment ready: $venv"
