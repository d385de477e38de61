"""Reference timing of the seed RWW workflow with the `tvboptim` package.

Run ONLY with the isolated reference environment (tvboptim is never a
dependency of rww_opt):

    bench/setup_ref_env.sh
    bench/.venv-ref/bin/python bench/ref_tvboptim.py --what forward --x64 --repeats 3

One measurement per process (so ``peak_rss_mb`` is per measurement). Prints
exactly one line of JSON at the end.

What is measured (network built exactly as in the seed notebook
/work/shared/reference/seed_RWW.qmd: dk_average 84 regions, weights / max,
no delays, FastLinearCoupling G=0.5, ReducedWongWang w=0.5 I_o=0.32 S0=0.3,
AdditiveNoise sigma=0.00283 on S, Heun, t1=120_000 ms, dt=4 ms -> 30,000 steps;
as in the seed, one untimed transient run is followed by
``network.update_history`` and a second ``prepare``):

* ``forward``     ``model(state)`` called exactly as in the seed (``prepare``
                  returns an un-jitted function; the scan inside is compiled
                  by JAX on first use), result blocked on.
* ``forward_jit`` ``jax.jit(model)(state)``, result blocked on.
* ``grad``        jitted ``jax.grad`` of ``L = mean(result.data[:, 0, :]**2)``
                  w.r.t. the two ``Parameter`` leaves G and w, partitioned the
                  way ``tvboptim.optim.optax.OptaxOptimizer`` does it
                  (``partition_state`` -> grad w.r.t. ``diff_state``).
* ``grad_fc``     same, for the seed's real loss: Bold(period=1000,
                  downsample_period=4, voi=0, history=transient) ->
                  compute_fc(skip_t=20) -> rmse against the empirical FC.

``compile_s`` is the wall time of the first call (trace + compile + one run;
for ``forward`` that is the seed's transient call, the first ``model(state)``
of the process, since later un-jitted calls reuse its compiled scan);
``median_s`` is the median of ``--repeats`` further calls.
"""

import argparse
import time
from importlib.metadata import version

from _halves import add_precision, dtype_name, emit, force_host_devices, timed_calls, timing_fields

# Must happen before jax is imported (the seed sets this too, with N=8).
force_host_devices(2)

WHATS = ("forward", "forward_jit", "grad", "grad_fc")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--what", choices=WHATS, required=True)
    add_precision(p)
    p.add_argument("--repeats", type=int, default=3)
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)

    import jax

    jax.config.update("jax_enable_x64", bool(args.x64))

    import jax.numpy as jnp
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
    from tvboptim.types import Parameter
    from tvboptim.types.stateutils import combine_state, partition_state

    # ---- data (tvboptim's bundled copy; identical to /work/shared/data/dk_average) ----
    weights, lengths, region_labels = load_structural_connectivity(name="dk_average")
    weights = weights / np.max(weights)
    fc_target = load_functional_connectivity(name="dk_average")

    # ---- network, exactly as in the seed ----
    graph = DenseGraph(weights, region_labels=region_labels)
    dynamics = ReducedWongWang(w=0.5, I_o=0.32, INITIAL_STATE=(0.3,))
    coupling = FastLinearCoupling(local_states=["S"], G=0.5)
    noise = AdditiveNoise(sigma=0.00283, apply_to="S")
    network = Network(
        dynamics=dynamics, coupling={"instant": coupling}, graph=graph, noise=noise
    )
    t1, dt = 120_000, 4.0
    model, state = prepare(network, Heun(), t1=t1, dt=dt)
    # Seed: transient run, then restart from its final state (untimed here).
    t = time.perf_counter()
    result_init = jax.block_until_ready(model(state))
    transient_s = time.perf_counter() - t
    network.update_history(result_init)
    model, state = prepare(network, Heun(), t1=t1, dt=dt)

    extra = {}
    if args.what == "forward":
        fn, fargs = model, (state,)
    elif args.what == "forward_jit":
        fn, fargs = jax.jit(model), (state,)
    else:
        # Mark parameters as in the seed, then differentiate the way
        # OptaxOptimizer does: partition_state -> d loss / d diff_state.
        state.coupling.instant.G = Parameter(state.coupling.instant.G)
        state.dynamics.w = Parameter(state.dynamics.w)
        diff_state, static_state = partition_state(state)

        if args.what == "grad":
            def loss(st):
                result = model(st)
                return jnp.mean(result.data[:, 0, :] ** 2)
        else:
            bold_monitor = Bold(period=1000.0, downsample_period=4.0, voi=0,
                                history=result_init)

            def loss(st):
                result = model(st)
                bold = bold_monitor(result)
                fc = compute_fc(bold, skip_t=20)
                return rmse(fc, fc_target)

        def _loss(diff_state, static_state):
            return loss(combine_state(diff_state, static_state))

        fn = jax.jit(jax.grad(_loss, argnums=0))
        fargs = (diff_state, static_state)
        # XLA's own account of the gradient's scratch memory (comparable across packages)
        mem = fn.lower(*fargs).compile().memory_analysis()
        extra["temp_mb"] = round(mem.temp_size_in_bytes / 2**20, 1)

    compile_s, out, times = timed_calls(fn, fargs, args.repeats)
    if args.what == "forward":
        # The un-jitted model's scan was already compiled (and cached) by the
        # transient run, which is the real first call of model(state) in this
        # process: report that as the compile (first-call) time.
        compile_s = transient_s

    if args.what.startswith("forward"):
        extra["data_shape"] = list(out.data.shape)
        extra["mean_S"] = float(jnp.mean(out.data[:, 0, :]))
    else:
        extra["loss"] = float(jax.jit(_loss)(*fargs))
        extra["dG"] = float(np.asarray(out.coupling.instant.G.value))
        extra["dw"] = float(np.asarray(out.dynamics.w.value))

    rec = {
        "package": "tvboptim",
        "version": version("tvboptim"),
        "what": args.what,
        "dtype": dtype_name(args.x64),
        **timing_fields(compile_s, times),   # compile_s, median_s, times_s, peak_rss_mb
        "n_steps": int(round(t1 / dt)),
        "jax_version": jax.__version__,
        "transient_s": round(transient_s, 4),
        **extra,
    }
    emit(rec)


if __name__ == "__main__":
    main()
