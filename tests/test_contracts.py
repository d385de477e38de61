"""Every model, haemodynamic kernel and monitor of the library keeps its contract.

One parametrised test per kind, so a model or monitor added later is held to the same rules:
models (class attributes consistent, parameters refused outside their ranges, a derivative of the
right form that stays finite over the whole state space, including the bounds, and that jit, vmap
and grad go through); kernels (finite, starting at rest, decaying); monitors (the three ways of
applying one agree: over a stored run, folded into a lazy run, and passed to `prepare`).
"""
import copy

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from rww_opt.bold import BalloonWindkessel, Bold, DoubleExponentialKernel, GammaKernel, VolterraKernel
from rww_opt.dynamics import Dynamics, ReducedWongWang, _contract_errors
from rww_opt.excinh import FIC, ReducedWongWangEI
from rww_opt.network import AdditiveNoise, DenseGraph, FastLinearCoupling, Network
from rww_opt.observations import StreamingFC
from rww_opt.solve import Heun, LazyResult, Monitor, prepare

MODELS = [ReducedWongWang, ReducedWongWangEI]
KERNELS = [VolterraKernel(), GammaKernel(), DoubleExponentialKernel()]
W4 = np.array([[0, 1, 0, 2], [1, 0, 3, 0], [0, 3, 0, 1], [2, 0, 1, 0]], float) / 3


def test_every_model_is_listed():
    "The test covers every Dynamics subclass the library defines."
    import rww_opt.dynamics, rww_opt.excinh  # noqa: F401
    mine = {c for c in Dynamics.__subclasses__() if c.__module__.startswith("rww_opt.")}
    assert mine == set(MODELS), mine


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_model_contract(cls):
    assert _contract_errors(cls) == []
    m = cls()
    assert len(m.initial_state) == len(cls.STATE_NAMES)
    for name in cls.POSITIVE + cls.NONNEGATIVE:                  # each range is enforced
        with pytest.raises(ValueError, match=name):
            cls(**{name: -1.0})
    for lo_hi in cls.BOUNDS.values():
        assert lo_hi[0] is None or lo_hi[1] is None or lo_hi[0] < lo_hi[1]


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_model_derivative(cls):
    "dfun: a tuple like the state, finite over a grid of states spanning the bounds, under jit, vmap and grad."
    m, n = cls(), 4
    p = m.parameters()
    with jax.enable_x64(True):
        grid = np.linspace(0.0, 1.0, 11)
        for v in grid:
            x = tuple(jnp.full(n, v) for _ in cls.STATE_NAMES)
            c = tuple(jnp.linspace(0.0, 2.0, n) for _ in cls.COUPLING_INPUTS)
            dx = jax.jit(lambda x, c: m.dfun(x, c, p))(x, c)
            assert isinstance(dx, tuple) and len(dx) == len(cls.STATE_NAMES)
            assert all(d.shape == (n,) and np.isfinite(d).all() for d in dx)
        x = tuple(jnp.full((3, n), 0.2) for _ in cls.STATE_NAMES)
        c = tuple(jnp.zeros((3, n)) for _ in cls.COUPLING_INPUTS)
        assert jax.vmap(lambda x, c: m.dfun(x, c, p))(x, c)[0].shape == (3, n)
        g = jax.grad(lambda s: m.dfun(tuple(jnp.full(n, s) for _ in cls.STATE_NAMES),
                                      tuple(jnp.zeros(n) for _ in cls.COUPLING_INPUTS), p)[0].sum())(0.3)
        assert np.isfinite(g)


@pytest.mark.parametrize("kernel", KERNELS, ids=lambda k: type(k).__name__)
def test_kernel_contract(kernel):
    t = np.linspace(0.0, 40.0, 4001)
    h = kernel(t)
    assert np.isfinite(h).all() and abs(h[0]) < 1e-12                 # at rest at t = 0
    assert np.abs(h[-500:]).max() < 1e-3 * np.abs(h).max()            # decays within 40 s
    assert np.isfinite(np.asarray(kernel.to_bold(np.ones(3)))).all()


def _network(cls):
    dyn = cls(J_i=FIC()) if cls is ReducedWongWangEI else cls(w=0.5, I_o=0.32)
    names = list(cls.STATE_NAMES)
    return Network(dyn, FastLinearCoupling(names[0], G=0.3), DenseGraph(W4), AdditiveNoise([0.003] * len(names), names))


MONITORS = [("bold-volterra", lambda: Bold()), ("bold-gamma", lambda: Bold(hrf=GammaKernel())),
            ("bold-balloon", lambda: Bold(hrf=BalloonWindkessel())), ("streaming-fc", lambda: StreamingFC(skip_t=5))]


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("name,make", MONITORS, ids=[m[0] for m in MONITORS])
def test_monitor_three_ways(cls, name, make):
    "A monitor over a stored run, folded into a lazy run, and inside prepare: the same output."
    assert isinstance(make(), Monitor)
    with jax.enable_x64(True):
        net = _network(cls)
        dt = 4.0 if cls is ReducedWongWang else 1.0
        model, state = prepare(net, Heun(), t1=8_000.0, dt=dt)
        lazy = model(state)
        assert isinstance(lazy, LazyResult)
        folded = make()(lazy)
        stored = make()(lazy.result())
        m_in, s_in = prepare(net, Heun(), t1=8_000.0, dt=dt, monitor=make())
        inside = m_in(s_in)
        for a, b in [(folded, stored), (inside, stored)]:
            a, b = (np.asarray(getattr(a, "data", a)), np.asarray(getattr(b, "data", b)))
            assert a.shape == b.shape and np.isfinite(a).all()
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-10)


# ---- every registered model spec and every registered loss of the workflow
from rww_opt.workflow import LOSSES, MODELS as SPECS, build_problem, fit_global, param_ranges, start_inside  # noqa: E402

FC4 = np.array([[0, .5, .2, .4], [.5, 0, .6, .1], [.2, .6, 0, .3], [.4, .1, .3, 0]])
FCD4 = np.linspace(0.1, 0.9, 10)


@pytest.mark.parametrize("name", list(SPECS))
def test_model_spec_builds_and_fits(name):
    "Every model spec builds a problem on 4 regions and takes one fit step from the middle of its ranges, finite and in range."
    pb = build_problem(W4, FC4, model=name, duration=60.0, transient=10.0)
    ranges = param_ranges(pb)
    start = start_inside(pb, {p: 0.5 * sum(ranges[p]) for p in pb.spec.global_params})
    fitted, data = fit_global(pb, start, steps=1, progress=False)
    assert np.isfinite(data["loss"]).all(), data["loss"]
    for p in pb.spec.global_params:
        lo, hi = ranges[p]
        leaf = fitted
        for part in p.split("."): leaf = leaf[part]
        assert lo <= float(leaf.value) <= hi, (p, float(leaf.value), (lo, hi))


@pytest.mark.parametrize("runs", [1, 2])
@pytest.mark.parametrize("name", list(LOSSES))
def test_loss_value_and_gradient(name, runs):
    "Every loss, on one run or the mean FC of two, is finite, and its derivative in G through the whole simulation matches central differences (float64)."
    with jax.enable_x64(True):
        model = (LOSSES[name].models or ("rww",))[0]   # a loss made for one model is checked on it
        pb = build_problem(W4, FC4, model=model, duration=60.0, transient=10.0, loss=name, fcd_target=FCD4, loss_runs=runs)
        def at(G):
            st = copy.deepcopy(pb.state)
            st.coupling.instant.G = G
            return pb.loss(st)
        G0, h = 0.35, 1e-5
        value, grad = jax.value_and_grad(at)(jnp.asarray(G0))
        central = (float(at(G0 + h)) - float(at(G0 - h))) / (2 * h)
    assert np.isfinite(float(value)) and np.isfinite(float(grad))
    assert abs(float(grad) - central) <= 1e-3 * max(1.0, abs(central)), (name, runs, float(grad), central)


# ---- every implementation of the slots of rww_opt.protocols
from rww_opt.network import LinearCoupling  # noqa: E402
from rww_opt.protocols import Coupling, Haemodynamics, Noise, Solver  # noqa: E402
from rww_opt.solve import Euler  # noqa: E402

SOLVERS = {Euler: lambda dt: 1 - dt, Heun: lambda dt: 1 - dt + dt ** 2 / 2}   # one step of dx = -x dt from x = 1
COUPLINGS = [LinearCoupling("S", G=0.7), FastLinearCoupling("S", G=0.7)]
NOISES = [AdditiveNoise(0.003, "S"), AdditiveNoise([0.003, 0.001], ["S_e", "S_i"])]
HRFS = KERNELS + [BalloonWindkessel()]


def test_every_slot_implementation_is_listed():
    "The lists above hold every class of the library that fills a slot (a new one must be added here, and so checked)."
    import rww_opt.bold, rww_opt.network, rww_opt.solve  # noqa: F401
    def fills(methods, module):
        return {c for c in vars(module).values() if isinstance(c, type) and not c.__name__.startswith("_")
                and c.__module__ == module.__name__ and all(callable(getattr(c, a, None)) for a in methods)}
    assert fills(["step"], rww_opt.solve) == set(SOLVERS)
    assert fills(["input", "parameters"], rww_opt.network) == {type(c) for c in COUPLINGS}
    assert fills(["increments", "parameters"], rww_opt.network) == {type(n) for n in NOISES}
    assert fills(["start", "advance", "to_bold"], rww_opt.bold) == {type(h) for h in HRFS}


@pytest.mark.parametrize("cls", list(SOLVERS), ids=lambda c: c.__name__)
def test_solver_contract(cls):
    "A solver is a Solver, and one step of dx = -x dt from x = 1 (no noise) matches its closed form; clipping is applied."
    solver, dt = cls(), 0.1
    assert isinstance(solver, Solver)
    x1 = solver.step(lambda x, c: tuple(-xi for xi in x), (jnp.ones(3),), (jnp.zeros(3),), (jnp.zeros(3),), dt, lambda x: x)
    np.testing.assert_allclose(np.asarray(x1[0]), SOLVERS[cls](dt), rtol=1e-6)
    clipped = solver.step(lambda x, c: x, (jnp.ones(2),), (jnp.zeros(2),), (jnp.zeros(2),), 1.0, lambda x: tuple(jnp.minimum(v, 1) for v in x))
    assert np.all(np.asarray(clipped[0]) <= 1)


@pytest.mark.parametrize("coupling", COUPLINGS, ids=lambda c: type(c).__name__)
def test_coupling_contract(coupling):
    "A coupling is a Coupling; its input from current states is G W s, from past states G sum_j W_ij s_j(t - D_ij), as in NumPy."
    assert isinstance(coupling, Coupling) and coupling.parameters().G == 0.7
    rng = np.random.default_rng(1)
    s, past = rng.uniform(size=4), rng.uniform(size=(4, 4))
    np.testing.assert_allclose(np.asarray(coupling.input(coupling.parameters(), jnp.asarray(W4), jnp.asarray(s))), 0.7 * W4 @ s, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(coupling.input(coupling.parameters(), jnp.asarray(W4), jnp.asarray(past))),
                               0.7 * (W4 * past).sum(axis=1), rtol=1e-6)


@pytest.mark.parametrize("noise", NOISES, ids=lambda n: f"{type(n).__name__}-{len(n.apply_to)}")
def test_noise_contract(noise):
    "Noise is a Noise; its increments of a step of dt are sigma sqrt(dt) z, each variable with its own sigma."
    assert isinstance(noise, Noise) and "key" in noise.parameters()
    z = np.random.default_rng(2).standard_normal((5, len(noise.apply_to), 4))
    sigma = np.reshape(noise.sigma, (-1, 1)) if len(noise.apply_to) > 1 else noise.sigma
    np.testing.assert_allclose(np.asarray(noise.increments(noise.parameters(), jnp.asarray(z), 2.0)), sigma * np.sqrt(2.0) * z, rtol=1e-6)


@pytest.mark.parametrize("hrf", HRFS, ids=lambda h: type(h).__name__)
def test_haemodynamics_contract(hrf):
    "An HRF is Haemodynamics; advancing through two pieces equals advancing through their concatenation, and rest gives a finite signal."
    assert isinstance(hrf, Haemodynamics)
    monitor = Bold(period=1000.0, downsample_period=4.0, hrf=hrf)
    with jax.enable_x64(True):
        x = jnp.asarray(0.1 + 0.05 * np.random.default_rng(3).standard_normal((3 * monitor.p, 4)))
        h0 = hrf.start(monitor, None, 4, x.dtype)
        h_once, out_once = hrf.advance(monitor, h0, x)
        h_half, out_a = hrf.advance(monitor, h0, x[: monitor.p])
        h_two, out_b = hrf.advance(monitor, h_half, x[monitor.p:])
    np.testing.assert_allclose(np.concatenate([out_a, out_b]), out_once, rtol=1e-12, atol=1e-15)
    assert out_once.shape == (3, 4) and np.isfinite(np.asarray(hrf.to_bold(out_once))).all()
    for a, b in zip(jax.tree_util.tree_leaves(h_once), jax.tree_util.tree_leaves(h_two)): np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
