"""The seed's network and loss built with rww_opt, in two spellings, shared by rww_opt's benchmark halves.

- `monitor`: `rww_opt.workflow.build_problem(weights, fc_target)` with its defaults (model "rww",
  120 s transient, 120 s of BOLD at TR 1 s, dt 4 ms, rmse loss), what `rww-opt fit` runs: the
  BOLD monitor is handed to `prepare`, so it is folded into every run.
- `seed`: the seed's notebook (seed_RWW.qmd) line by line, with rww_opt's names: `prepare`, a
  transient `result_init = model(state)`, `network.update_history(result_init)`, `prepare`
  again, `Bold(period=1000.0, downsample_period=4.0, voi=0, history=result_init)`, and
  `loss(state) = rmse(compute_fc(bold_monitor(model(state)), skip_t=20), fc_target)`; here the
  monitor is folded in only because `model(state)` returns a lazy result.
Both use noise seed 0, so both give the same losses. Set JAX's precision before calling.
"""


def seed_setup(form: str):
    "(state, loss) of the seed's workflow in the spelling `form` ('seed' or 'monitor')."
    import jax
    import numpy as np
    from rww_opt.bold import Bold
    from rww_opt.data import load_functional_connectivity, load_structural_connectivity
    from rww_opt.dynamics import ReducedWongWang
    from rww_opt.network import AdditiveNoise, DenseGraph, FastLinearCoupling, Network
    from rww_opt.observations import compute_fc, rmse
    from rww_opt.solve import Heun, prepare
    from rww_opt.workflow import build_problem

    weights, lengths, region_labels = load_structural_connectivity(name="dk_average")
    weights = weights / np.max(weights)
    fc_target = load_functional_connectivity(name="dk_average")
    if form == "monitor":
        problem = build_problem(weights, fc_target, model="rww")
        return problem.state, problem.loss
    if form != "seed": raise ValueError(f"form must be 'seed' or 'monitor', got form={form!r}")

    network = Network(dynamics=ReducedWongWang(w=0.5, I_o=0.32, INITIAL_STATE=(0.3,)),
                      coupling={"instant": FastLinearCoupling(local_states=["S"], G=0.5)},
                      graph=DenseGraph(weights, region_labels=region_labels),
                      noise=AdditiveNoise(sigma=0.00283, apply_to="S"))
    t1, dt = 120_000, 4.0
    model, state = prepare(network, Heun(), t1=t1, dt=dt)
    result_init = model(state)
    network.update_history(result_init)
    model, state = prepare(network, Heun(), t1=t1, dt=dt)
    bold_monitor = Bold(period=1000.0, downsample_period=4.0, voi=0, history=result_init)

    def observation(state):
        result = model(state)
        bold = bold_monitor(result)
        return compute_fc(bold, skip_t=20)

    def loss(state):
        return rmse(observation(state), fc_target)
    return state, loss
