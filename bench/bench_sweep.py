"""Sweep benchmark: the seed's (w, G) exploration, rww_opt in two spellings against the reference package, in one run.

    bash bench/setup_ref_env.sh            # once: tvboptim in its own venv, bench/.venv-ref
    RWW_OPT_DATA=../shared/data .venv/bin/python bench/bench_sweep.py [--n 32] [--ref_points 128]

Each package runs its ParallelExecution of the seed's loss (30,000 Heun steps per point,
noise on, BOLD and FC included) over the seed's grid of w and G in [0.001, 0.7], on two
forced host devices, in float64 and float32, each measurement in its own process. rww_opt
runs the full n x n grid twice: as the seed's notebook writes it (`--form seed`: a fresh
ParallelExecution per call) and as `rww_opt.workflow.build_problem` builds it (`--form
monitor`); see bench/ours_sweep.py. The reference runs a `--ref_points` subset of the same
ranges (its throughput does not depend on the grid size, and the full grid takes it minutes).
Prints simulations per second (warm runs), the ratios seed/reference and seed/monitor against
the goals (>= 3x the reference, within 10% of the monitor form), and peak RSS; saves
bench/results/sweep.json (or `--results_dir`).
"""
import argparse
import sys

from _results import REF_PY, measure, require_reference, save

GOALS = {"seed_over_ref_min": 3.0, "seed_vs_monitor_max_gap": 0.10}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=32)
    ap.add_argument("--ref_points", type=int, default=128)
    ap.add_argument("--batch_size", type=int, default=64)
    ap.add_argument("--results_dir", default=None, help="where sweep.json goes (default bench/results)")
    args = ap.parse_args()
    require_reference()
    rows = []
    for dtype in ["x64", "x32"]:
        ref = measure(REF_PY, "ref_tvboptim_sweep.py", f"--{dtype}", "--points", args.ref_points, "--n_pmap", 2)
        ours = {form: measure(sys.executable, "ours_sweep.py", f"--{dtype}", "--form", form, "--n", args.n, "--n_pmap", 2,
                              "--batch_size", args.batch_size) for form in ["seed", "monitor"]}
        rows.append((ours["seed"], ours["monitor"], ref))
    print(f"{'dtype':8} {'tvboptim sims/s':>16} {'seed sims/s':>12} {'monitor sims/s':>15} {'seed/ref':>9} {'seed/monitor':>13}"
          f" {'tvboptim MB':>12} {'seed MB':>8} {'monitor MB':>11}")
    for seed, mon, ref in rows:
        print(f"{seed['dtype']:8} {ref['sims_per_s']:>16.1f} {seed['sims_per_s']:>12.1f} {mon['sims_per_s']:>15.1f} "
              f"{seed['sims_per_s'] / ref['sims_per_s']:>8.2f}x {seed['sims_per_s'] / mon['sims_per_s']:>12.2f}x"
              f" {ref['peak_rss_mb']:>12.0f} {seed['peak_rss_mb']:>8.0f} {mon['peak_rss_mb']:>11.0f}")
    for seed, mon, ref in rows:
        r_ref, r_mon = seed["sims_per_s"] / ref["sims_per_s"], seed["sims_per_s"] / mon["sims_per_s"]
        print(f"{seed['dtype']}: goal seed >= {GOALS['seed_over_ref_min']:g}x reference: {'met' if r_ref >= GOALS['seed_over_ref_min'] else 'NOT met'}"
              f" ({r_ref:.2f}x); goal seed within {100 * GOALS['seed_vs_monitor_max_gap']:.0f}% of monitor: "
              f"{'met' if r_mon >= 1 - GOALS['seed_vs_monitor_max_gap'] else 'NOT met'} ({r_mon:.2f}x)")
        print(f"{seed['dtype']}: rww_opt full grid ({seed['points']} points) seed {seed['warm_s']:.1f} s warm "
              f"({seed['first_s']:.1f} s with compilation), monitor {mon['warm_s']:.1f} s ({mon['first_s']:.1f} s); "
              f"losses seed {seed['loss_min']:.4f}..{seed['loss_max']:.4f} mean {seed['loss_mean']:.6f}, monitor "
              f"{mon['loss_min']:.4f}..{mon['loss_max']:.4f} mean {mon['loss_mean']:.6f}; {seed['n_nonfinite']} non-finite; "
              f"tvboptim {ref['points']} points")
    print(f"tvboptim {rows[0][2]['version']}, rww_opt {rows[0][0]['version']}; MB = peak RSS of the process")
    save("sweep", [dict(dtype=s["dtype"], tvboptim_sims_per_s=r["sims_per_s"], rww_opt_seed_sims_per_s=s["sims_per_s"],
                        rww_opt_sims_per_s=m["sims_per_s"], tvboptim_mb=r["peak_rss_mb"], rww_opt_seed_mb=s["peak_rss_mb"],
                        rww_opt_mb=m["peak_rss_mb"], tvboptim_points=r["points"], rww_opt_points=m["points"],
                        rww_opt_seed_first_s=s["first_s"], rww_opt_first_s=m["first_s"])
                   for s, m, r in rows], args.results_dir, goals=GOALS,
         note="rww_opt_* is the monitor form (rww_opt.workflow.build_problem), rww_opt_seed_* the seed's notebook as written")


if __name__ == "__main__":
    main()
