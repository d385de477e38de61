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
import os

os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=2")

import copy
import json
import resource
import time
from importlib.metadata import version

ap = argparse.ArgumentParser()
g = ap.add_mutually_exclusive_group()
g.add_argument("--x64", dest="x64", action="store_true", default=True)
g.add_argument("--x32", dest="x64", action="store_false")
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


def timed(steps):
    t = time.perf_counter()
    fitted, data = optimizer().run(copy.deepcopy(state), max_steps=steps)
    return time.perf_counter() - t, fitted


t_short, _ = timed(args.short)
t_long, fitted = timed(args.long)
print(json.dumps({"package": "rww_opt", "version": version("rww_opt"), "form": args.form,
                  "dtype": "float64" if args.x64 else "float32",
                  "fit": args.fit, "short_s": round(t_short, 3), "long_s": round(t_long, 3),
                  "step_s": round((t_long - t_short) / (args.long - args.short), 4),
                  "final_loss": float(loss(fitted)),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
