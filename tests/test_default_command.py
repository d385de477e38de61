"""`rww-opt fit` with no options but a connectome and an FC (and --quick) runs the default path (the E-I model, w_p and
J_N from the strength and FC-gradient maps, CMA-ES then Adam, then every region's value freed) and must end above the raw connectome's own r with the FC,
and above its own homogeneous fit, on noise seeds the fit never saw. A small synthetic case: 12 regions, and a target
FC made by the E-I model with a known regional J_N (from the node strength), the mean of four runs on seeds no fit uses."""
import copy
import json
import subprocess
import sys
from pathlib import Path

import jax
import numpy as np

from rww_opt.observations import compute_fc
from rww_opt.workflow import SCORE_SEEDS, _g_crit, build_problem, set_leaf

TARGET_SEEDS = (90001, 90002, 90003, 90004)


def synthetic(n=12, seed=3):
    "A random sparse connectome (max 1) and the mean FC of the E-I model on it at 0.9 x its critical coupling."
    rng = np.random.default_rng(seed)
    a = rng.random((n, n)) * (rng.random((n, n)) < 0.5)
    w = np.triu(a, 1); w = w + w.T; w /= w.max()
    pb = build_problem(w, np.eye(n), "rww-ei", duration=120.0, transient=60.0, tr=1000.0, loss="corr")
    st = copy.deepcopy(pb.state)
    s = w.sum(1)
    set_leaf(st, "coupling.instant.G", 0.9 * _g_crit(pb))
    set_leaf(st, "dynamics.J_N", 0.05 + 0.4 * (s - s.min()) / (s.max() - s.min()))
    fcs = []
    for k in TARGET_SEEDS:
        st.noise.key = jax.random.key(k)
        fcs.append(np.asarray(compute_fc(pb.bold(st), skip_t=pb.skip_t)))
    fc = np.mean(fcs, axis=0); np.fill_diagonal(fc, 1.0)
    return w, fc


def test_default_beats_raw_connectome(tmp_path):
    assert not set(TARGET_SEEDS) & set(SCORE_SEEDS)
    w, fc = synthetic()
    np.savez(tmp_path / "sc.npz", weights=w); np.save(tmp_path / "fc.npy", fc)
    exe = Path(sys.executable).with_name("rww-opt")
    run = subprocess.run([str(exe), "fit", "--connectome", str(tmp_path / "sc.npz"), "--fc", str(tmp_path / "fc.npy"), "--quick",
                          "--no-progress", "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    m = json.loads((tmp_path / "out" / "metrics.json").read_text())
    params = json.loads((tmp_path / "out" / "params.json").read_text())
    written = {p.name for p in (tmp_path / "out").iterdir() if p.is_file()}
    assert {k: m["settings"][k] for k in ("model", "regional", "search", "loss", "noise", "ensemble")} == \
        dict(model="rww-ei", regional="maps+free", search="cmaes", loss="corr", noise="fresh", ensemble=2)
    assert "landscape.npz" not in written and m["search"]["simulations"] == m["regional_search"]["simulations"] == 3 * 8
    maps_fit = params["before_free"]                            # the maps fit the free values started from
    assert sorted(maps_fit["regional_form"]) == ["dynamics.J_N", "dynamics.w_p"] and "regional_form" not in params
    assert sorted(maps_fit["regional_form"]["dynamics.J_N"]["coefficients"]) == ["fcgradient", "strength"]   # the default maps
    assert "maps" in m and "maps, before free" in run.stdout
    for name, (lo, hi) in [("regional_w_p", (0.33, 5.0)), ("regional_J_N", (0.001, 0.5))]:
        v = np.asarray(params[name])
        assert v.shape == (len(w),) and ((lo <= v) & (v <= hi)).all(), (name, v)
    iu = np.triu_indices(len(w), 1)
    raw = np.corrcoef(w[iu], fc[iu])[0, 1]                       # the baseline, by NumPy from the files
    assert abs(m["baseline_connectome"]["r"] - raw) < 1e-6
    assert m["regional"]["r_single"] > raw + 0.1, (m["regional"]["r_single"], raw)
    assert m["regional"]["r_single"] > m["global"]["r_single"], (m["regional"]["r_single"], m["global"]["r_single"])
    assert m["regional"]["r_single"] > m["maps"]["r_single"], (m["regional"]["r_single"], m["maps"]["r_single"])
    rates = m["rates"]                                         # how well FIC holds the fitted model's rates, reported
    assert rates["n"] == len(w) and rates["target"] == 3.0 and rates["min"] <= rates["mean"] <= rates["max"] and 0 <= rates["off"] <= len(w)
    assert "rates: mean" in run.stdout and "regions are more than 1 Hz off" in (tmp_path / "out" / "report.md").read_text()
    assert not m["flags"], m["flags"]
