"""The seed's network and loss built with the reference package (tvboptim), shared by its benchmark halves.

Run only with bench/.venv-ref/bin/python. Network exactly as in the seed: dk_average (84 regions,
weights / max), ReducedWongWang w=0.5 I_o=0.32 S0=0.3, FastLinearCoupling G=0.5, noise sigma=0.00283,
Heun, t1=120 s, dt=4 ms; a transient run, then update_history and a second prepare; BOLD with
the transient as history, FC without 20 samples, rmse to the empirical FC.
"""
from _halves import force_host_devices

force_host_devices(2)   # before jax is imported: the halves importing this module import jax after it


def seed_setup(x64: bool):
    "(model, state, loss) of the seed's workflow, in float64 or float32."
    import jax
    jax.config.update("jax_enable_x64", x64)
    import numpy as np
    from tvboptim.data import load_functional_connectivity, load_structural_connectivity
    from tvboptim.experimental.network_dynamics import Network, prepare
    from tvboptim.experimental.network_dynamics.coupling import FastLinearCoupling
    from tvboptim.experimental.network_dynamics.dynamics.tvb import ReducedWongWang
    from tvboptim.experimental.network_dynamics.graph import DenseGraph
    from tvboptim.experimental.network_dynamics.noise import AdditiveNoise
    from tvboptim.experimental.network_dynamics.solvers import Heun
    from tvboptim.observations.observation import compute_fc, rmse
    from tvboptim.observations.tvb_monitors.bold import Bold

    weights, lengths, labels = load_structural_connectivity(name="dk_average")
    fc_target = load_functional_connectivity(name="dk_average")
    network = Network(dynamics=ReducedWongWang(w=0.5, I_o=0.32, INITIAL_STATE=(0.3,)),
                      coupling={"instant": FastLinearCoupling(local_states=["S"], G=0.5)},
                      graph=DenseGraph(weights / np.max(weights), region_labels=labels),
                      noise=AdditiveNoise(sigma=0.00283, apply_to="S"))
    model, state = prepare(network, Heun(), t1=120_000, dt=4.0)
    result_init = jax.block_until_ready(model(state))
    network.update_history(result_init)
    model, state = prepare(network, Heun(), t1=120_000, dt=4.0)
    bold_monitor = Bold(period=1000.0, downsample_period=4.0, voi=0, history=result_init)

    def loss(st):
        return rmse(compute_fc(bold_monitor(model(st)), skip_t=20), fc_target)
    return model, state, loss


def ei_setup(x64: bool, dt: float, duration: float = 120.0, transient: float = 120.0, skip: float = 20.0,
             block_size=None):
    """(model, state, loss) of the E-I benchmark with the reference package, in float64 or float32.

    WongWangExcInh with its defaults and J_i fixed at 1.0 (no FIC), G=0.5 (its dynamics' G: the
    coupling's G is 1, see bench/check_ei_equivalence.py), initial state (0.165, 0.04) as rww_opt's;
    dk_average (weights / max); noise sigma 0.003 on S_e and S_i; Heun at `dt` ms with S_e, S_i
    clipped to [0, 1] as rww_opt does (BoundedSolver); a `transient` s run, update_history, then
    `duration` s; HRF BOLD (first-order Volterra kernel, 4 ms averaging, TR 1 s) with the
    transient as history; FC without `skip` s; rmse to the empirical FC. `block_size`: the
    solver's checkpointing block (None: its default, one scan).
    """
    import warnings
    warnings.simplefilter("ignore", DeprecationWarning)
    import jax
    jax.config.update("jax_enable_x64", x64)
    import numpy as np
    from tvboptim.data import load_functional_connectivity, load_structural_connectivity
    from tvboptim.experimental.network_dynamics import Network, prepare
    from tvboptim.experimental.network_dynamics.coupling import LinearCoupling
    from tvboptim.experimental.network_dynamics.dynamics.tvb.wong_wang_exc_inh import WongWangExcInh
    from tvboptim.experimental.network_dynamics.graph import DenseGraph
    from tvboptim.experimental.network_dynamics.noise import AdditiveNoise
    from tvboptim.experimental.network_dynamics.solvers import BoundedSolver, Heun
    from tvboptim.observations.observation import compute_fc, rmse
    from tvboptim.observations.tvb_monitors.bold import FirstOrderVolterraHRFKernel, HRFBold

    weights, lengths, labels = load_structural_connectivity(name="dk_average")
    fc_target = load_functional_connectivity(name="dk_average")
    network = Network(dynamics=WongWangExcInh(G=0.5, J_i=1.0, INITIAL_STATE=(0.165, 0.04)),
                      coupling={"instant": LinearCoupling(incoming_states="S_e", G=1.0)},
                      graph=DenseGraph(weights / np.max(weights), region_labels=labels),
                      noise=AdditiveNoise(sigma=0.003, apply_to=["S_e", "S_i"]))
    solver = BoundedSolver(Heun(block_size=block_size), low=0.0, high=1.0)
    model, state = prepare(network, solver, t1=transient * 1000.0, dt=dt)
    result_init = jax.block_until_ready(model(state))
    network.update_history(result_init)
    model, state = prepare(network, solver, t1=duration * 1000.0, dt=dt)
    bold_monitor = HRFBold(period=1000.0, downsample_period=4.0, voi=0, kernel=FirstOrderVolterraHRFKernel(),
                           history=result_init)
    skip_t = int(round(skip))   # BOLD samples at TR 1 s

    def loss(st):
        return rmse(compute_fc(bold_monitor(model(st)), skip_t=skip_t), fc_target)
    return model, state, loss
