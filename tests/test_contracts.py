"""Every model, haemodynamic kernel and monitor of the library keeps its contract.

One parametrised test per kind, so a model or monitor added later is held to the same rules:
models (class attributes consistent, parameters refused outside their ranges, a derivative of the
right form that stays finite over the whole state space, including the bounds, and that jit, vmap
and grad go through); kernels (finite, starting at rest, decaying); monitors (the three ways of
applying one agree: over a stored run, folded into a lazy run, and passed to `prepare`).
"""
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
