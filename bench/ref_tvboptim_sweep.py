"""Reference half of the sweep benchmark: the seed's (w, G) exploration with tvboptim's ParallelExecution.

    bench/.venv-ref/bin/python bench/ref_tvboptim_sweep.py [--x64|--x32] --points 128 [--n_pmap 2] [--n_vmap 1]

As the seed calls it (`ParallelExecution(loss, grid, n_pmap=...)`, n_vmap 1 by default), on a
grid of w and G in [0.001, 0.7] with about `--points` points (8 values of w times points / 8
of G). Prints one line of JSON: first run (compilation included), warm run, sims/s, peak RSS.
"""
import argparse
import copy
from importlib.metadata import version

from _halves import add_precision, dtype_name, emit, first_and_warm, peak_rss_mb
from ref_tvboptim_common import seed_setup

ap = argparse.ArgumentParser()
add_precision(ap)
ap.add_argument("--points", type=int, default=128)
ap.add_argument("--n_pmap", type=int, default=2)
ap.add_argument("--n_vmap", type=int, default=1)
args = ap.parse_args()

model, state, loss = seed_setup(args.x64)
from tvboptim.execution import ParallelExecution
from tvboptim.types import GridAxis, Space

grid_state = copy.deepcopy(state)
grid_state.dynamics.w = GridAxis(0.001, 0.7, 8)
grid_state.coupling.instant.G = GridAxis(0.001, 0.7, max(1, args.points // 8))
grid = Space(grid_state, mode="product")
ex = ParallelExecution(loss, grid, n_pmap=args.n_pmap, n_vmap=args.n_vmap)
first_s, warm_s, res = first_and_warm(ex.run)
n = int(res.shape[0])
emit({"package": "tvboptim", "version": version("tvboptim"), "dtype": dtype_name(args.x64),
      "points": n, "n_pmap": args.n_pmap, "n_vmap": args.n_vmap, "first_s": round(first_s, 3),
      "warm_s": round(warm_s, 3), "sims_per_s": round(n / warm_s, 1), "peak_rss_mb": peak_rss_mb(),
      "loss_min": float(res.min()), "loss_max": float(res.max())})
