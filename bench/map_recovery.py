"""Why a map-based HCP fit's coefficients are not recovered: the measurements behind the tutorial "Fits that generalise".

The fit: the E-I model on HCP Schaefer-100 train706 (scale mean, intrahemispheric 1 - r, 120 s runs), w_p and J_N each a
base plus coefficients of the myelin and FC-gradient maps, fitted as the tutorial fits it (CMA-ES 30 x 32 over (G, w_p),
30 global Adam steps, CMA-ES 30 x 32 over G and the maps, 60 regional Adam steps, two fresh noise draws per step). It
is cached in .cache/map_recovery, so the variants below reuse it.

The truths are drawn around the global fit with flat maps (`trust.truths(..., around=)`, spread `--spread` range units),
moving every coordinate (`--vary all`) or only the map coefficients (`--vary coefficients`, the bases kept at the
fitted level). Each truth's target is the mean FC of `--target-runs` runs on noise seeds no fit uses. The refit is
the fit's own (`--refit own`: the CMA-ES search over G and the maps, then Adam), Adam alone from the global fit
(`--refit adam`, that is `recovery(..., refit="gradient")`, G held), or CMA-ES over the maps alone with G held
(`--refit held-search`: 30 x 32 candidates on fixed noise) before the same Adam steps, which also prints the loss of
each truth and of its refit against the truth's target, and the 1 - r of their mean FC over the same runs. `--noise`, `--ensemble` and
`--steps` change the Adam steps' noise and length; `--loss corr+fcd` adds the FCD distance to the refits' loss (the
truth's target then carries the FCD values of its first run, as `recovery` makes it); `--duration` the seconds of BOLD in the targets and the refits (the
cached fit keeps 120); `--loss-runs K` makes the refits' loss compare the mean FC of K runs with the target
(`build_problem(loss_runs=K)`) instead of averaging K single-run losses; `--loss expected-corr` (with `--loss-runs` >= 2)
corrects that mean FC's r for the runs' sampling noise (`expected_fc_corr` below), so the loss no longer prefers
states with a more structured FC than the truth's. `--fisher` also prints the local (Fisher) sd of
every coordinate at the first two truths (`trust.intervals`), for comparison with the truths' spread.

    RWW_OPT_DATA=../shared/data python bench/map_recovery.py [--refit own|adam|held-search] [--vary all|coefficients] [--n 4] [--spread 1]
        [--noise fresh|fixed] [--ensemble 2] [--steps 60] [--target-runs 4] [--duration 120] [--loss-runs 1] [--loss corr|corr+fcd|expected-corr] [--fisher]

Prints the coefficients' r per parameter and one JSON line; writes no results file. Each variant takes 4 to 10 minutes
here (2 cores) with four truths, 10 to 27 minutes with eight (the held search with `--loss-runs 2` the longest), plus
about 4 to 9 minutes for the fit the first time.
"""
import argparse
import dataclasses
import json
import os
import sys
import time

os.environ.setdefault("XLA_FLAGS", f"--xla_force_host_platform_device_count={os.cpu_count() or 1}")   # as the command does

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

from rww_opt.cache import cache, set_cache_path  # noqa: E402
from rww_opt.data import (hemispheres, load_fcd_values, load_functional_connectivity, load_maps, load_structural_connectivity,  # noqa: E402
                          scale_connectome)
from rww_opt.observations import _edges, _triu, _wmean, compute_fc, edge_mask, fc_corr_loss  # noqa: E402
from rww_opt.optim import OptaxOptimizer, _over_seeds, cmaes_search, evaluate  # noqa: E402
from rww_opt.solve import values  # noqa: E402
from rww_opt.trust import _target_problem, _target_seeds, intervals, map_coefficients, recovery, truths  # noqa: E402
from rww_opt.workflow import (MODELS, Fit, Settings, _per_run, build_problem, get_leaf, register_loss, regional_optimiser,  # noqa: E402
                              regional_state, run)

HCP = "hcp_schaefer100"
MAP_NAMES = ["myelin", "fcgradient"]


def expected_fc_corr(fcs, target, mask=None, floor=0.25):
    """Pearson r of the expected FC with the target, estimated from K >= 2 runs' FCs [K, regions, regions].

    The mean FC of K runs carries their sampling noise, which lowers its r with any target, the more so the noisier
    the runs: a loss on it prefers states whose FC is more structured than the truth's. Corrected for attenuation,
    cov(mean FC, target) / sqrt(var(expected FC) var(target)), with var(expected FC) estimated without that noise as
    the mean covariance across edges between two different runs. Where the runs barely agree (that covariance below
    `floor` times a run's own variance) the floor is used, so the correction never multiplies r by more than
    1 / sqrt(floor)."""
    K = fcs.shape[0]
    _, y, w = _edges(fcs.mean(axis=0), target, mask)
    xs = _triu(fcs)
    xc, yc = xs - (w * xs).sum(-1, keepdims=True) / w.sum(), y - _wmean(y, w)
    within, total = (w * xc * xc).sum(-1), xc.sum(0)
    between = ((w * total * total).sum() - within.sum()) / (K * (K - 1))   # mean over pairs of different runs
    return (w * xc.mean(0) * yc).sum() / jnp.sqrt(jnp.maximum(between, floor * within.mean()) * (w * yc * yc).sum())


def _expected_corr(bold, target, skip_t, mask, fcd_target, tr, runs=1):
    if runs < 2: raise ValueError(f"loss='expected-corr' needs loss_runs >= 2 (the runs whose agreement corrects r), got {runs}")
    fcs = _per_run(bold, runs, lambda b: compute_fc(b, skip_t=skip_t))
    return jax.tree_util.Partial(lambda target, st: 1 - expected_fc_corr(fcs(st), target, mask), target)


register_loss("expected-corr", _expected_corr)   # `--loss expected-corr`: this script's, through the workflow's extension point


def problem(duration=120.0, loss_runs=1, loss="corr"):
    hemi = hemispheres(HCP)
    spec = dataclasses.replace(MODELS["rww-ei"], regional_params=("dynamics.w_p", "dynamics.J_N"))
    W = scale_connectome(load_structural_connectivity(HCP, group="train706")[0], "mean")
    return build_problem(W, load_functional_connectivity(HCP, group="train706"), spec, duration=duration, transient=120.0, tr=720.0,
                         loss=loss, mask=edge_mask(100, "intra", hemispheres=hemi), fcd_target=load_fcd_values(HCP, group="train706"),
                         hemispheres=hemi, loss_runs=loss_runs)


def settings(maps):
    return Settings(search="cmaes", regional="maps", maps=maps, map_names=MAP_NAMES, noise="fresh", ensemble=2, progress=False,
                    score=False, generations=30, popsize=32, steps=30, regional_steps=60)


def hcp_maps():
    "The two maps of MAP_NAMES, [maps, regions]."
    m = load_maps(HCP)
    return np.stack([m["myelinmap"], m["fcgradient01"]])


LOSS_SEEDS = tuple(range(8000, 8008))   # seeds that neither the targets, the fits nor the scores use


def held_search_refits(pb, g, maps, known, lr, a):
    "`--refit held-search`: CMA-ES over the maps alone (G held at the global fit; 30 x 32, fixed noise), then the Adam steps."
    got = []
    for i, truth in enumerate(known):   # the targets `recovery` makes: the same truths, the same unseen seeds
        tp = _target_problem(pb, values(truth), _target_seeds(i, a.target_runs))
        found, _ = cmaes_search(tp.loss, regional_state(tp, g, "maps", maps, MAP_NAMES), generations=30, popsize=32, noise="fixed",
                                progress=False)
        opt = OptaxOptimizer(tp.loss, regional_optimiser(lr, a.steps), noise=a.noise, ensemble=a.ensemble, progress=False)
        got.append(opt.run(found, a.steps)[0])
        at_truth, at_refit = (evaluate(x, tp.loss, LOSS_SEEDS).mean for x in (truth, got[-1]))
        mean_truth, mean_refit = (float(fc_corr_loss(_over_seeds(x, tp.observation, LOSS_SEEDS, 8).mean(axis=0), tp.fc_target, tp.mask))
                                  for x in (truth, got[-1]))
        kind = ("mean of single-run 1 - r" if a.loss_runs == 1 else f"1 - r of {a.loss_runs} runs' mean FC, averaged") if a.loss != "expected-corr" \
            else f"1 - r of {a.loss_runs} runs' mean FC corrected for attenuation, averaged"
        print(f"truth {i + 1} of {len(known)} refitted; against its target, over {len(LOSS_SEEDS)} unseen runs: the fits' loss "
              f"({kind}) at the truth {at_truth:.3f}, at the refit {at_refit:.3f}; 1 - r of the runs' mean FC "
              f"at the truth {mean_truth:.3f}, at the refit {mean_refit:.3f}", flush=True)
    out = {}
    for p in ("dynamics.w_p", "dynamics.J_N"):
        t = np.concatenate([map_coefficients(get_leaf(k, p)) for k in known])
        r = np.concatenate([map_coefficients(get_leaf(x, p)) for x in got])
        out[p] = dict(coefficients=dict(r=float(np.corrcoef(t, r)[0, 1]), true=t.tolist(), recovered=r.tolist()), r=float("nan"))
    return out


@cache("map_recovery_fit")
def maps_fit():
    f = run(problem(), settings(hcp_maps()))
    return f.fitted_global, f.fitted_regional


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refit", choices=["own", "adam", "held-search"], default="own")
    ap.add_argument("--vary", choices=["all", "coefficients"], default="coefficients")
    ap.add_argument("--n", type=int, default=4, help="truths, the first with flat maps")
    ap.add_argument("--noise", choices=["fresh", "fixed"], default="fresh")
    ap.add_argument("--ensemble", type=int, default=2)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--target-runs", type=int, default=4)
    ap.add_argument("--duration", type=float, default=120.0, help="seconds of BOLD in the targets and the refits (the maps fit keeps 120)")
    ap.add_argument("--loss-runs", type=int, default=1, help="runs whose mean FC the refits' loss compares with the target")
    ap.add_argument("--loss", choices=["corr", "corr+fcd", "expected-corr"], default="corr",
                    help="the refits' loss (the cached maps fit keeps corr); corr+fcd adds the FCD distance to the truth's FCD")
    ap.add_argument("--spread", type=float, default=1.0, help="sd of the truths' coordinates around the centre (range units)")
    ap.add_argument("--fisher", action="store_true")
    a = ap.parse_args()
    set_cache_path(".cache/map_recovery")
    maps = hcp_maps()
    g, st = maps_fit()
    pb = problem(a.duration, a.loss_runs, a.loss)
    s = dataclasses.replace(settings(maps), noise=a.noise, ensemble=a.ensemble, regional_steps=a.steps)
    fit = Fit(pb, s, fitted_global=g, fitted_regional=st)
    flat = regional_state(pb, g, "maps", maps, MAP_NAMES)   # the global fit with flat maps: the truths' centre
    out = dict(refit=a.refit, vary=a.vary, n=a.n, spread=a.spread, noise=a.noise, ensemble=a.ensemble, steps=a.steps, target_runs=a.target_runs,
               duration=a.duration, loss_runs=a.loss_runs, loss=a.loss)
    if a.fisher:
        out["fisher"] = []
        for t in truths(fit, min(a.n, 2), a.spread, 0, around=flat, vary=a.vary):
            iv = intervals(pb, t, 0.9, target_runs=a.target_runs, ensemble=a.ensemble)
            out["fisher"].append(dict(zip(iv["coordinates"], np.round(iv["sd"], 3).tolist())))
            print("Fisher sd at a truth:", out["fisher"][-1], flush=True)
    t0 = time.perf_counter()
    if a.refit == "held-search":
        rec = dict(params=held_search_refits(pb, g, maps, truths(fit, a.n, a.spread, 0, around=flat, vary=a.vary), s.lr, a))
    else:
        rec = recovery(fit, n=a.n, spread=a.spread, around=flat, vary=a.vary, target_runs=a.target_runs, progress=False,
                       refit="gradient" if a.refit == "adam" else "own")
    out["seconds"] = time.perf_counter() - t0
    for p, v in rec["params"].items():
        c = v["coefficients"]
        out[p] = dict(coefficients_r=c["r"], values_r=v["r"], true=c["true"], recovered=c["recovered"])
        print(f"{p}: coefficients r {c['r']:.3f}, values r {v['r']:.3f}; recovered coefficients "
              f"{min(c['recovered']):.2f} to {max(c['recovered']):.2f} (true {min(c['true']):.2f} to {max(c['true']):.2f})")
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
