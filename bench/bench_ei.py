"""E-I benchmark: the excitatory-inhibitory model's sweep and gradient step, rww_opt against the reference package.

    bash bench/setup_ref_env.sh            # once: tvboptim in its own venv, bench/.venv-ref
    RWW_OPT_DATA=../shared/data .venv/bin/python bench/bench_ei.py [--n 16] [--ref_points 32] [--short 3 --long 13]

Both packages run the same model (bench/check_ei_equivalence.py checks that their deterministic
trajectories agree): the reduced Wong-Wang E-I model on dk_average (84 regions, weights /
max) with J_i FIXED at 1.0 in both (no feedback inhibition control, which only rww_opt has,
so both do the same work), noise sigma 0.003 on S_e and S_i, Heun at rww_opt's E-I step
`MODELS["rww-ei"].dt`, a transient, then `--duration` s with BOLD (first-order Volterra
kernel, 4 ms averaging, TR 1 s), FC without 20 s, rmse to the empirical FC. Measured, float64
and float32, each in a fresh process, alternating packages:
- sweep: ParallelExecution on two forced host devices over G in [0.1, 0.6] x w_p in [1.0, 1.6]:
  rww_opt the n x n grid, the reference a `--ref_points` subset of the same ranges (4 values
  of w_p); warm-run simulations per second (goal: rww_opt >= 3x);
- step: the marginal time of one Adam step of a global fit of (G, w_p) (goal: >= 2x).
Prints the table, the goals, peak RSS; saves bench/results/ei.json (or `--results_dir`).
"""
import argparse
import sys

from _results import REF_PY, measure, require_reference, save

GOALS = {"sweep_speedup_min": 3.0, "step_speedup_min": 2.0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=16, help="rww_opt's grid: n x n points")
    ap.add_argument("--ref_points", type=int, default=32)
    ap.add_argument("--batch_size", type=int, default=64)
    ap.add_argument("--short", type=int, default=3)
    ap.add_argument("--long", type=int, default=13)
    ap.add_argument("--duration", type=float, default=120.0, help="simulated BOLD per run (s)")
    ap.add_argument("--transient", type=float, default=120.0, help="transient before it (s), not timed")
    ap.add_argument("--skip", type=float, default=20.0, help="BOLD left out of the FC (s)")
    ap.add_argument("--ref_block_size", type=int, default=None, help="the reference solver's checkpoint block (default: none)")
    ap.add_argument("--what", default="sweep,step")
    ap.add_argument("--results_dir", default=None, help="where ei.json goes (default bench/results)")
    args = ap.parse_args()
    require_reference()
    from rww_opt.workflow import MODELS
    dt = MODELS["rww-ei"].dt
    common = ["--dt", dt, "--duration", args.duration, "--transient", args.transient, "--skip", args.skip]
    ref_extra = [] if args.ref_block_size is None else ["--block_size", args.ref_block_size]
    rows = []
    for dtype in ["x64", "x32"]:
        for what in args.what.split(","):
            if what == "sweep":
                ref = measure(REF_PY, "ref_tvboptim_ei.py", "--what", what, f"--{dtype}", *common, *ref_extra,
                              "--points", args.ref_points)
                ours = measure(sys.executable, "ours_ei.py", "--what", what, f"--{dtype}", *common, "--n", args.n,
                               "--batch_size", args.batch_size)
                rows.append(dict(what="sweep", dtype=ours["dtype"], unit="sims/s", rww_opt=ours["sims_per_s"],
                                 tvboptim=ref["sims_per_s"], speedup=None, rww_opt_mb=ours["peak_rss_mb"],
                                 tvboptim_mb=ref["peak_rss_mb"], rww_opt_points=ours["points"], tvboptim_points=ref["points"],
                                 rww_opt_first_s=ours["first_s"], tvboptim_first_s=ref["first_s"],
                                 rww_opt_loss=[ours["loss_min"], ours["loss_max"]], tvboptim_loss=[ref["loss_min"], ref["loss_max"]],
                                 rww_opt_nonfinite=ours["n_nonfinite"], tvboptim_nonfinite=ref["n_nonfinite"]))
            else:
                steps = ["--short", args.short, "--long", args.long]
                ref = measure(REF_PY, "ref_tvboptim_ei.py", "--what", what, f"--{dtype}", *common, *ref_extra, *steps)
                ours = measure(sys.executable, "ours_ei.py", "--what", what, f"--{dtype}", *common, *steps)
                rows.append(dict(what="step", dtype=ours["dtype"], unit="s/step", rww_opt=ours["step_s"], tvboptim=ref["step_s"],
                                 speedup=None, rww_opt_mb=ours["peak_rss_mb"], tvboptim_mb=ref["peak_rss_mb"],
                                 rww_opt_final=[ours["G"], ours["w_p"], ours["final_loss"]],
                                 tvboptim_final=[ref["G"], ref["w_p"], ref["final_loss"]]))
            r = rows[-1]
            r["speedup"] = r["rww_opt"] / r["tvboptim"] if r["unit"] == "sims/s" else r["tvboptim"] / r["rww_opt"]
    print(f"{'measurement':12} {'dtype':8} {'unit':7} {'rww_opt':>9} {'tvboptim':>9} {'speed-up':>9} {'goal':>6} "
          f"{'rww_opt MB':>11} {'tvboptim MB':>12}")
    for r in rows:
        goal = GOALS[f"{r['what']}_speedup_min"]
        print(f"{r['what']:12} {r['dtype']:8} {r['unit']:7} {r['rww_opt']:>9.3f} {r['tvboptim']:>9.3f} {r['speedup']:>8.2f}x "
              f"{'met' if r['speedup'] >= goal else 'NOT met':>7} {r['rww_opt_mb']:>11.0f} {r['tvboptim_mb']:>12.0f}")
    for r in rows:
        if r["what"] == "sweep":
            print(f"sweep {r['dtype']}: rww_opt {r['rww_opt_points']} points (first run {r['rww_opt_first_s']:.1f} s), "
                  f"loss {r['rww_opt_loss'][0]:.3f}..{r['rww_opt_loss'][1]:.3f}, {r['rww_opt_nonfinite']} non-finite; "
                  f"tvboptim {r['tvboptim_points']} points (first run {r['tvboptim_first_s']:.1f} s), "
                  f"loss {r['tvboptim_loss'][0]:.3f}..{r['tvboptim_loss'][1]:.3f}, {r['tvboptim_nonfinite']} non-finite")
        else:
            print(f"step {r['dtype']}: after {args.long} steps (G, w_p, loss) rww_opt {tuple(round(v, 4) for v in r['rww_opt_final'])}, "
                  f"tvboptim {tuple(round(v, 4) for v in r['tvboptim_final'])}")
    print(f"goals: sweep >= {GOALS['sweep_speedup_min']:g}x the reference's sims/s, step >= {GOALS['step_speedup_min']:g}x its speed; "
          f"dt {dt} ms, {args.duration:g} s of BOLD per run, J_i = 1.0 fixed (no FIC) in both; MB = peak RSS")
    save("ei", rows, args.results_dir, goals=GOALS,
         settings=dict(dt_ms=dt, duration_s=args.duration, transient_s=args.transient, skip_s=args.skip, J_i=1.0,
                       sigma=0.003, G=[0.1, 0.6], w_p=[1.0, 1.6], extra_steps=args.long - args.short,
                       ref_block_size=args.ref_block_size))


if __name__ == "__main__":
    main()
