"""How long `recovery` (`rww-opt fit --recovery 8`) takes against one fit, with the refits batched over targets and one by one.

Two problems as `rww-opt fit` builds them, free regional values (no CMA-ES search, so the refits can be batched):
dk_average with the one-population path (the command's defaults when this was written: one-population model, 84 regions, 168 regional numbers, 32-point landscape,
300 global and 200 regional steps), and the HCP Schaefer-100 group train706 with the E-I model (100 regions, 200
regional numbers, scale mean, loss corr, a 16-point landscape, 30 global and 60 regional steps). One fit is timed
from the landscape to the end of the regional fit (no scoring); then `recovery(fit, n=8)` with `batch=4` (two
vectorised fits of four targets) and with `batch=1` (eight `fit_regional` calls). float32, CPU devices as the
command sets them.

    RWW_OPT_DATA=../shared/data python bench/bench_recovery.py [--n 8] [--problems dk hcp] [--results_dir DIR]

Prints one line per problem and writes bench/results/recovery.json (or DIR/recovery.json).
"""
import argparse
import os
import sys
import time

os.environ.setdefault("XLA_FLAGS", f"--xla_force_host_platform_device_count={os.cpu_count() or 1}")   # as the command does
sys.path.insert(0, os.path.dirname(__file__))

import jax  # noqa: E402

from _results import save  # noqa: E402
from rww_opt.data import load_functional_connectivity, load_structural_connectivity, scale_connectome  # noqa: E402
from rww_opt.trust import recovery  # noqa: E402
from rww_opt.workflow import Settings, build_problem, run  # noqa: E402


def problem(name: str):
    "(problem, settings) of a benchmarked fit."
    if name == "dk":
        w, _, _ = load_structural_connectivity("dk_average")
        return build_problem(scale_connectome(w, "max"), load_functional_connectivity("dk_average"), "rww"), Settings(progress=False, score=False)
    w, _, _ = load_structural_connectivity("hcp_schaefer100", group="train706")
    fc = load_functional_connectivity("hcp_schaefer100", group="train706")
    return (build_problem(scale_connectome(w, "mean"), fc, "rww-ei", tr=720.0, loss="corr"),
            Settings(grid=16, steps=30, regional_steps=60, progress=False, score=False))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=8, help="synthetic truths (default 8)")
    p.add_argument("--problems", nargs="+", default=["dk", "hcp"], choices=["dk", "hcp"])
    p.add_argument("--results_dir", help="folder for recovery.json (default bench/results)")
    args = p.parse_args()
    rows = []
    for name in args.problems:
        pb, settings = problem(name)
        t0 = time.perf_counter()
        fit = run(pb, settings)
        fit_s = time.perf_counter() - t0
        row = dict(problem=name, regions=pb.n_regions, fit_seconds=round(fit_s, 1), truths=args.n)
        for batch in (4, 1):
            t0 = time.perf_counter()
            rec = recovery(fit, n=args.n, batch=batch, progress=False)
            sec = time.perf_counter() - t0
            row[f"batch{batch}_seconds"], row[f"batch{batch}_ratio"] = round(sec, 1), round(sec / fit_s, 2)
            row[f"batch{batch}_r"] = {p.split(".")[-1]: round(v["r"], 3) for p, v in rec["params"].items()}
        rows.append(row)
        print(f"{name} ({pb.n_regions} regions): one fit {fit_s:.0f} s; recovery of {args.n}: batched by 4 {row['batch4_seconds']:.0f} s "
              f"= {row['batch4_ratio']:.2f} fits, one by one {row['batch1_seconds']:.0f} s = {row['batch1_ratio']:.2f} fits", flush=True)
    save("recovery", rows, args.results_dir, backend=jax.devices()[0].platform, devices=jax.device_count())


if __name__ == "__main__":
    main()
