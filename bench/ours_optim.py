"""rww_opt's half of the optimiser benchmark: the marginal time of one OptaxOptimizer step.

    .venv/bin/python bench/ours_optim.py [--x64|--x32] --fit global|regional [--form seed|monitor] [--short 3 --long 13]

The same network, fits and optimisers as bench/ref_tvboptim_optim.py. The loss is the seed's
(BOLD with the transient as history, FC without 20 samples, rmse to the empirical FC), spelled
as `--form` says (bench/ours_common.py): `seed`, the seed's notebook as written (its
`observation` and `loss` around `model(state)` and `Bold(...)`, `OptaxOptimizer(loss, tx)`),
or `monitor`, `problem.loss` of `rww_opt.workflow.build_problem` (no progress bar). Neither
passes the seed's print/saving callbacks, nor does the reference's half. Two fresh optimisers
run `--short` and `--long` steps; (long - short) / (extra steps) is the marginal step time.
Prints one line of JSON.
"""
import argparse
import copy
from importlib.metadata import version

from _halves import add_precision, dtype_name, emit, force_host_devices, marginal_step, peak_rss_mb

force_host_devices(2)

ap = argparse.ArgumentParser()
add_precision(ap)
ap.add_argument("--fit", choices=["global", "regional"], required=True)
ap.add_argument("--form", choices=["seed", "monitor"], default="monitor")
ap.add_argument("--short", type=int, default=3)
ap.add_argument("--long", type=int, default=13)
args = ap.parse_args()

import jax

jax.config.update("jax_enable_x64", args.x64)
import optax

from ours_common import seed_setup
from rww_opt.optim import OptaxOptimizer
from rww_opt.parameters import Parameter

state, loss = seed_setup(args.form)
state.coupling.instant.G = Parameter(state.coupling.instant.G)
state.dynamics.w = Parameter(state.dynamics.w)
tx = optax.adam(0.01, b2=0.9999)
if args.fit == "regional":
    state.dynamics.w.shape = (84,)
    state.dynamics.I_o = Parameter(state.dynamics.I_o)
    state.dynamics.I_o.shape = (84,)
    state.coupling.instant.G = state.coupling.instant.G.value
    tx = optax.adam(0.004, b2=0.999)


def optimizer():
    return OptaxOptimizer(loss, tx) if args.form == "seed" else OptaxOptimizer(loss, tx, progress=False)


def fit(steps):
    return optimizer().run(copy.deepcopy(state), max_steps=steps)[0]


timing, fitted = marginal_step(fit, args.short, args.long)
emit({"package": "rww_opt", "version": version("rww_opt"), "form": args.form, "dtype": dtype_name(args.x64),
      "fit": args.fit, **timing, "final_loss": float(loss(fitted)), "peak_rss_mb": peak_rss_mb()})
