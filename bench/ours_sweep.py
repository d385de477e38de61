"""rww_opt's half of the sweep benchmark: the seed's (w, G) exploration with ParallelExecution.

    .venv/bin/python bench/ours_sweep.py [--x64|--x32] [--form seed|monitor] [--n 32] [--n_pmap 2] [--batch_size 64]

The seed's network and loss (BOLD warm-started from a 120 s transient, FC without 20 samples,
rmse to the empirical FC) over an n x n grid of w and G in [0.001, 0.7], spelled as
`--form` says (bench/ours_common.py):
- `seed`: the seed's notebook as written, and its exploration as written: a fresh
  `ParallelExecution(loss, grid, n_pmap=...)` made inside the timed function at every call,
  as the seed's cached `explore()` does (default batch size, progress bar on);
- `monitor`: `problem.loss` of `rww_opt.workflow.build_problem`, one execution made once
  (`--batch_size`, no progress bar) and run twice.
Either way no trajectory is stored, and noise is on and shared by all points. Prints one
line of JSON: the first run (compilation included), the warm run, simulations per second,
peak RSS, and the range of the losses (the two forms give the same losses).
"""
import argparse

from _halves import add_precision, dtype_name, emit, first_and_warm, force_host_devices, peak_rss_mb

ap = argparse.ArgumentParser()
add_precision(ap)
ap.add_argument("--form", choices=["seed", "monitor"], default="monitor")
ap.add_argument("--n", type=int, default=32)
ap.add_argument("--n_pmap", type=int, default=2)
ap.add_argument("--batch_size", type=int, default=64)
args = ap.parse_args()
force_host_devices(args.n_pmap)

import copy
import inspect

import jax

jax.config.update("jax_enable_x64", args.x64)
import numpy as np

from ours_common import seed_setup
from rww_opt.execution import ParallelExecution
from rww_opt.spaces import GridAxis, Space

state, loss = seed_setup(args.form)
n = args.n
grid_state = copy.deepcopy(state)
grid_state.dynamics.w = GridAxis(0.001, 0.7, n)
grid_state.coupling.instant.G = GridAxis(0.001, 0.7, n)
grid = Space(grid_state, mode="product")

if args.form == "seed":
    def explore():
        exec = ParallelExecution(loss, grid, n_pmap=args.n_pmap)
        return exec.run()
else:
    ex = ParallelExecution(loss, grid, n_pmap=args.n_pmap, batch_size=args.batch_size, progress=False)
    explore = ex.run

first_s, warm_s, res = first_and_warm(explore)
from importlib.metadata import version
emit({"package": "rww_opt", "version": version("rww_opt"), "form": args.form, "dtype": dtype_name(args.x64),
      "points": len(grid), "n_pmap": args.n_pmap,
      "batch_size": inspect.signature(ParallelExecution).parameters["batch_size"].default if args.form == "seed"
      else args.batch_size,
      "first_s": round(first_s, 3), "warm_s": round(warm_s, 3), "sims_per_s": round(len(grid) / warm_s, 2),
      "peak_rss_mb": peak_rss_mb(),
      "loss_min": float(res.min()), "loss_max": float(res.max()), "loss_mean": float(res.mean()),
      "n_nonfinite": int((~np.isfinite(np.asarray(res))).sum())})
