"""Sweep benchmark: the seed's (w, G) exploration, rww_opt against the reference package in one run.

    bash bench/setup_ref_env.sh            # once: tvboptim in its own venv, bench/.venv-ref
    RWW_OPT_DATA=../shared/data .venv/bin/python bench/bench_sweep.py [--n 32] [--ref_points 128]

Each package runs its ParallelExecution of the seed's loss (30,000 Heun steps per point,
noise on, BOLD and FC included) over the seed's grid of w and G in [0.001, 0.7], on two
forced host devices, in float64 and float32, each in its own process. rww_opt runs the
full n x n grid; the reference runs a `--ref_points` subset of the same ranges (its
throughput does not depend on the grid size, and the full grid takes it minutes).
Prints simulations per second (warm runs), the ratio, and peak RSS.
"""
import argparse
import sys

from _results import REF_PY, measure, require_reference, save


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=32)
    ap.add_argument("--ref_points", type=int, default=128)
    ap.add_argument("--batch_size", type=int, default=64)
    args = ap.parse_args()
    require_reference()
    rows = []
    for dtype in ["x64", "x32"]:
        ref = measure(REF_PY, "ref_tvboptim_sweep.py", f"--{dtype}", "--points", args.ref_points, "--n_pmap", 2)
        ours = measure(sys.executable, "ours_sweep.py", f"--{dtype}", "--n", args.n, "--n_pmap", 2, "--batch_size", args.batch_size)
        rows.append((ours, ref))
    print(f"{'dtype':8} {'rww_opt sims/s':>15} {'tvboptim sims/s':>16} {'ratio':>7} {'rww_opt MB':>11} {'tvboptim MB':>12}"
          f" {'rww_opt points':>15} {'tvboptim points':>16}")
    for ours, ref in rows:
        print(f"{ours['dtype']:8} {ours['sims_per_s']:>15.1f} {ref['sims_per_s']:>16.1f} "
              f"{ours['sims_per_s'] / ref['sims_per_s']:>6.2f}x {ours['peak_rss_mb']:>11.0f} {ref['peak_rss_mb']:>12.0f}"
              f" {ours['points']:>15} {ref['points']:>16}")
    for ours, ref in rows:
        print(f"{ours['dtype']}: rww_opt full grid {ours['warm_s']:.1f} s warm ({ours['first_s']:.1f} s with compilation), "
              f"loss {ours['loss_min']:.3f}..{ours['loss_max']:.3f}, {ours['n_nonfinite']} non-finite")
    print(f"tvboptim {rows[0][1]['version']}, rww_opt {rows[0][0]['version']}; MB = peak RSS of the process")
    save("sweep", [dict(dtype=o["dtype"], rww_opt_sims_per_s=o["sims_per_s"], tvboptim_sims_per_s=r["sims_per_s"],
                        rww_opt_mb=o["peak_rss_mb"], tvboptim_mb=r["peak_rss_mb"], rww_opt_points=o["points"],
                        tvboptim_points=r["points"]) for o, r in rows])


if __name__ == "__main__":
    main()
