"""Simulation benchmark: rww_opt against the reference package, side by side in one run.

    bash bench/setup_ref_env.sh            # once: tvboptim in its own venv, bench/.venv-ref
    RWW_OPT_DATA=../shared/data .venv/bin/python bench/bench_simulation.py [--repeats 3]

The seed's run (84 regions, 30,000 Heun steps of 4 ms, float64 and float32): the forward
run, called as the seed calls it; the gradient of mean(S**2) with respect to (G, w); and
the gradient of the seed's loss (BOLD, FC, rmse to the empirical FC), `grad_fc`. Also the
cost of rww_opt's BOLD monitor + FC alone, beside its forward run.
Each measurement runs in its own process (ours with this interpreter, the reference with
bench/.venv-ref/bin/python), alternating packages so drifting machine load hits both.
Prints the times, XLA's scratch memory of the gradient, peak RSS, and the ratios.
"""
import argparse
import sys

from _results import REF_PY, measure, require_reference, save


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    require_reference()
    rows = []
    for dtype in ["x64", "x32"]:
        for what, ref_what in [("forward", "forward"), ("forward", "forward_jit"), ("grad", "grad"), ("grad_fc", "grad_fc")]:
            ref = measure(REF_PY, "ref_tvboptim.py", "--what", ref_what, f"--{dtype}", "--repeats", args.repeats)
            ours = measure(sys.executable, "ours_simulation.py", "--what", what, f"--{dtype}", "--repeats", args.repeats)
            rows.append((ours["dtype"], ref_what, ours, ref))
    print(f"{'dtype':8} {'measurement':12} {'rww_opt s':>10} {'tvboptim s':>11} {'speed-up':>9}"
          f" {'rww_opt MB':>11} {'tvboptim MB':>12}")
    for dtype, what, ours, ref in rows:
        mem = (f"{ours['temp_mb']:>11.1f} {ref.get('temp_mb', float('nan')):>12.1f}" if "temp_mb" in ours
               else f"{ours['peak_rss_mb']:>11.0f} {ref['peak_rss_mb']:>12.0f}")
        print(f"{dtype:8} {what:12} {ours['median_s']:>10.3f} {ref['median_s']:>11.3f} "
              f"{ref['median_s'] / ours['median_s']:>8.2f}x {mem}")
    print("MB: XLA scratch memory of the compiled gradient for 'grad', peak RSS of the process otherwise.")
    print("'forward' is model(state) as the seed calls it; 'forward_jit' wraps the reference's model in jax.jit"
          " (rww_opt's model is already jitted).")
    for dtype in ["x64", "x32"]:
        b = measure(sys.executable, "ours_simulation.py", "--what", "bold", f"--{dtype}", "--repeats", args.repeats)
        fwd = next(o for d, w, o, _ in rows if w == "forward" and d == b["dtype"])
        print(f"{b['dtype']}: rww_opt BOLD + FC of a stored run {b['median_s'] * 1000:.1f} ms "
              f"= {100 * b['median_s'] / fwd['median_s']:.0f}% of its forward run")
    print(f"tvboptim {rows[0][3]['version']}, rww_opt {rows[0][2]['version']}")
    save("simulation", [dict(dtype=d, measurement=w, rww_opt_s=o["median_s"], tvboptim_s=r["median_s"],
                             rww_opt_mb=o.get("temp_mb", o["peak_rss_mb"]), tvboptim_mb=r.get("temp_mb", r["peak_rss_mb"]))
                        for d, w, o, r in rows])


if __name__ == "__main__":
    main()
