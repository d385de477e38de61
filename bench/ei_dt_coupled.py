"""The E-I model's step size, measured with coupled noise: the same Brownian path at every dt.

    RWW_OPT_DATA=../shared/data .venv/bin/python bench/ei_dt_coupled.py [--seeds 4] [--seconds 300] [--results_dir DIR]

Comparing mean FCs over independent seeds at each dt is limited by sampling noise; here each seed's
noise is drawn once, at the finest step (0.05 ms), and summed over the fine steps inside each coarser
step, so every dt integrates the same Brownian path: the difference between a run at dt and the run
at 0.05 ms is the discretisation error alone. Each step is the library's own `rww_opt.solve.Heun.step`
(coupling input held through both stages, the same increment in both stages, clipping to the model's
BOUNDS after each stage), fed these pre-drawn increments, so this evidence for the step-size limit
follows the solver; the model is the library's ReducedWongWangEI with FIC (J_i from fic_inhibition);
BOLD is the library's Bold monitor applied to the 4 ms averages of S_e (TR 1 s), FC without the
first 20 s. Reported per dt: the mean over seeds of r(FC_dt, FC_0.05) and of max |FC_dt - FC_0.05|,
the time-averaged excitatory rate, and, for scale, the r between two different seeds' FCs at 0.05 ms
(what sampling noise does). `--seeds` must be a multiple of 2 (the seeds are split over two devices).
Writes bench/results/ei_dt_coupled.json (or DIR/ei_dt_coupled.json).
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
from rww_opt.excinh import ReducedWongWangEI, excitatory_rate, fic_inhibition, fic_stability
from rww_opt.observations import compute_fc
from rww_opt.solve import Heun, Result

ap = argparse.ArgumentParser()
ap.add_argument("--seeds", type=int, default=4)
ap.add_argument("--seconds", type=float, default=300.0)
ap.add_argument("--sigma", type=float, default=0.003)
ap.add_argument("--dts", default="0.05,0.1,0.25,0.5,1,2")
ap.add_argument("--fractions", default="0.5,0.85")
ap.add_argument("--results_dir", default=None, help="where ei_dt_coupled.json goes (default bench/results)")
args = ap.parse_args()

W = load_structural_connectivity("dk_average")[0]
W = W / W.max()
n, dyn = W.shape[0], ReducedWongWangEI()
G_crit = brentq(lambda G: fic_stability(dyn, W, G), 0.0, 2.0, xtol=1e-5)
DT_REF, WINDOW, T0 = 0.05, 4.0, 20.0           # ms, ms (BOLD downsampling), s of transient dropped
FINE = int(round(WINDOW / DT_REF))              # fine steps per 4 ms window
n_windows = int(round((T0 + args.seconds) * 1000.0 / WINDOW))
mesh = Mesh(np.array(jax.devices()[:2]), ("seeds",))
HEUN = Heun()
BOUNDS = [dyn.BOUNDS.get(s) for s in dyn.STATE_NAMES]


def clip(x):
    "The solver's clipping: each state variable to its bounds in the model's BOUNDS (as `prepare` does)."
    return tuple(v if bd is None else jnp.clip(v, *bd) for v, bd in zip(x, BOUNDS))


def run(dt, G, key):
    "4 ms averages of S_e and of the excitatory rate over the run, at step dt, noise from `key` (coupled across dt)."
    p = dyn.parameters(); p.J_i = fic_inhibition(p, W, G)
    r, m = int(round(dt / DT_REF)), int(round(WINDOW / dt))     # fine steps per step, steps per window
    f = lambda x, c: dyn.dfun(x, c, p)
    def step(x, dW):                                            # dW: [2, regions], the increments of S_e and S_i
        x = HEUN.step(f, x, (G * (W @ x[0]),), tuple(dW), dt, clip)
        return x, (x[0], excitatory_rate(x[0], x[1], G * (W @ x[0]), p))
    def window(x, i):
        z = jax.random.normal(jax.random.fold_in(key, i), (FINE, 2, n)) * (args.sigma * np.sqrt(DT_REF))
        dW = z.reshape(m, r, 2, n).sum(axis=1)                  # the fine increments summed over each step
        x, (S, rate) = jax.lax.scan(step, x, dW)
        return x, (S.mean(0), rate.mean(0))
    x0 = (jnp.full(n, 0.165), jnp.full(n, 0.04))
    _, (S, rate) = jax.lax.scan(window, x0, jnp.arange(n_windows))
    bold = Bold(period=1000.0, downsample_period=WINDOW)(Result(None, S[:, None, :], ("S_e",), WINDOW))
    return compute_fc(bold, skip_t=int(T0)), rate[int(T0 * 1000 / WINDOW):].mean(0)


rows, iu = [], np.triu_indices(n, 1)
dts = [float(x) for x in args.dts.split(",")]
keys = jax.device_put(jax.vmap(jax.random.key)(jnp.arange(1, args.seeds + 1)), NamedSharding(mesh, PartitionSpec("seeds")))
for frac in [float(x) for x in args.fractions.split(",")]:
    G = frac * G_crit
    fcs, rates, secs = {}, {}, {}
    for dt in dts:
        t = time.perf_counter()
        fc, rate = jax.jit(jax.vmap(lambda k: run(dt, G, k)))(keys)
        fcs[dt], rates[dt], secs[dt] = np.asarray(fc), np.asarray(rate), time.perf_counter() - t
    ref = fcs[dts[0]]
    seed_r = float(np.mean([np.corrcoef(ref[i][iu], ref[j][iu])[0, 1] for i in range(len(ref)) for j in range(i + 1, len(ref))]))
    print(f"G = {G:.3f} ({frac} G_crit): two seeds' FCs at dt {dts[0]} correlate {seed_r:.3f} (sampling noise, for scale)")
    for dt in dts[1:]:
        r = float(np.mean([np.corrcoef(a[iu], b[iu])[0, 1] for a, b in zip(fcs[dt], ref)]))
        mx = float(np.mean([np.abs(a - b)[iu].max() for a, b in zip(fcs[dt], ref)]))
        rate_err = float(np.abs(rates[dt].mean(0) - rates[dts[0]].mean(0)).max())
        rows.append(dict(G=G, G_over_Gcrit=frac, dt=dt, dt_ref=dts[0], r=r, maxabs=mx, seed_r=seed_r,
                         rate_mean=float(rates[dt].mean()), rate_ref=float(rates[dts[0]].mean()), rate_maxerr=rate_err,
                         seconds=round(secs[dt], 1)))
        print(f"  dt {dt:>5}: same noise path, r(FC, FC at {dts[0]}) = {r:.4f}, max |dFC| = {mx:.4f}; mean rate "
              f"{rates[dt].mean():.3f} Hz (ref {rates[dts[0]].mean():.3f}), largest regional rate error {rate_err:.3f} Hz "
              f"[{secs[dt]:.0f} s]", flush=True)
print(f"G_crit = {G_crit:.4f}; {args.seeds} seeds x {args.seconds:.0f} s of BOLD; noise sigma {args.sigma}")
save("ei_dt_coupled", [dict(r, G_crit=G_crit, sigma=args.sigma, seeds=args.seeds, bold_seconds=args.seconds) for r in rows],
     args.results_dir)
