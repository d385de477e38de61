"""rww_opt's half of the simulation benchmark: the seed's forward run and a gradient through it.

    .venv/bin/python bench/ours_simulation.py --what forward|grad [--x64|--x32] --repeats 3

Same network, call sequence and loss as bench/ref_tvboptim.py (the reference package's half):
dk_average (84 regions, weights / max), RWW w=0.5 I_o=0.32 S0=0.3, FastLinearCoupling G=0.5,
noise sigma=0.00283, Heun, t1=120 s, dt=4 ms (30,000 steps); an untimed transient run, then
`update_history` and a second `prepare`. `grad` is the jitted gradient of
L = mean(S**2) with respect to (G, w); `grad_fc` the gradient of the seed's loss (BOLD with
the transient as history, FC without 20 samples, rmse to the empirical FC); `bold` times
the BOLD monitor and FC alone on a stored run. Prints one line of JSON.
"""
import argparse
import time

from _halves import add_precision, dtype_name, emit, force_host_devices, timed_calls, timing_fields

force_host_devices(2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--what", choices=["forward", "grad", "grad_fc", "bold"], required=True)
    add_precision(ap)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    import jax
    jax.config.update("jax_enable_x64", args.x64)
    import jax.numpy as jnp
    import numpy as np
    from rww_opt.bold import Bold
    from rww_opt.data import load_functional_connectivity, load_structural_connectivity
    from rww_opt.observations import compute_fc, rmse
    from rww_opt.dynamics import ReducedWongWang
    from rww_opt.network import AdditiveNoise, DenseGraph, FastLinearCoupling, Network
    from rww_opt.solve import Heun, prepare

    weights, lengths, labels = load_structural_connectivity("dk_average")
    network = Network(ReducedWongWang(w=0.5, I_o=0.32, INITIAL_STATE=(0.3,)),
                      {"instant": FastLinearCoupling(local_states=["S"], G=0.5)},
                      DenseGraph(weights / weights.max(), region_labels=labels),
                      AdditiveNoise(sigma=0.00283, apply_to="S"))
    model, state = prepare(network, Heun(), t1=120_000, dt=4.0)
    t = time.perf_counter(); result_init = jax.block_until_ready(model(state)); transient_s = time.perf_counter() - t
    network.update_history(result_init)
    model, state = prepare(network, Heun(), t1=120_000, dt=4.0)

    extra = {}
    bold_monitor = Bold(period=1000.0, downsample_period=4.0, voi=0, history=result_init)
    fc_target = jnp.asarray(load_functional_connectivity("dk_average"))
    if args.what == "forward":
        fn, fargs = model, (state,)
    elif args.what == "bold":
        fn, fargs = jax.jit(lambda r: compute_fc(bold_monitor(r), skip_t=20)), (model(state),)
    else:
        def loss(G, w):
            state.coupling.instant.G, state.dynamics.w = G, w
            if args.what == "grad_fc": return rmse(compute_fc(bold_monitor(model(state)), skip_t=20), fc_target)
            return jnp.mean(model(state).data[:, 0, :] ** 2)
        fn = jax.jit(jax.grad(loss, argnums=(0, 1)))
        fargs = (jnp.asarray(0.5), jnp.asarray(0.5))
        mem = fn.lower(*fargs).compile().memory_analysis()
        extra["temp_mb"] = round(mem.temp_size_in_bytes / 2**20, 1)

    compile_s, out, times = timed_calls(fn, fargs, args.repeats)
    if args.what == "forward":
        extra["mean_S"] = float(jnp.mean(out.data))
    elif args.what == "bold":
        pass
    else:
        extra["dG"], extra["dw"] = float(out[0]), float(out[1])
    from importlib.metadata import version
    emit({"package": "rww_opt", "version": version("rww_opt"), "what": args.what, "dtype": dtype_name(args.x64),
          **timing_fields(compile_s, times), "transient_s": round(transient_s, 4), **extra})


if __name__ == "__main__":
    main()
