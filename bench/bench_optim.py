"""Optimiser benchmark: the marginal time of one fitting step, rww_opt against the reference package in one run.

    bash bench/setup_ref_env.sh            # once: tvboptim in its own venv, bench/.venv-ref
    RWW_OPT_DATA=../shared/data .venv/bin/python bench/bench_optim.py [--short 3 --long 13]

The seed's global fit (G and w, Adam 0.01) and regional fit (w and I_o per region, 168
parameters, Adam 0.004), float64 and float32. Each measurement runs in its own process
(ours with this interpreter, the reference with bench/.venv-ref/bin/python), alternating
packages. The marginal step is (time of a long run - time of a short run) / extra steps, so
compilation cancels. Prints seconds per step, the speed-up, and peak RSS.
"""
import argparse
import sys

from _results import REF_PY, measure, require_reference, save


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--short", type=int, default=3)
    ap.add_argument("--long", type=int, default=13)
    args = ap.parse_args()
    require_reference()
    rows = []
    for dtype in ["x64", "x32"]:
        for fit in ["global", "regional"]:
            flags = [f"--{dtype}", "--fit", fit, "--short", str(args.short), "--long", str(args.long)]
            ref = measure(REF_PY, "ref_tvboptim_optim.py", *flags)
            ours = measure(sys.executable, "ours_optim.py", *flags)
            rows.append((ours, ref))
    print(f"{'dtype':8} {'fit':9} {'rww_opt s/step':>15} {'tvboptim s/step':>16} {'speed-up':>9} {'rww_opt MB':>11} {'tvboptim MB':>12}")
    for ours, ref in rows:
        print(f"{ours['dtype']:8} {ours['fit']:9} {ours['step_s']:>15.3f} {ref['step_s']:>16.3f} "
              f"{ref['step_s'] / ours['step_s']:>8.2f}x {ours['peak_rss_mb']:>11.0f} {ref['peak_rss_mb']:>12.0f}")
    print(f"marginal step over {args.long - args.short} extra steps; tvboptim {rows[0][1]['version']}, rww_opt {rows[0][0]['version']}")
    save("optim", [dict(dtype=o["dtype"], fit=o["fit"], rww_opt_s=o["step_s"], tvboptim_s=r["step_s"],
                        rww_opt_mb=o["peak_rss_mb"], tvboptim_mb=r["peak_rss_mb"]) for o, r in rows])


if __name__ == "__main__":
    main()
