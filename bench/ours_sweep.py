"""rww_opt's half of the sweep benchmark: the seed's (w, G) exploration with ParallelExecution.

    .venv/bin/python bench/ours_sweep.py [--x64|--x32] [--n 32] [--n_pmap 2] [--batch_size 64]

The seed's network and loss (BOLD warm-started from a transient, FC without 20 samples,
rmse to the empirical FC) over an n x n grid of w and G in [0.001, 0.7]. The BOLD monitor
runs inside the simulation (`prepare(..., monitor=Bold(...))`), so no trajectory is
stored. Noise is on and shared by all points. Prints one line of JSON: the first run
(compilation included), the warm run, simulations per second, peak RSS.
"""
import argparse
import os

ap = argparse.ArgumentParser()
g = ap.add_mutually_exclusive_group()
g.add_argument("--x64", dest="x64", action="store_true", default=True)
g.add_argument("--x32", dest="x64", action="store_false")
ap.add_argument("--n", type=int, default=32)
ap.add_argument("--n_pmap", type=int, default=2)
ap.add_argument("--batch_size", type=int, default=64)
args = ap.parse_args()
os.environ.setdefault("XLA_FLAGS", f"--xla_force_host_platform_device_count={args.n_pmap}")

import copy
import json
import resource
import time

import jax

jax.config.update("jax_enable_x64", args.x64)
import jax.numpy as jnp
import numpy as np

from rww_opt.cli import build_model
from rww_opt.data import load_functional_connectivity, load_structural_connectivity
from rww_opt.execution import ParallelExecution
from rww_opt.spaces import GridAxis, Space

# the seed's network and loss (BOLD monitor inside the run, warm-started by a 120 s transient), as `rww-opt fit` builds them
weights, _, _ = load_structural_connectivity("dk_average")
state, observation, loss = build_model(weights / weights.max(), load_functional_connectivity("dk_average"))

grid_state = copy.deepcopy(state)
grid_state.dynamics.w = GridAxis(0.001, 0.7, args.n)
grid_state.coupling.instant.G = GridAxis(0.001, 0.7, args.n)
grid = Space(grid_state, mode="product")
ex = ParallelExecution(loss, grid, n_pmap=args.n_pmap, batch_size=args.batch_size, progress=False)
t = time.perf_counter(); first = jnp.stack(ex.run()); first_s = time.perf_counter() - t
t = time.perf_counter(); res = jnp.stack(ex.run()); warm_s = time.perf_counter() - t
from importlib.metadata import version
print(json.dumps({"package": "rww_opt", "version": version("rww_opt"), "dtype": "float64" if args.x64 else "float32",
                  "points": len(grid), "n_pmap": args.n_pmap, "batch_size": args.batch_size,
                  "first_s": round(first_s, 3), "warm_s": round(warm_s, 3), "sims_per_s": round(len(grid) / warm_s, 1),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                  "loss_min": float(res.min()), "loss_max": float(res.max()),
                  "n_nonfinite": int((~np.isfinite(np.asarray(res))).sum())}))
