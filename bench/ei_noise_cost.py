"""Why the E-I sweep is slow in rww_opt: the cost of one batched Heun step with noise on none, one or both populations.

    RWW_OPT_DATA=../shared/data .venv/bin/python bench/ei_noise_cost.py [--x32] [--K 32] [--steps 4000]

ReducedWongWangEI (J_i = 1.0) on dk_average, K values of G vmapped on one device, `--steps`
Heun steps of 0.5 ms, no monitor; noise sigma 0.003 on no population, S_e only, S_i only, or
both (as bench_ei.py runs it). Each form is compiled once and timed three times, interleaved;
prints the median microseconds per batched step. A diagnostic: it saves nothing.
"""
import argparse
import os

os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=1")
import statistics
import time

import jax

ap = argparse.ArgumentParser()
ap.add_argument("--x32", action="store_true")
ap.add_argument("--K", type=int, default=32)
ap.add_argument("--steps", type=int, default=4000)
args = ap.parse_args()
jax.config.update("jax_enable_x64", not args.x32)
import jax.numpy as jnp

from rww_opt.data import load_structural_connectivity
from rww_opt.excinh import ReducedWongWangEI
from rww_opt.network import AdditiveNoise, DenseGraph, FastLinearCoupling, Network
from rww_opt.solve import Heun, prepare

w, _, _ = load_structural_connectivity("dk_average")
forms = {"none": None, "S_e": AdditiveNoise(0.003, ["S_e"]), "S_i": AdditiveNoise(0.003, ["S_i"]),
         "both": AdditiveNoise([0.003, 0.003], ["S_e", "S_i"])}
fns = {}
for name, noise in forms.items():
    net = Network(ReducedWongWangEI(J_i=1.0), {"instant": FastLinearCoupling("S_e", G=0.3)}, DenseGraph(w / w.max()), noise)
    model, state = prepare(net, Heun(), t1=args.steps * 0.5, dt=0.5)

    def final(G, model=model, state=state):
        st = jax.tree_util.tree_map(lambda x: x, state)
        st.coupling.instant.G = G
        return model.run(st).data[-1].sum()
    fns[name] = jax.jit(jax.vmap(final))
Gs = jnp.linspace(0.1, 0.5, args.K)
for f in fns.values(): f(Gs).block_until_ready()
times = {k: [] for k in fns}
for _ in range(3):
    for k, f in fns.items():
        t = time.perf_counter(); f(Gs).block_until_ready(); times[k].append(time.perf_counter() - t)
for k, ts in times.items():
    print(f"{'float32' if args.x32 else 'float64'} noise on {k:5}: {statistics.median(ts) / args.steps * 1e6:6.0f} us per step of {args.K} simulations")
