"""The seed's network and loss built with the reference package (tvboptim), shared by its benchmark halves.

Run only with bench/.venv-ref/bin/python. Network exactly as in the seed: dk_average (84 regions,
weights / max), ReducedWongWang w=0.5 I_o=0.32 S0=0.3, FastLinearCoupling G=0.5, noise sigma=0.00283,
Heun, t1=120 s, dt=4 ms; a transient run, then update_history and a second prepare; BOLD with
the transient as history, FC without 20 samples, rmse to the empirical FC.
"""
import os

_flag = "--xla_force_host_platform_device_count=2"
if _flag not in os.environ.get("XLA_FLAGS", ""):
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " " + _flag).strip()


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
