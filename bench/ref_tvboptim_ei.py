"""Reference half of the E-I benchmark (tvboptim): a (G, w_p) sweep, or the marginal time of one Adam step.

    bench/.venv-ref/bin/python bench/ref_tvboptim_ei.py --what sweep|step --dt 0.5 [--x64|--x32] [--points 32]
        [--short 3 --long 13] [--duration 120 --transient 120 --skip 20] [--block_size K]

The model of `ei_setup` in bench/ref_tvboptim_common.py (WongWangExcInh, J_i = 1.0 fixed, noise
on both populations, BOLD, FC, rmse), written as the seed writes its workflow. `sweep`: its
ParallelExecution (n_pmap 2, n_vmap 1, as the seed calls it) over a grid of about `--points`
points of G in [0.1, 0.6] (its dynamics' G) times 4 values of w_p in [1.0, 1.6]; first run
(compilation included), warm run, sims/s. `step`: a global fit of (G, w_p) from (0.35, 1.3)
with Adam (0.01, b2 0.9999); two fresh optimisers run `--short` and `--long` steps, and
(long - short) / (extra steps) is the marginal step. Prints one line of JSON.
"""
import argparse
import copy
from importlib.metadata import version

from _halves import add_precision, dtype_name, emit, first_and_warm, marginal_step, peak_rss_mb
from ref_tvboptim_common import ei_setup

ap = argparse.ArgumentParser()
add_precision(ap)
ap.add_argument("--what", choices=["sweep", "step"], required=True)
ap.add_argument("--dt", type=float, required=True, help="integration step (ms): rww_opt's MODELS['rww-ei'].dt")
ap.add_argument("--points", type=int, default=32)
ap.add_argument("--n_pmap", type=int, default=2)
ap.add_argument("--short", type=int, default=3)
ap.add_argument("--long", type=int, default=13)
ap.add_argument("--duration", type=float, default=120.0)
ap.add_argument("--transient", type=float, default=120.0)
ap.add_argument("--skip", type=float, default=20.0)
ap.add_argument("--block_size", type=int, default=None)
args = ap.parse_args()

model, state, loss = ei_setup(args.x64, args.dt, args.duration, args.transient, args.skip, args.block_size)
import jax.numpy as jnp
import numpy as np

out = {"package": "tvboptim", "version": version("tvboptim"), "what": args.what, "dtype": dtype_name(args.x64),
       "dt": args.dt, "duration_s": args.duration, "block_size": args.block_size}
if args.what == "sweep":
    from tvboptim.execution import ParallelExecution
    from tvboptim.types import GridAxis, Space
    grid_state = copy.deepcopy(state)
    grid_state.dynamics.G = GridAxis(0.1, 0.6, max(1, args.points // 4))
    grid_state.dynamics.w_p = GridAxis(1.0, 1.6, 4)
    ex = ParallelExecution(loss, Space(grid_state, mode="product"), n_pmap=args.n_pmap, n_vmap=1)
    first_s, warm_s, res = first_and_warm(ex.run)
    n = int(res.shape[0])
    out.update(points=n, n_pmap=args.n_pmap, first_s=round(first_s, 3), warm_s=round(warm_s, 3),
               sims_per_s=round(n / warm_s, 3), loss_min=float(np.nanmin(res)), loss_max=float(np.nanmax(res)),
               n_nonfinite=int((~np.isfinite(np.asarray(res))).sum()))
else:
    import optax
    from tvboptim.optim.optax import OptaxOptimizer
    from tvboptim.types import Parameter
    state.dynamics.G = Parameter(jnp.asarray(0.35))
    state.dynamics.w_p = Parameter(jnp.asarray(1.3))
    tx = optax.adam(0.01, b2=0.9999)

    def fit(steps):
        return OptaxOptimizer(loss, tx).run(copy.deepcopy(state), max_steps=steps)[0]
    timing, fitted = marginal_step(fit, args.short, args.long)
    out.update(**timing, G=float(fitted.dynamics.G.value), w_p=float(fitted.dynamics.w_p.value), final_loss=float(loss(fitted)))
out["peak_rss_mb"] = peak_rss_mb()
emit(out)
