"""Reference half of the optimiser benchmark: the marginal time of one OptaxOptimizer step (tvboptim).

    bench/.venv-ref/bin/python bench/ref_tvboptim_optim.py [--x64|--x32] --fit global|regional [--short 3 --long 13]

The seed's fits: global marks G and w as Parameters (Adam 0.01, b2 0.9999); regional makes w
and I_o Parameters of shape (84,) with G fixed (Adam 0.004, b2 0.999). Two fresh optimisers run
`--short` and `--long` steps after an untimed warm-up run; (long - short) / (extra steps) is the
marginal step time. Prints one line of JSON.
"""
import argparse
import copy
from importlib.metadata import version

from _halves import add_precision, dtype_name, emit, marginal_step, peak_rss_mb
from ref_tvboptim_common import seed_setup

ap = argparse.ArgumentParser()
add_precision(ap)
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


def fit(steps):
    return OptaxOptimizer(loss, tx).run(copy.deepcopy(state), max_steps=steps)[0]


timing, fitted = marginal_step(fit, args.short, args.long)
emit({"package": "tvboptim", "version": version("tvboptim"), "dtype": dtype_name(args.x64), "fit": args.fit, **timing,
      "final_loss": float(loss(fitted)), "peak_rss_mb": peak_rss_mb()})
