"""The measurements behind the modules' design choices (read by the Performance page; the module pages state the choices).

    RWW_OPT_DATA=../shared/data .venv/bin/python bench/bench_design.py [--reps 5]

1. Transfer function, as sweeps use it (the value): the library's `rww_transfer` (one `exp` plus a Taylor
   series near 0) against the same function written with `expm1`, per number, float64 and float32; and the
   value with its derivative, as fits use it.
2. Batch size: the seed's sweep (256 points of the 32 x 32 grid, BOLD and FC, two devices) with 16, 32, 64
   and 128 points per device, float64 and float32, through `ParallelExecution`.
Each timing is the median of `--reps` warm runs; the forms being compared alternate. Writes bench/results/design.json.
"""
import argparse
import os

os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=2")
import statistics
import time

import jax
import jax.numpy as jnp
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--points", type=int, default=256)
args = ap.parse_args()
jax.config.update("jax_enable_x64", True)
from _results import save
from rww_opt.dynamics import rww_transfer


def median_time(fns: dict, *a) -> dict:
    "Median seconds of each compiled function over `--reps` alternating warm calls."
    for f in fns.values(): jax.block_until_ready(f(*a))
    t = {k: [] for k in fns}
    for _ in range(args.reps):
        for k, f in fns.items():
            s = time.perf_counter(); jax.block_until_ready(f(*a)); t[k].append(time.perf_counter() - s)
    return {k: statistics.median(v) for k, v in t.items()}


rows = []
# 1. the transfer function
def expm1_form(x, a=0.270, b=0.108, d=154.0):
    y = d * (a * x - b)
    safe = jnp.where(jnp.abs(y) < 1e-6, 1.0, y)
    return jnp.where(jnp.abs(y) < 1e-6, 1 + y / 2, safe / -jnp.expm1(-safe)) / d
for dtype in [jnp.float64, jnp.float32]:
    x = jnp.asarray(np.random.default_rng(0).uniform(0.2, 0.6, (32, 84, 200)), dtype)
    for use, make in [("value", lambda f: jax.jit(f)), ("value and derivative", lambda f: jax.jit(jax.vmap(jax.grad(lambda v, f=f: f(v).sum()))))]:
        fns = {name: make(f) for name, f in [("exp + series (library)", rww_transfer), ("expm1", expm1_form)]}
        for name, s in median_time(fns, x).items():
            rows.append(dict(study=f"transfer function: {use}", form=name, dtype=jnp.dtype(dtype).name, ns_per_number=s / x.size * 1e9))

# 2. batch size of the seed's sweep
import copy
from rww_opt.data import load_functional_connectivity, load_structural_connectivity
from rww_opt.execution import ParallelExecution
from rww_opt.spaces import GridAxis, Space
from rww_opt.workflow import build_problem
for x64 in [True, False]:
    jax.config.update("jax_enable_x64", x64)
    w = load_structural_connectivity("dk_average")[0]
    pb = build_problem(w / w.max(), load_functional_connectivity("dk_average"))
    grid = copy.deepcopy(pb.state)
    grid.dynamics.w = GridAxis(0.001, 0.7, 8); grid.coupling.instant.G = GridAxis(0.001, 0.7, args.points // 8)
    space = Space(grid)
    for bs in [16, 32, 64, 128]:
        ex = ParallelExecution(pb.loss, space, n_pmap=2, batch_size=bs, progress=False)
        ex.run()
        t = []
        for _ in range(max(1, args.reps // 2)):
            s = time.perf_counter(); ex.run(); t.append(time.perf_counter() - s)
        rows.append(dict(study="batch size", form=f"{bs} points per device", dtype="float64" if x64 else "float32",
                         sims_per_s=len(space) / statistics.median(t)))
for r in rows: print(r)
save("design", rows)
