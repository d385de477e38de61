"""How large may the E-I model's step be? The simulated FC at dt = 0.1 ... 2 ms against dt = 0.05 ms.

    RWW_OPT_DATA=../shared/data .venv/bin/python bench/ei_dt_study.py [--seeds 8] [--seconds 300]

The example connectome (weights / max), ReducedWongWangEI with FIC, noise sigma on both pools,
G at two fractions of the critical coupling (where the FIC fixed point loses stability). For each
dt, `--seeds` noise realisations of `--seconds` s of BOLD (TR 1 s, after a 20 s transient, whose
samples are dropped) run as one vectorised batch split over two devices; their FCs are averaged.
Each dt's mean FC is compared with dt = 0.05 ms (Pearson r over the upper triangle, largest
absolute difference); a second, independent set of seeds at dt = 0.05 ms gives the sampling
floor: differences below it are noise, not step size. Also the time-averaged excitatory rate.
Prints a table and writes bench/results/ei_dt.json (read by the excinh notebook).
"""
import argparse
import os

os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=2")
import time

import jax
import jax.numpy as jnp
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec
from scipy.optimize import brentq

jax.config.update("jax_enable_x64", True)
from _results import save
from rww_opt.bold import Bold
from rww_opt.data import load_structural_connectivity
from rww_opt.excinh import FIC, ReducedWongWangEI, fic_stability
from rww_opt.network import AdditiveNoise, DenseGraph, FastLinearCoupling, Network
from rww_opt.observations import compute_fc, fc_corr
from rww_opt.solve import Heun, prepare

ap = argparse.ArgumentParser()
ap.add_argument("--seeds", type=int, default=8)
ap.add_argument("--seconds", type=float, default=300.0)
ap.add_argument("--sigma", type=float, default=0.003)
ap.add_argument("--dts", default="0.05,0.1,0.25,0.5,1,2")
ap.add_argument("--fractions", default="0.5,0.85")
args = ap.parse_args()

W = load_structural_connectivity("dk_average")[0]
W = W / W.max()
G_crit = brentq(lambda G: fic_stability(ReducedWongWangEI(), W, G), 0.0, 2.0, xtol=1e-5)
mesh = Mesh(np.array(jax.devices()[:2]), ("seeds",))
iu = np.triu_indices(W.shape[0], 1)


def run(dt, G, seeds):
    "Mean FC, per-seed FCs and the mean S_e over `seeds` at step `dt`."
    t_transient = 20_000.0
    net = Network(ReducedWongWangEI(J_i=FIC()), FastLinearCoupling("S_e", G=G), DenseGraph(W),
                  AdditiveNoise(args.sigma, ["S_e", "S_i"]))
    model, state = prepare(net, Heun(), t1=t_transient + 1000.0 * args.seconds, dt=dt, block_steps=int(round(250 * 4 / dt)))
    bold = Bold(period=1000.0, downsample_period=4.0)
    def one(key):
        st = jax.tree_util.tree_map(lambda x: x, state); st.noise.key = key
        return compute_fc(bold(model(st)), skip_t=int(t_transient / 1000.0))
    keys = jax.device_put(jax.vmap(jax.random.key)(jnp.asarray(seeds)), NamedSharding(mesh, PartitionSpec("seeds")))
    fcs = np.asarray(jax.jit(jax.vmap(one))(keys))
    return fcs.mean(axis=0), fcs


rows = []
dts = [float(x) for x in args.dts.split(",")]
for frac in [float(x) for x in args.fractions.split(",")]:
    G = frac * G_crit
    seeds = list(range(1, args.seeds + 1))
    t = time.perf_counter(); ref, ref_fcs = run(dts[0], G, seeds); t_ref = time.perf_counter() - t
    floor, _ = run(dts[0], G, list(range(101, 101 + args.seeds)))
    single = np.mean([np.corrcoef(f[iu], g[iu])[0, 1] for f, g in zip(ref_fcs[::2], ref_fcs[1::2])])
    row = dict(G=G, G_over_Gcrit=frac, dt_ref=dts[0], floor_r=float(np.corrcoef(ref[iu], floor[iu])[0, 1]),
               floor_maxabs=float(np.abs(ref - floor)[iu].max()), single_pair_r=float(single), seconds_ref=round(t_ref, 1))
    print(f"G = {G:.3f} ({frac} G_crit): sampling floor (two seed sets at dt {dts[0]}): r {row['floor_r']:.4f}, "
          f"max |dFC| {row['floor_maxabs']:.3f}; two single runs r {single:.3f}", flush=True)
    for dt in dts[1:]:
        t = time.perf_counter(); m, _ = run(dt, G, seeds); el = time.perf_counter() - t
        r, mx = float(np.corrcoef(ref[iu], m[iu])[0, 1]), float(np.abs(ref - m)[iu].max())
        finite = bool(np.isfinite(m).all())
        rows.append(dict(row, dt=dt, r=r if finite else None, maxabs=mx if finite else None,
                         mean_fc=float(m[iu].mean()), mean_fc_ref=float(ref[iu].mean()), seconds=round(el, 1)))
        print(f"  dt {dt:>5}: r to dt {dts[0]} = {r:.4f}, max |dFC| = {mx:.3f}, mean FC {m[iu].mean():.3f} "
              f"(ref {ref[iu].mean():.3f}) [{el:.0f} s]", flush=True)
print(f"G_crit = {G_crit:.4f}; {args.seeds} seeds x {args.seconds:.0f} s of BOLD per dt; noise sigma {args.sigma}")
save("ei_dt", [dict(r, G_crit=G_crit, sigma=args.sigma, seeds=args.seeds, bold_seconds=args.seconds) for r in rows])
