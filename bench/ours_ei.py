"""rww_opt's half of the E-I benchmark: a (G, w_p) sweep, or the marginal time of one Adam step.

    .venv/bin/python bench/ours_ei.py --what sweep|step [--x64|--x32] [--dt 0.5] [--n 16] [--n_pmap 2]
        [--batch_size 64] [--short 3 --long 13] [--duration 120 --transient 120 --skip 20]

The excitatory-inhibitory model as `rww_opt.workflow.build_problem(..., model=...)` builds it
for `rww-opt fit --model rww-ei`, except that J_i is fixed at 1.0 (no FIC), as in the
reference's half (bench/ref_tvboptim_ei.py), so both do the same work: dk_average (weights /
max), ReducedWongWangEI defaults, G=0.5, noise sigma 0.003 on S_e and S_i, Heun at the E-I
step (`MODELS["rww-ei"].dt` unless `--dt`), a `--transient` s run, then `--duration` s with
the BOLD monitor (first-order Volterra kernel, 4 ms averaging, TR 1 s) folded in, FC without
`--skip` s, rmse to the empirical FC. `sweep`: ParallelExecution over an n x n grid of G in
[0.1, 0.6] and w_p in [1.0, 1.6]; first run (compilation included), warm run, sims/s.
`step`: a global fit of (G, w_p) from (0.35, 1.3) with Adam (0.01, b2 0.9999); two fresh
optimisers run `--short` and `--long` steps, and (long - short) / (extra steps) is the
marginal step. Prints one line of JSON.
"""
import argparse

from _halves import add_precision, dtype_name, emit, first_and_warm, force_host_devices, marginal_step, peak_rss_mb

ap = argparse.ArgumentParser()
add_precision(ap)
ap.add_argument("--what", choices=["sweep", "step"], required=True)
ap.add_argument("--dt", type=float, default=None, help="integration step (ms); default MODELS['rww-ei'].dt")
ap.add_argument("--n", type=int, default=16)
ap.add_argument("--n_pmap", type=int, default=2)
ap.add_argument("--batch_size", type=int, default=64)
ap.add_argument("--short", type=int, default=3)
ap.add_argument("--long", type=int, default=13)
ap.add_argument("--duration", type=float, default=120.0)
ap.add_argument("--transient", type=float, default=120.0)
ap.add_argument("--skip", type=float, default=20.0)
args = ap.parse_args()
force_host_devices(args.n_pmap)

import copy
import dataclasses
from importlib.metadata import version

import jax

jax.config.update("jax_enable_x64", args.x64)
import jax.numpy as jnp
import numpy as np

from rww_opt.data import load_functional_connectivity, load_structural_connectivity
from rww_opt.excinh import ReducedWongWangEI
from rww_opt.workflow import MODELS, build_problem

spec = dataclasses.replace(MODELS["rww-ei"], dynamics=lambda: ReducedWongWangEI(J_i=1.0))   # FIC off: J_i fixed
weights, _, _ = load_structural_connectivity("dk_average")
problem = build_problem(weights / weights.max(), load_functional_connectivity("dk_average"), model=spec,
                        duration=args.duration, transient=args.transient, skip=args.skip, dt=args.dt)
dt = spec.dt if args.dt is None else args.dt
out = {"package": "rww_opt", "version": version("rww_opt"), "what": args.what, "dtype": dtype_name(args.x64),
       "dt": dt, "duration_s": args.duration}
if args.what == "sweep":
    from rww_opt.execution import ParallelExecution
    from rww_opt.spaces import GridAxis, Space
    grid_state = copy.deepcopy(problem.state)
    grid_state.coupling.instant.G = GridAxis(0.1, 0.6, args.n)
    grid_state.dynamics.w_p = GridAxis(1.0, 1.6, args.n)
    ex = ParallelExecution(problem.loss, Space(grid_state, mode="product"), n_pmap=args.n_pmap, batch_size=args.batch_size,
                           progress=False)
    first_s, warm_s, res = first_and_warm(ex.run)
    n = int(res.shape[0])
    out.update(points=n, n_pmap=args.n_pmap, batch_size=args.batch_size, first_s=round(first_s, 3), warm_s=round(warm_s, 3),
               sims_per_s=round(n / warm_s, 3), loss_min=float(np.nanmin(res)), loss_max=float(np.nanmax(res)),
               n_nonfinite=int((~np.isfinite(np.asarray(res))).sum()))
else:
    import optax
    from rww_opt.optim import OptaxOptimizer
    from rww_opt.parameters import Parameter
    state = copy.deepcopy(problem.state)
    state.coupling.instant.G = Parameter(jnp.asarray(0.35))
    state.dynamics.w_p = Parameter(jnp.asarray(1.3))
    tx = optax.adam(0.01, b2=0.9999)

    def fit(steps):
        return OptaxOptimizer(problem.loss, tx, progress=False).run(copy.deepcopy(state), max_steps=steps)[0]
    timing, fitted = marginal_step(fit, args.short, args.long)
    out.update(**timing, G=float(fitted.coupling.instant.G.value), w_p=float(fitted.dynamics.w_p.value),
               final_loss=float(problem.loss(fitted)))
out["peak_rss_mb"] = peak_rss_mb()
emit(out)
