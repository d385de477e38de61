"""rww_opt's E-I simulation against cuBNM's (the published HCP benchmark's simulator) on this machine's CPU, side by side.

Both halves run the same problem: the HCP train706 connectome scaled to mean 0.01, the E-I model with analytic FIC,
`--n` simulations at G from 0.5 to 1.0 in one batch (a CMA-ES generation's worth), `--duration` s of BOLD at TR 0.72 s,
integration step `--dt` ms (1 ms: both accept it; cuBNM's own default is 0.1 ms, rww_opt's E-I default 2 ms). rww_opt's
batch is `landscape` (the sweep path its searches use: jit + vmap over the host's CPU devices), float32 as on the
command line, compiled by one untimed run; cuBNM runs in bench/.venv-cubnm (bash bench/setup_cubnm_env.sh) with its
OpenMP CPU path, its session initialised by one untimed run. The best of `--repeats` timings counts for each.

    RWW_OPT_DATA=../shared/data python bench/bench_cubnm.py [--n 32] [--duration 120] [--dt 1.0] [--out DIR]

Prints both timings and their ratio and writes bench/results/cubnm.json (or DIR/cubnm.json).
"""
import argparse
import os
import sys
import time

os.environ.setdefault("XLA_FLAGS", f"--xla_force_host_platform_device_count={os.cpu_count() or 1}")   # CPU only
sys.path.insert(0, os.path.dirname(__file__))

import jax  # noqa: E402
import numpy as np  # noqa: E402

from _results import HERE, measure, save  # noqa: E402
from rww_opt.data import dataset_path, load_functional_connectivity, load_structural_connectivity, scale_connectome  # noqa: E402
from rww_opt.workflow import build_problem, landscape  # noqa: E402

CUBNM_PY = HERE / ".venv-cubnm" / "bin" / "python"


def ours(n: int, duration: float, dt: float, repeats: int) -> dict:
    w, _, _ = load_structural_connectivity("hcp_schaefer100", group="train706")
    fc = load_functional_connectivity("hcp_schaefer100", group="train706")
    pb = build_problem(scale_connectome(w, "mean"), fc, "rww-ei", duration=duration, transient=20.0, tr=720.0, loss="corr", dt=dt)
    axes = {"coupling.instant.G": (0.5, 1.0)}
    _, losses = landscape(pb, n=n, axes=axes, batch_size=n, progress=False)   # compiles
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter(); _, losses = landscape(pb, n=n, axes=axes, batch_size=n, progress=False); times.append(time.perf_counter() - t0)
    return dict(n=n, duration=duration, dt=dt, seconds=min(times), devices=jax.device_count(), losses_finite=bool(np.isfinite(losses).all()))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=32)
    p.add_argument("--duration", type=float, default=120.0)
    p.add_argument("--dt", type=float, default=1.0)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--out", help="folder for cubnm.json (default bench/results)")
    a = p.parse_args()
    if not CUBNM_PY.exists(): sys.exit("cuBNM environment missing: run bash bench/setup_cubnm_env.sh")
    sc = dataset_path("hcp_schaefer100", "sc/train706/strength")
    mine = ours(a.n, a.duration, a.dt, a.repeats)
    ref = measure(CUBNM_PY, "ref_cubnm.py", "--sc", sc, "--n", a.n, "--duration", a.duration, "--dt", a.dt, "--repeats", a.repeats)
    ratio = ref["seconds"] / mine["seconds"]
    for name, r in (("rww_opt", mine), ("cuBNM (CPU)", ref)):
        print(f"{name:12s} {r['n']} simulations of {r['duration']:.0f} s at dt {r['dt']:g} ms: {r['seconds']:7.2f} s = "
              f"{r['n'] / r['seconds']:6.2f} per second", flush=True)
    print(f"rww_opt is {ratio:.2f}x cuBNM's CPU path here")
    save("cubnm", [dict(package="rww_opt", **mine), dict(package="cubnm", **ref)], a.out, ratio=round(ratio, 3),
         backend=jax.devices()[0].platform, devices=jax.device_count())


if __name__ == "__main__":
    main()
