"""cuBNM's E-I simulation on its CPU path, timed: run in bench/.venv-cubnm (bench/setup_cubnm_env.sh), never in rww_opt's.

The same problem as bench_cubnm.py's other half: the HCP train706 connectome scaled to mean 0.01, the E-I model with
analytic FIC (no numerical adjustment), BOLD at TR 0.72 s, `--n` simulations at G from 0.5 to 1.0, `--duration` s each,
integration step `--dt` ms, BOLD step 1 ms. One untimed run first (cuBNM initialises its session then). Prints a JSON line.
"""
import argparse
import json
import os
import time

import numpy as np
from cubnm import sim

p = argparse.ArgumentParser()
p.add_argument("--sc", required=True)
p.add_argument("--n", type=int, default=32)
p.add_argument("--duration", type=float, default=120.0)
p.add_argument("--dt", default="1.0")
p.add_argument("--repeats", type=int, default=2)
a = p.parse_args()
sc = np.load(a.sc)["arr_0"]
sc = sc / (sc.mean() * 100)   # cuBNM's convention: mean 0.01


def group():
    g = sim.rWWSimGroup(duration=a.duration, TR=0.72, sc=sc, dt=a.dt, bw_dt="1.0", sim_verbose=False, force_cpu=True, do_fic=True,
                        max_fic_trials=0, states_ts=False, do_fcd=False, gof_terms=["+fc_corr"], bold_remove_s=20)
    g.N = a.n
    g.param_lists["G"] = np.linspace(0.5, 1.0, a.n)
    g._set_default_params()
    return g


g = group()
g.run()   # initialises the session
times = []
for _ in range(a.repeats):
    t0 = time.perf_counter(); g.run(); times.append(time.perf_counter() - t0)
fc_ok = bool(np.isfinite(g.sim_fc_trils).all())
print(json.dumps(dict(n=a.n, duration=a.duration, dt=float(a.dt), seconds=min(times), threads=os.cpu_count(), fc_finite=fc_ok)))
