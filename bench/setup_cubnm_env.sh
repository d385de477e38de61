#!/usr/bin/env bash
# Create the isolated virtual environment for cuBNM, the published HCP benchmark's simulator (C++/CUDA, with a CPU
# path). cuBNM is NEVER a dependency of rww_opt: it lives only in bench/.venv-cubnm (git-ignored via `bench/.venv*/`).
# Idempotent: does nothing if the env already works.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-cubnm"
CUBNM_VERSION="${CUBNM_VERSION:-0.1.0}"
PY="${PYTHON:-python3}"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import importlib.metadata as md, sys; assert md.version('cubnm') == sys.argv[1]; import cubnm.sim" "$CUBNM_VERSION" 2>/dev/null; then
  echo "bench/.venv-cubnm already OK (cubnm $CUBNM_VERSION)"
  exit 0
fi

"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "cubnm==$CUBNM_VERSION"
"$VENV/bin/python" -c "import cubnm.sim, importlib.metadata as md; print('cubnm', md.version('cubnm'))"
