"Map- and network-based parameters across modules: pickling, fitting with OptaxOptimizer, a tiny simulation."
import pickle
import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np
import optax
from scipy.special import expit, logit

from rww_opt.dynamics import Record, ReducedWongWang
from rww_opt.network import DenseGraph, FastLinearCoupling, Network
from rww_opt.optim import OptaxOptimizer
from rww_opt.parameters import MapParameter, NetworkParameter, partition
from rww_opt.solve import prepare, values

MAPS = np.array([[-1.5, -0.5, 0.5, 1.5, 0.2, -0.2], [1.0, -1.0, -1.0, 1.0, 0.5, -0.5]])
LABELS = ["Vis", "Vis", "DMN", "DMN", "SomMot", "SomMot"]


def _state():
    return Record(dynamics=Record(w=MapParameter(0.5, MAPS, lower_bound=0.0, upper_bound=1.0, names=["myelin", "fcgrad"]),
                                  J=NetworkParameter(0.5, LABELS, lower_bound=0.0, upper_bound=1.0), a=0.27))


def test_pickle_round_trip():
    st = _state()
    back = pickle.loads(pickle.dumps(st))
    assert isinstance(back.dynamics.w, MapParameter) and isinstance(back.dynamics.J, NetworkParameter)
    np.testing.assert_array_equal(back.dynamics.w.value, st.dynamics.w.value)
    np.testing.assert_array_equal(back.dynamics.J.value, st.dynamics.J.value)
    assert jax.tree_util.tree_structure(back) == jax.tree_util.tree_structure(st)
    assert len(jax.tree_util.tree_leaves(partition(back)[0])) == 3 + 3   # raw base, 2 coefficients; 3 labels


def test_unpickled_in_another_process_has_the_same_structure(tmp_path):
    "The static maps are hashed by content; a new process (other string hash seed) must see equal structures."
    path = tmp_path / "state.pkl"
    path.write_bytes(pickle.dumps(_state()))
    code = ("import pickle, sys, jax; sys.path.insert(0, %r); from test_heterogeneity import _state; "
            "st = pickle.load(open(%r, 'rb')); fresh = _state(); "
            "assert jax.tree_util.tree_structure(st) == jax.tree_util.tree_structure(fresh); "
            "assert hash(st.dynamics.w.maps) == hash(fresh.dynamics.w.maps); print('ok')") % (str(__import__('pathlib').Path(__file__).parent), str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONHASHSEED": "123", "JAX_PLATFORMS": "cpu"})
    assert out.stdout.strip() == "ok", out.stderr


def test_optimizer_recovers_map_coefficients_and_network_values(tmp_path):
    "A deterministic loss of the state's values; the true numbers are known, and the fit must find them."
    c_true, base_true, J_true = np.array([0.7, -0.4]), 0.3, {"DMN": 0.8, "SomMot": 0.5, "Vis": 0.2}
    w_target = expit(logit(base_true) + c_true @ MAPS)
    J_target = np.array([J_true[l] for l in LABELS])
    def loss(st):
        p = values(st).dynamics
        return jnp.sum((p.w - w_target) ** 2) + jnp.sum((p.J - J_target) ** 2)
    opt = OptaxOptimizer(loss, optax.adam(0.05), progress=False, checkpoint_dir=tmp_path, checkpoint_every=50)
    fitted, data = opt.run(_state(), max_steps=400)
    w, J = fitted.dynamics.w, fitted.dynamics.J
    np.testing.assert_allclose(np.array(w.coefficients), c_true, atol=2e-3)
    np.testing.assert_allclose(float(w.base), base_true, atol=2e-3)
    np.testing.assert_allclose([float(v) for v in J.per_label.values()], [J_true[l] for l in J.labels], atol=2e-3)
    assert w.names == ("myelin", "fcgrad") and data["loss"][-1] < 1e-6 < data["loss"][0]
    resumed, data2 = opt.run(_state(), max_steps=410, resume=True)   # from the pickled checkpoint at step 400
    assert data2["steps"] == 410 and isinstance(resumed.dynamics.w, MapParameter)
    np.testing.assert_allclose(np.array(resumed.dynamics.w.coefficients), c_true, atol=2e-3)


def test_tiny_simulation_recovers_a_map_coefficient():
    "Noise-free four-region network: fit w's map coefficient to the time course made with the true coefficient."
    W4 = np.array([[0, 1, 0, 2], [1, 0, 3, 0], [0, 3, 0, 1], [2, 0, 1, 0]], float) / 3
    one_map = np.array([-1.5, -0.5, 0.5, 1.5])
    model, state = prepare(Network(ReducedWongWang(I_o=0.32), FastLinearCoupling("S", G=0.5), DenseGraph(W4)), t1=300.0, dt=1.0)
    state.dynamics.w = MapParameter(0.6, one_map, coefficients=[0.8], lower_bound=0.0, upper_bound=1.0)
    target = model(state).data[::10, 0]
    state.dynamics.w = MapParameter(0.6, one_map, lower_bound=0.0, upper_bound=1.0)   # coefficient starts at 0
    loss = lambda st: 1e4 * jnp.mean((model(st).data[::10, 0] - target) ** 2)
    fitted, data = OptaxOptimizer(loss, optax.adam(0.05), progress=False).run(state, max_steps=150)
    np.testing.assert_allclose(float(fitted.dynamics.w.coefficients[0]), 0.8, atol=5e-3)
    np.testing.assert_allclose(float(fitted.dynamics.w.base), 0.6, atol=5e-3)
    assert data["loss"][-1] < 1e-3 * data["loss"][0]
