"""Reference half of the optimiser benchmark: the marginal time of one OptaxOptimizer step (tvboptim).

    bench/.venv-ref/bin/python bench/ref_tvboptim_optim.py [--x64|--x32] --fit global|regional [--short 3 --long 13]

The seed's fits: global marks G and w as Parameters (Adam 0.01, b2 0.9999); regional makes w
and I_o Parameters of shape (84,) with G fixed (Adam 0.004, b2 0.999). Two fresh optimisers run
`--short` and `--long` steps; (long - short) / (extra steps) is the marginal step time, so
compilation cancels. Prints one line of JSON.
"""
import argparse
import copy
import json
import resource
import time
from importlib.metadata import version

from ref_tvboptim_common import seed_setup

ap = argparse.ArgumentParser()
g = ap.add_mutually_exclusive_group()
g.add_argument("--x64", dest="x64", action="store_true", default=True)
g.add_argument("--x32", dest="x64", action="store_false")
ap.add_argument("--fit", choices=["global", "regional"], required=True)
ap.add_argument("--short", type=int, default=3)
ap.add_argument("--long", type=int, default=13)
args = ap.parse_args()

model, state, loss = seed_setup(args.x64)
import optax
from tvboptim.optim.optax import OptaxOptimizer
from tvboptim.types import Parameter

state.coupling.instant.G = Parameter(state.coupling.instant.G)
state.dynamics.w = Parameter(state.dynamics.w)
tx = optax.adam(0.01, b2=0.9999)
if args.fit == "regional":
    state.dynamics.w.shape = (84,)
    state.dynamics.I_o = Parameter(state.dynamics.I_o)
    state.dynamics.I_o.shape = (84,)
    state.coupling.instant.G = state.coupling.instant.G.value
    tx = optax.adam(0.004, b2=0.999)


def timed(steps):
    t = time.perf_counter()
    fitted, data = OptaxOptimizer(loss, tx).run(copy.deepcopy(state), max_steps=steps)
    return time.perf_counter() - t, fitted


t_short, _ = timed(args.short)
t_long, fitted = timed(args.long)
print(json.dumps({"package": "tvboptim", "version": version("tvboptim"), "dtype": "float64" if args.x64 else "float32",
                  "fit": args.fit, "short_s": round(t_short, 3), "long_s": round(t_long, 3),
                  "step_s": round((t_long - t_short) / (args.long - args.short), 4),
                  "final_loss": float(loss(fitted)),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
