"""Optimiser benchmark: the marginal time of one fitting step, rww_opt in two spellings against the reference package.

    bash bench/setup_ref_env.sh            # once: tvboptim in its own venv, bench/.venv-ref
    RWW_OPT_DATA=../shared/data .venv/bin/python bench/bench_optim.py [--short 3 --long 13]

The seed's global fit (G and w, Adam 0.01) and regional fit (w and I_o per region, 168
parameters, Adam 0.004), float64 and float32. Each measurement runs in its own process
(ours with this interpreter, the reference with bench/.venv-ref/bin/python), alternating
packages. rww_opt runs twice: the loss as the seed's notebook writes it (`--form seed`) and
as `rww_opt.workflow.build_problem` builds it (`--form monitor`); see bench/ours_optim.py.
The marginal step is (time of a long run - time of a short run) / extra steps, after an
untimed warm-up run that pays compilation. Prints seconds per step, the ratios reference/seed (goal >= 2x) and
monitor/seed, and peak RSS; saves bench/results/optim.json (or `--results_dir`).
"""
import argparse
import sys

from _results import REF_PY, measure, require_reference, save

GOALS = {"seed_speedup_over_ref_min": 2.0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--short", type=int, default=3)
    ap.add_argument("--long", type=int, default=13)
    ap.add_argument("--results_dir", default=None, help="where optim.json goes (default bench/results)")
    args = ap.parse_args()
    require_reference()
    rows = []
    for dtype in ["x64", "x32"]:
        for fit in ["global", "regional"]:
            flags = [f"--{dtype}", "--fit", fit, "--short", str(args.short), "--long", str(args.long)]
            ref = measure(REF_PY, "ref_tvboptim_optim.py", *flags)
            ours = {form: measure(sys.executable, "ours_optim.py", *flags, "--form", form) for form in ["seed", "monitor"]}
            rows.append((ours["seed"], ours["monitor"], ref))
    print(f"{'dtype':8} {'fit':9} {'tvboptim s/step':>16} {'seed s/step':>12} {'monitor s/step':>15} {'ref/seed':>9}"
          f" {'monitor/seed':>13} {'tvboptim MB':>12} {'seed MB':>8} {'monitor MB':>11}")
    for seed, mon, ref in rows:
        print(f"{seed['dtype']:8} {seed['fit']:9} {ref['step_s']:>16.3f} {seed['step_s']:>12.3f} {mon['step_s']:>15.3f} "
              f"{ref['step_s'] / seed['step_s']:>8.2f}x {mon['step_s'] / seed['step_s']:>12.2f}x"
              f" {ref['peak_rss_mb']:>12.0f} {seed['peak_rss_mb']:>8.0f} {mon['peak_rss_mb']:>11.0f}")
    goal = GOALS["seed_speedup_over_ref_min"]
    for seed, mon, ref in rows:
        s = ref["step_s"] / seed["step_s"]
        print(f"{seed['dtype']} {seed['fit']}: goal seed step >= {goal:g}x faster than the reference: "
              f"{'met' if s >= goal else 'NOT met'} ({s:.2f}x); final loss seed {seed['final_loss']:.5f}, "
              f"monitor {mon['final_loss']:.5f}, tvboptim {ref['final_loss']:.5f}")
    print(f"marginal step over {args.long - args.short} extra steps; tvboptim {rows[0][2]['version']}, rww_opt {rows[0][0]['version']}")
    save("optim", [dict(dtype=s["dtype"], fit=s["fit"], tvboptim_s=r["step_s"], rww_opt_seed_s=s["step_s"], rww_opt_s=m["step_s"],
                        tvboptim_mb=r["peak_rss_mb"], rww_opt_seed_mb=s["peak_rss_mb"], rww_opt_mb=m["peak_rss_mb"])
                   for s, m, r in rows], args.results_dir, goals=GOALS, extra_steps=args.long - args.short,
         note="rww_opt_* is the monitor form (rww_opt.workflow.build_problem), rww_opt_seed_* the seed's notebook as written")


if __name__ == "__main__":
    main()
