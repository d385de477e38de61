"""Golden reference data for the excitatory-inhibitory reduced Wong-Wang model, made with TVB.

Runs The Virtual Brain's own `Simulator` (`ReducedWongWangExcInh`, `HeunDeterministic`, `Raw`
monitor, `coupling.Linear(a=1, b=0)`, zero tract lengths) on small deterministic networks, calls
the model's `dfun` at the two points where its transfer functions divide 0 by 0, checks a few
conventions of TVB, re-derives every trajectory with an independent NumPy integrator written from
the model's equations, and writes `nbs/golden/tvb_rww_ei.npz`.

TVB is a reference, never a dependency of rww_opt: run this with the throwaway environment,

    bash tools/tvb_golden/setup_env.sh && tools/tvb_golden/.venv/bin/python tools/tvb_golden/make_rww_ei_golden.py

One finding shapes the file: TVB's history buffer and its copy of the weights are float32
(`tvb.simulator.history` declares them with dtype 'f'), so stock TVB computes the coupling sum in
single precision even when everything else is float64. The main trajectories (`X_trajectory`) are
made by the same Simulator with those arrays switched to float64 (`_float64_history`); the stock
runs are kept beside them (`X_trajectory_tvb_stock`).
"""

import logging
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import numpy as np

logging.disable(logging.WARNING)  # TVB logs every configure step at INFO

import numba  # noqa: E402
from tvb.datatypes.connectivity import Connectivity  # noqa: E402
from tvb.simulator import coupling, history, integrators, monitors, simulator  # noqa: E402
from tvb.simulator.models import wong_wang_exc_inh  # noqa: E402
from tvb.simulator.models.wong_wang_exc_inh import ReducedWongWangExcInh  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "nbs" / "golden" / "tvb_rww_ei.npz"

# The model's parameters in TVB's argument order of `_numba_dfun` (G is saved apart, as a scalar).
PARAMS = ("a_e", "b_e", "d_e", "gamma_e", "tau_e", "w_p", "W_e", "J_N",
          "a_i", "b_i", "d_i", "gamma_i", "tau_i", "W_i", "J_i", "lamda", "I_o", "I_ext")

# Row i holds the inputs to region i (TVB's convention; main() checks it on the recorded coupling).
WEIGHTS = np.array([
    [0.00, 0.42, 0.10, 0.75, 0.23],
    [0.61, 0.00, 0.37, 0.05, 0.88],
    [0.15, 0.93, 0.00, 0.54, 0.29],
    [0.80, 0.26, 0.68, 0.00, 0.12],
    [0.33, 0.07, 0.49, 0.91, 0.00],
])

BASE = dict(w_p=np.array([1.2, 1.5, 1.3, 1.6, 1.4]),
            J_i=np.array([0.6, 1.2, 1.0, 1.4, 0.8]),
            I_o=np.array([0.30, 0.39, 0.33, 0.42, 0.36]),
            W_i=np.array([0.70, 0.60, 0.80, 0.65, 0.75]),
            G=0.9, lamda=0.0)
CONFIGS = {
    "A": dict(BASE, dt=0.1, n_steps=4000, stride=10,
              S_e0=[0.12, 0.35, 0.58, 0.81, 0.27], S_i0=[0.05, 0.22, 0.41, 0.66, 0.93]),
    "B": dict(BASE, dt=0.1, n_steps=4000, stride=10, G=1.6, lamda=0.7,
              a_e=np.array([290.0, 330.0, 310.0, 300.0, 320.0]),
              b_i=np.array([184.0, 170.0, 177.0, 174.0, 180.0]),
              S_e0=[0.64, 0.08, 0.47, 0.22, 0.90], S_i0=[0.31, 0.77, 0.12, 0.50, 0.03]),
    "C": dict(BASE, dt=0.5, n_steps=2000, stride=5,
              S_e0=[0.12, 0.35, 0.58, 0.81, 0.27], S_i0=[0.05, 0.22, 0.41, 0.66, 0.93]),
}
N = WEIGHTS.shape[0]


def model_kwargs(cfg):
    "TVB model arguments: per-region arrays where the configuration has them, TVB defaults otherwise."
    kw = {k: np.atleast_1d(np.asarray(v, dtype=np.float64)) for k, v in cfg.items()
          if k in PARAMS or k == "G"}
    return kw


def full_params(cfg):
    "Every model parameter as a float64 array of shape [regions] (scalars broadcast), plus G."
    m = ReducedWongWangExcInh(**model_kwargs(cfg))
    p = {k: np.broadcast_to(np.asarray(getattr(m, k), dtype=np.float64), (N,)).copy() for k in PARAMS}
    p["G"] = float(np.asarray(m.G).item())
    return p


class _float64_history:
    "Context in which TVB's history buffer and weight copies are float64 (stock TVB: float32)."
    names = ("weights", "delays", "es_weights", "buffer", "current_state", "delayed_state",
             "nnz_weights")

    def __enter__(self):
        self.saved = {}
        for name in self.names:
            desc = getattr(history.SparseHistory, name)  # the descriptor (class access)
            self.saved[name] = desc.dtype
            desc.dtype = np.float64

    def __exit__(self, *exc):
        for name, dtype in self.saved.items():
            getattr(history.SparseHistory, name).dtype = dtype


def make_simulator(cfg, extra_monitors=()):
    conn = Connectivity(weights=WEIGHTS.copy(), tract_lengths=np.zeros((N, N)),
                        centres=np.zeros((N, 3)), speed=np.array([3.0]),
                        region_labels=np.array([f"r{i}" for i in range(N)]))
    ic = np.array([cfg["S_e0"], cfg["S_i0"]], dtype=np.float64)[None, :, :, None]  # [time, svar, node, mode]
    sim = simulator.Simulator(
        model=ReducedWongWangExcInh(**model_kwargs(cfg)), connectivity=conn,
        coupling=coupling.Linear(a=np.array([1.0]), b=np.array([0.0])),
        integrator=integrators.HeunDeterministic(dt=cfg["dt"]),
        monitors=[monitors.Raw(), *extra_monitors], initial_conditions=ic,
        simulation_length=cfg["n_steps"] * cfg["dt"])
    return sim.configure()


def run_tvb(cfg, float64):
    "TVB's trajectory [steps, 2, regions], its times, and the afferent coupling TVB recorded."
    if float64:
        with _float64_history():
            sim = make_simulator(cfg, [monitors.AfferentCoupling()])
            assert sim.history.buffer.dtype == np.float64 and sim.history.nnz_weights.dtype == np.float64
            (t, x), (tc, c) = sim.run(n_steps=cfg["n_steps"])
    else:
        sim = make_simulator(cfg, [monitors.AfferentCoupling()])
        assert sim.history.buffer.dtype == np.float32  # stock TVB
        (t, x), (tc, c) = sim.run(n_steps=cfg["n_steps"])
    assert sim.connectivity.horizon == 1 and not sim.connectivity.idelays.any()
    assert x.dtype == np.float64 and x.shape == (cfg["n_steps"], 2, N, 1)
    np.testing.assert_array_equal(t, tc)
    return t, x[..., 0], c[:, 0, :, 0]


# ---- independent NumPy version, written from the equations (not from TVB's code) ----

def rhs(S_e, S_i, c, p):
    "dS_e/dt, dS_i/dt (per ms) of the E-I model; c = sum_j W_ij S_e,j; rates in Hz."
    def H(x, a, b, d):
        y = a * x - b
        return y / (1.0 - np.exp(-d * y))
    net = p["G"] * p["J_N"] * c  # long-range excitatory current
    x_e = p["w_p"] * p["J_N"] * S_e - p["J_i"] * S_i + p["W_e"] * p["I_o"] + net + p["I_ext"]
    x_i = p["J_N"] * S_e - S_i + p["W_i"] * p["I_o"] + p["lamda"] * net
    dS_e = -S_e / p["tau_e"] + p["gamma_e"] * (1.0 - S_e) * H(x_e, p["a_e"], p["b_e"], p["d_e"])
    dS_i = -S_i / p["tau_i"] + p["gamma_i"] * H(x_i, p["a_i"], p["b_i"], p["d_i"])
    return dS_e, dS_i


def coupling_f32(W, S_e):
    "The coupling sum as stock TVB rounds it: float32 weights, states, products and sums."
    rows, cols = np.nonzero(W)  # row-major, as TVB stores the non-zero weights
    prods = W[rows, cols].astype(np.float32) * S_e[cols].astype(np.float32)
    starts = np.searchsorted(rows, np.arange(W.shape[0]))  # every row has a non-zero weight here
    # numpy's reduceat, as TVB uses it: its float32 sums are not left-to-right for 4 terms
    return np.add.reduceat(prods, starts).astype(np.float64)


def heun_numpy(cfg, p, f32_coupling=False):
    "Heun with c from the step's start held through both stages, both stages clipped to [0, 1]."
    dt, S_e, S_i = cfg["dt"], np.array(cfg["S_e0"], float), np.array(cfg["S_i0"], float)
    traj, clips = np.empty((cfg["n_steps"], 2, N)), 0
    for n in range(cfg["n_steps"]):
        c = coupling_f32(WEIGHTS, S_e) if f32_coupling else WEIGHTS @ S_e
        k1e, k1i = rhs(S_e, S_i, c, p)
        pe, pi_ = S_e + dt * k1e, S_i + dt * k1i
        clips += np.sum((pe < 0) | (pe > 1) | (pi_ < 0) | (pi_ > 1))
        pe, pi_ = np.clip(pe, 0.0, 1.0), np.clip(pi_, 0.0, 1.0)
        k2e, k2i = rhs(pe, pi_, c, p)
        S_e, S_i = S_e + 0.5 * dt * (k1e + k2e), S_i + 0.5 * dt * (k1i + k2i)
        clips += np.sum((S_e < 0) | (S_e > 1) | (S_i < 0) | (S_i > 1))
        S_e, S_i = np.clip(S_e, 0.0, 1.0), np.clip(S_i, 0.0, 1.0)
        traj[n] = S_e, S_i
    return traj, int(clips)


# ---- checks of TVB's code paths ----

def tvb_dfun_paths(p, state, c):
    "TVB's dfun (numba gufunc) and `_numpy_dfun` on state [2, regions], c [regions]."
    kw = {k: v for k, v in p.items() if k != "G"}
    m = ReducedWongWangExcInh(**kw, G=np.array([p["G"]]))
    m.configure()
    with np.errstate(invalid="ignore", divide="ignore"):
        numba_path = m.dfun(state[:, :, None], c[None, :, None])[..., 0]
        numpy_path = m._numpy_dfun(state, c[None, :])
    return numba_path, numpy_path


def per_region_calls(p, state, c):
    "TVB's dfun called once per region with scalar parameters (to see arrays are honoured)."
    out = np.empty((2, N))
    for r in range(N):
        pr = {k: np.array([v[r]]) for k, v in p.items() if k != "G"}
        m = ReducedWongWangExcInh(**pr, G=np.array([p["G"]]))
        m.configure()
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, r] = m.dfun(state[:, r:r + 1, None], c[None, r:r + 1, None])[:, 0, 0]
    return out


def count_numba_calls(cfg, n_steps=10):
    "Run a few TVB steps with the module's gufunc wrapped by a counter: is it what runs?"
    real, calls = wong_wang_exc_inh._numba_dfun, []

    def counting(*args):
        calls.append(type(real).__name__)
        return real(*args)
    wong_wang_exc_inh._numba_dfun = counting
    try:
        with _float64_history():
            make_simulator(cfg).run(n_steps=n_steps)
    finally:
        wong_wang_exc_inh._numba_dfun = real
    return len(calls), set(calls)


# ---- the 0/0 points of the transfer functions ----

def _ulp_walk(f, x0, max_steps=2000):
    "The float64 nearest x0 (walking ulp by ulp) where f is exactly 0.0, or None."
    up, down = x0, x0
    for _ in range(max_steps):
        for x in (up, down):
            if f(x) == 0.0:
                return x
        up, down = np.nextafter(up, np.inf), np.nextafter(down, -np.inf)
    return None


def tvb_y_e(p, r, S_e, S_i, c):
    "a_e x_e - b_e in TVB's order of operations (`_numba_dfun`), float64 scalars."
    cc = p["G"] * p["J_N"][r] * c
    jnSe = p["J_N"][r] * S_e
    x = p["w_p"][r] * jnSe - p["J_i"][r] * S_i + p["W_e"][r] * p["I_o"][r] + cc + p["I_ext"][r]
    return p["a_e"][r] * x - p["b_e"][r]


def tvb_y_i(p, r, S_e, S_i, c):
    "a_i x_i - b_i in TVB's order of operations (`_numba_dfun`), float64 scalars."
    cc = p["G"] * p["J_N"][r] * c
    jnSe = p["J_N"][r] * S_e
    x = jnSe - S_i + p["W_i"][r] * p["I_o"][r] + p["lamda"][r] * cc
    return p["a_i"][r] * x - p["b_i"][r]


def singular_state(p, S_e, S_i, r, which):
    "State where region r's excitatory ('e': solve S_e) or inhibitory ('i': solve S_i) y is 0.0."
    S_e, S_i = np.array(S_e, float), np.array(S_i, float)
    c_r = float((WEIGHTS @ S_e)[r])  # W[r, r] = 0, so c_r does not depend on the solved value
    f = np.float64
    a, b = (p["a_e"][r], p["b_e"][r]) if which == "e" else (p["a_i"][r], p["b_i"][r])
    if _ulp_walk(lambda x: f(a) * x - f(b), f(b / a), max_steps=100) is None:
        raise ValueError(f"no float64 x has a*x - b == 0.0 for a={a}, b={b} (region {r})")
    for attempt in range(50):
        if which == "e":
            si = f(S_i[r])
            target = (p["b_e"][r] / p["a_e"][r] + p["J_i"][r] * si - p["W_e"][r] * p["I_o"][r]
                      - p["G"] * p["J_N"][r] * c_r - p["I_ext"][r]) / (p["w_p"][r] * p["J_N"][r])
            root = _ulp_walk(lambda s: tvb_y_e(p, r, f(s), si, f(c_r)), f(target))
        else:
            se = f(S_e[r])
            target = (p["J_N"][r] * se + p["W_i"][r] * p["I_o"][r]
                      + p["lamda"][r] * p["G"] * p["J_N"][r] * c_r - p["b_i"][r] / p["a_i"][r])
            root = _ulp_walk(lambda s: tvb_y_i(p, r, se, f(s), f(c_r)), f(target))
        if root is not None:
            break
        # no exact zero reachable: nudge the other variable of that region and try again
        if which == "e":
            S_i[r] = np.nextafter(S_i[r], np.inf)
        else:
            S_e[r] = np.nextafter(S_e[r], np.inf)
    else:
        raise RuntimeError(f"no exact zero found for region {r} ({which})")
    if which == "e":
        S_e[r] = root
    else:
        S_i[r] = root
    assert 0.0 < root < 1.0, root
    c = WEIGHTS @ S_e
    assert c[r] == c_r
    y = (tvb_y_e if which == "e" else tvb_y_i)(p, r, f(S_e[r]), f(S_i[r]), f(c[r]))
    assert y == 0.0, y
    return np.array([S_e, S_i]), c


def limit_rhs(p, state, c):
    "Independent derivatives with H's removable singularity filled in (H -> 1/d + y/2 near y = 0)."
    def H(x, a, b, d):
        y = a * x - b
        small = np.abs(d * y) < 1e-8
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(small, 1.0 / d + 0.5 * y, y / -np.expm1(-d * y))
    S_e, S_i = state
    net = p["G"] * p["J_N"] * c
    x_e = p["w_p"] * p["J_N"] * S_e - p["J_i"] * S_i + p["W_e"] * p["I_o"] + net + p["I_ext"]
    x_i = p["J_N"] * S_e - S_i + p["W_i"] * p["I_o"] + p["lamda"] * net
    return np.array([-S_e / p["tau_e"] + p["gamma_e"] * (1 - S_e) * H(x_e, p["a_e"], p["b_e"], p["d_e"]),
                     -S_i / p["tau_i"] + p["gamma_i"] * H(x_i, p["a_i"], p["b_i"], p["d_i"])])


def save_npz(path, arrays):
    "Like np.savez_compressed, with fixed zip timestamps so that a rerun gives the same bytes."
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as f:
                np.lib.format.write_array(f, np.asarray(arrays[key]), allow_pickle=False)


def main():
    assert numba.config.DISABLE_JIT == 0
    assert type(wong_wang_exc_inh._numba_dfun).__name__ == "GUFunc", type(wong_wang_exc_inh._numba_dfun)
    out = {"tvb_version": np.array(version("tvb-library")), "numba_version": np.array(numba.__version__),
           "numpy_version": np.array(np.__version__), "param_names": np.array(PARAMS)}
    report = {}
    for name, cfg in CONFIGS.items():
        p = full_params(cfg)
        t64, x64, c64 = run_tvb(cfg, float64=True)
        t32, x32, c32 = run_tvb(cfg, float64=False)
        dt, n_steps, k = cfg["dt"], cfg["n_steps"], cfg["stride"]
        steps = np.arange(1, n_steps + 1)
        np.testing.assert_allclose(t64, steps * dt, rtol=0, atol=1e-9)  # first sample: t = dt
        # TVB's recorded coupling at step m is sum_j W[i, j] S_e,j(m): row i = inputs to i
        orient_row = np.abs(c64 - x64[:, 0] @ WEIGHTS.T).max()
        orient_col = np.abs(c64 - x64[:, 0] @ WEIGHTS).max()
        f32_coupling_err = np.abs(c32 - np.array([coupling_f32(WEIGHTS, s) for s in x32[:, 0]])).max()
        ref64, clips = heun_numpy(cfg, p)
        ref32, _ = heun_numpy(cfg, p, f32_coupling=True)
        # TVB's two dfun paths on every state of the run, with the float64 coupling
        nb, npy = zip(*(tvb_dfun_paths(p, s, WEIGHTS @ s[0]) for s in x64[::max(1, n_steps // 400)]))
        per_region = per_region_calls(p, x64[n_steps // 2], WEIGHTS @ x64[n_steps // 2, 0])
        report[name] = dict(
            numpy_vs_tvb64=np.abs(ref64 - x64).max(), numpy_f32c_vs_tvb_stock=np.abs(ref32 - x32).max(),
            tvb_stock_vs_tvb64=np.abs(x32 - x64).max(), orient_row=orient_row, orient_col=orient_col,
            f32_coupling_err=f32_coupling_err, numba_vs_numpy_path=np.abs(np.array(nb) - np.array(npy)).max(),
            per_region_vs_arrays=np.abs(per_region - nb[n_steps // 2 // max(1, n_steps // 400)]).max(),
            clips=clips, lo=min(x64.min(), x32.min()), hi=max(x64.max(), x32.max()),
            touches=bool(np.any((x64 == 0) | (x64 == 1) | (x32 == 0) | (x32 == 1))))
        keep = np.r_[1, np.arange(k, n_steps + 1, k)]  # steps saved: 1, k, 2k, ..., n_steps
        out.update({f"{name}_weights": WEIGHTS, f"{name}_dt": np.float64(dt),
                    f"{name}_n_steps": np.int64(n_steps), f"{name}_stride": np.int64(k),
                    f"{name}_G": np.float64(p["G"]),
                    f"{name}_S_e0": np.array(cfg["S_e0"], float), f"{name}_S_i0": np.array(cfg["S_i0"], float),
                    f"{name}_steps": keep, f"{name}_time": t64[keep - 1],
                    f"{name}_trajectory": x64[keep - 1], f"{name}_trajectory_tvb_stock": x32[keep - 1]})
        out.update({f"{name}_{k_}": v for k_, v in p.items() if k_ != "G"})

    # D: the 0/0 points, on config B's parameters and weights (lamda != 0, so c enters both rates).
    # Only some (a, b) pairs have a float64 x with a*x - b == 0.0: none for a_e = 310, b_e = 125
    # (TVB's defaults) nor for a_i = 615, b_i = 174; regions 1 (a_e = 330) and 2 (b_i = 177) have one.
    pB = full_params(CONFIGS["B"])
    base_e, base_i = CONFIGS["B"]["S_e0"], [0.31, 0.36, 0.12, 0.50, 0.03]  # S_i[1] puts the root S_e near 0.4
    for which, r in (("e", 1), ("i", 2)):
        state, c = singular_state(pB, base_e, base_i, r, which)
        nb, npy = tvb_dfun_paths(pB, state, c)
        ref = limit_rhs(pB, state, c)
        bad = (0 if which == "e" else 1, r)
        report[f"D_{which}"] = dict(region=r, numba=nb[bad], numpy=npy[bad], limit=ref[bad],
                                    nan_mask=np.argwhere(np.isnan(nb)).tolist(),
                                    same_nan=bool(np.array_equal(np.isnan(nb), np.isnan(npy))),
                                    finite_diff=np.nanmax(np.abs(nb - npy)),
                                    finite_vs_ref=np.nanmax(np.abs(nb - ref)))
        out.update({f"D_{which}_region": np.int64(r), f"D_{which}_state": state, f"D_{which}_coupling": c,
                    f"D_{which}_dfun_tvb": nb, f"D_{which}_dfun_tvb_numpy": npy, f"D_{which}_dfun_limit": ref})
    out.update({f"D_{k_}": v for k_, v in pB.items() if k_ != "G"})
    out.update({"D_G": np.float64(pB["G"]), "D_weights": WEIGHTS})

    n_calls, kinds = count_numba_calls(CONFIGS["A"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    save_npz(OUT, out)

    print(f"tvb-library {version('tvb-library')}, numba {numba.__version__}, numpy {np.__version__}, "
          f"Python {sys.version.split()[0]}")
    print(f"numba gufunc calls in a 10-step run: {n_calls} ({kinds})")
    for name in CONFIGS:
        r = report[name]
        print(f"config {name}: max|numpy - TVB(float64 history)| = {r['numpy_vs_tvb64']:.3e}; "
              f"max|numpy(float32 coupling) - TVB stock| = {r['numpy_f32c_vs_tvb_stock']:.3e}; "
              f"max|TVB stock - TVB float64| = {r['tvb_stock_vs_tvb64']:.3e}")
        print(f"  coupling recorded vs W @ S_e: {r['orient_row']:.3e}, vs W.T @ S_e: {r['orient_col']:.3e}; "
              f"stock coupling vs float32 emulation: {r['f32_coupling_err']:.3e}")
        print(f"  numba vs numpy dfun paths: {r['numba_vs_numpy_path']:.3e}; per-region scalar calls vs "
              f"arrays: {r['per_region_vs_arrays']:.3e}; clipping events (numpy run): {r['clips']}; "
              f"range [{r['lo']:.6f}, {r['hi']:.6f}], touches 0 or 1: {r['touches']}")
    for which in ("e", "i"):
        r = report[f"D_{which}"]
        print(f"D_{which}: region {r['region']}: TVB numba dS = {r['numba']}, numpy path = {r['numpy']}, "
              f"limit (H(0) = 1/d) = {r['limit']!r}; NaN at {r['nan_mask']}; same NaNs in both paths: "
              f"{r['same_nan']}; other entries numba vs numpy {r['finite_diff']:.3e}, vs independent "
              f"{r['finite_vs_ref']:.3e}")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
