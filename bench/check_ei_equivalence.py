"""Do rww_opt's and the reference package's E-I models integrate the same equations? A check before bench_ei.py.

    RWW_OPT_DATA=../shared/data .venv/bin/python bench/check_ei_equivalence.py [--steps 400]

rww_opt's ReducedWongWangEI against tvboptim's WongWangExcInh (bench/.venv-ref, run in a
child process of this script): first their parameter tables (names, defaults), then the
deterministic trajectory (no noise) of a 4-region network in float64, Heun at the E-I step
`MODELS["rww-ei"].dt`, J_i fixed at 1.0 (no FIC), from the same initial state. The mapping:
every dynamics parameter has the same name, value and unit in both (time in ms, rates in Hz,
gamma per ms per Hz); the reference's coupling input is `G * J_N * (W @ S_e)` with its `G` a
parameter of the dynamics, rww_opt's is `J_N * c` with `c = G * (W @ S_e)` from the coupling,
so rww_opt's coupling G goes to the reference's dynamics G, and the reference's coupling G is
1. rww_opt clips S_e, S_i to [0, 1]; the reference does when its solver is wrapped in
`BoundedSolver(Heun(), 0, 1)`, as here and in the benchmarks. Prints the largest difference
and saves it to bench/results/ei_equivalence.json (read by the docs' Performance page).
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# (initial state (S_e, S_i), G, w_p): rww_opt's initial state, and the reference's, at two operating points
CASES = [((0.165, 0.04), 0.5, 1.4), ((0.001, 0.001), 0.3, 1.2)]


def weights4():
    "A fixed 4-region weight matrix in [0, 1], zero diagonal, not symmetric (so the orientation is checked too)."
    import numpy as np
    w = np.random.default_rng(0).uniform(0, 1, (4, 4))
    np.fill_diagonal(w, 0.0)
    return w / w.max()


def ref_side(steps: int, dt: float):
    "The reference's trajectories (and defaults) as JSON; runs in bench/.venv-ref."
    import warnings
    warnings.simplefilter("ignore", DeprecationWarning)
    import jax
    jax.config.update("jax_enable_x64", True)
    import numpy as np
    from tvboptim.experimental.network_dynamics import Network, prepare
    from tvboptim.experimental.network_dynamics.coupling import LinearCoupling
    from tvboptim.experimental.network_dynamics.dynamics.tvb.wong_wang_exc_inh import WongWangExcInh
    from tvboptim.experimental.network_dynamics.graph import DenseGraph
    from tvboptim.experimental.network_dynamics.solvers import BoundedSolver, Heun

    out = {"defaults": {k: float(v) for k, v in WongWangExcInh.DEFAULT_PARAMS.items()}, "trajectories": []}
    for init, G, w_p in CASES:
        net = Network(dynamics=WongWangExcInh(G=G, w_p=w_p, J_i=1.0, INITIAL_STATE=init),
                      coupling={"instant": LinearCoupling(incoming_states="S_e", G=1.0)}, graph=DenseGraph(weights4()))
        model, state = prepare(net, BoundedSolver(Heun(), low=0.0, high=1.0), t1=steps * dt, dt=dt)
        res = model(state)
        out["trajectories"].append({"t": np.asarray(res.ts).tolist(), "ys": np.asarray(res.ys)[:, :2].tolist()})
    print(json.dumps(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--side", choices=["ours", "ref"], default="ours")
    ap.add_argument("--dt", type=float, default=None)
    ap.add_argument("--results_dir", default=None, help="where ei_equivalence.json goes (default bench/results)")
    args = ap.parse_args()
    if args.side == "ref": return ref_side(args.steps, args.dt)

    import warnings
    warnings.filterwarnings("ignore", "weights are not symmetric")
    import jax
    jax.config.update("jax_enable_x64", True)
    import numpy as np
    from _results import REF_PY, require_reference, save
    from rww_opt.excinh import ReducedWongWangEI
    from rww_opt.network import DenseGraph, FastLinearCoupling, Network
    from rww_opt.solve import Heun, prepare
    from rww_opt.workflow import MODELS

    require_reference()
    dt = MODELS["rww-ei"].dt if args.dt is None else args.dt
    out = subprocess.run([str(REF_PY), __file__, "--side", "ref", "--steps", str(args.steps), "--dt", str(dt)],
                         capture_output=True, text=True)
    if out.returncode: sys.exit(f"the reference side failed:\n{out.stderr[-3000:]}")
    ref = json.loads(out.stdout.strip().splitlines()[-1])

    ours_defaults = ReducedWongWangEI.DEFAULTS
    shared = sorted(set(ours_defaults) & set(ref["defaults"]))
    print(f"parameters in both: {', '.join(shared)}")
    print(f"only in rww_opt: {sorted(set(ours_defaults) - set(ref['defaults'])) or 'none'}; "
          f"only in the reference: {sorted(set(ref['defaults']) - set(ours_defaults)) or 'none'} "
          "(its G scales the coupling input: rww_opt's coupling G)")
    differ = {k: (ours_defaults[k], ref["defaults"][k]) for k in shared if not np.isclose(ours_defaults[k], ref["defaults"][k], rtol=1e-12)}
    print(f"defaults that differ (rww_opt, reference): {differ or 'none'}")

    worst, rows = 0.0, []
    for (init, G, w_p), r in zip(CASES, ref["trajectories"]):
        net = Network(ReducedWongWangEI(w_p=w_p, J_i=1.0, INITIAL_STATE=init), {"instant": FastLinearCoupling("S_e", G=G)},
                      DenseGraph(weights4()))
        model, state = prepare(net, Heun(), t1=args.steps * dt, dt=dt)
        res = model(state)
        ours, theirs = np.asarray(res.data), np.asarray(r["ys"])
        dt_max = np.abs(np.asarray(res.time) - np.asarray(r["t"])).max()
        diff = np.abs(ours - theirs).max()
        worst = max(worst, diff)
        rows.append(dict(initial_state=list(init), G=G, w_p=w_p, max_abs_diff=float(diff), S_e_max=float(ours[:, 0].max())))
        print(f"initial state {init}, G={G}, w_p={w_p}: {args.steps} steps of {dt} ms, times agree to {dt_max:.1e} ms; "
              f"S_e in [{ours[:, 0].min():.4f}, {ours[:, 0].max():.4f}], S_i in [{ours[:, 1].min():.4f}, {ours[:, 1].max():.4f}]; "
              f"max |rww_opt - reference| = {diff:.2e}")
    summary = {"steps": args.steps, "dt": dt, "regions": 4, "max_abs_diff": float(worst), "defaults_differ": sorted(differ)}
    save("ei_equivalence", rows, args.results_dir, **summary)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
