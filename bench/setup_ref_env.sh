#!/usr/bin/env bash
# Create the isolated virtual environment for the reference package (tvboptim).
# tvboptim is NEVER a dependency of rww_opt: it lives only in bench/.venv-ref
# (git-ignored via `bench/.venv*/`). Idempotent: does nothing if the env already works.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv-ref"
TVBOPTIM_VERSION="${TVBOPTIM_VERSION:-0.4.0}"
PY="${PYTHON:-python3}"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - "$TVBOPTIM_VERSION" <<'PYEOF' 2>/dev/null
import sys, importlib.metadata as md
assert md.version("tvboptim") == sys.argv[1]
import jax, tvboptim
from tvboptim.experimental.network_dynamics import Network, prepare
PYEOF
then
  echo "bench/.venv-ref already OK (tvboptim $TVBOPTIM_VERSION)"
  exit 0
fi

"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "tvboptim==$TVBOPTIM_VERSION"
"$VENV/bin/python" -c "import tvboptim, jax, importlib.metadata as md; print('tvboptim', md.version('tvboptim'), 'jax', jax.__version__)"
