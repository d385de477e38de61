"""Is a map coefficient identifiable from the FC, or only hard to find? Loss profiles through the recovery's truths.

`bench/map_recovery.py` refits synthetic targets made at known map coefficients (HCP train706, the E-I model, w_p and
J_N each a base plus coefficients of the myelin and FC-gradient maps) and recovers the J_N coefficients far better than
the w_p ones. This script asks why. For truths 2 to 4 of that script's eight (`trust.truths(..., around=flat,
vary="coefficients")`, spread 1, seed 0; truth 1 is the flat start) it builds the same target as `trust.recovery` (the
mean FC of four runs on the recovery's unseen seeds) and moves one coefficient at a time through the truth, by -2 to +2
in steps of 0.5 (the optimiser's units: logit of the range position per unit of map), every other coordinate at the
truth. At each point the loss (intrahemispheric 1 - r) is the mean over eight noise seeds that neither the targets nor
the fits use.

A sharp minimum at the truth says the FC identifies the coefficient; a minimum elsewhere, or a flat profile, says it
does not; barriers and other minima between the truth and the refits' start (0) say a local refit can miss it.

    RWW_OPT_DATA=../shared/data python bench/map_profile.py

Prints one line per truth and coefficient and one JSON line; writes no results file. About 3 minutes here (2 cores),
plus about 4 minutes for the cached fit the first time (shared with `bench/map_recovery.py`).
"""
import copy
import json
import os
import sys
import time

os.environ.setdefault("XLA_FLAGS", f"--xla_force_host_platform_device_count={os.cpu_count() or 1}")   # as the command does
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import jax  # noqa: E402
import numpy as np  # noqa: E402

from map_recovery import LOSS_SEEDS, MAP_NAMES, hcp_maps, maps_fit, problem, settings  # noqa: E402
from rww_opt.cache import set_cache_path  # noqa: E402
from rww_opt.optim import evaluate  # noqa: E402
from rww_opt.solve import values  # noqa: E402
from rww_opt.trust import _target_problem, _target_seeds, truths  # noqa: E402
from rww_opt.workflow import Fit, get_leaf, regional_state  # noqa: E402

OFFSETS = np.linspace(-2.0, 2.0, 9)


def main():
    set_cache_path(".cache/map_recovery")
    maps = hcp_maps()
    g, st = maps_fit()
    pb = problem()
    fit = Fit(pb, settings(maps), fitted_global=g, fitted_regional=st)
    flat = regional_state(pb, g, "maps", maps, MAP_NAMES)
    known = truths(fit, 8, 1.0, 0, around=flat, vary="coefficients")
    out = []
    for i in (1, 2, 3):
        truth = known[i]
        target = _target_problem(pb, values(truth), _target_seeds(i, 4))
        for p in ("dynamics.w_p", "dynamics.J_N"):
            for k, name in enumerate(MAP_NAMES):
                c0, t0 = float(get_leaf(truth, p).coefficients[k]), time.perf_counter()
                means, sds = [], []
                for d in OFFSETS:
                    moved = copy.deepcopy(truth)
                    leaf = get_leaf(moved, p)
                    leaf.coefficients[k] = jax.numpy.asarray(c0 + d, leaf.coefficients[k].dtype)
                    ev = evaluate(moved, target.loss, LOSS_SEEDS)
                    means.append(ev.mean); sds.append(ev.std)
                m = np.array(means)
                print(f"truth {i + 1} {p} {name} (true {c0:+.2f}): loss at offsets {OFFSETS.tolist()}: {np.round(m, 3).tolist()}; "
                      f"lowest at {OFFSETS[m.argmin()]:+.1f}; single-run sd {np.mean(sds):.3f} ({time.perf_counter() - t0:.0f} s)", flush=True)
                out.append(dict(truth=i + 1, param=p, map=name, true=c0, offsets=OFFSETS.tolist(), loss=m.tolist(), sd=float(np.mean(sds))))
    at_truth = sum(o["offsets"][int(np.argmin(o["loss"]))] == 0.0 for o in out)
    print(f"{at_truth} of {len(out)} profiles lowest at the truth")
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
