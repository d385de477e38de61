"""CMA-ES search throughput: simulations per second while `cmaes_search` runs each generation as one batched sweep.

Two problems as `rww-opt fit` builds them: the E-I model with FIC on the HCP Schaefer-100 group connectome
(100 regions, dt 2 ms, TR 0.72 s) searching G and one value of each of the model's two regional parameters per Yeo network (15 parameters;
w_p and J_N by default, w_p and w_ei when results/search.json was measured: the cost of a simulation is the same), and
the one-population model on dk_average (84 regions, dt 4 ms) searching (w, G). 120 s of BOLD per simulation after a
120 s transient, float32 as on the command line. The first generation compiles; the timed search reuses it.

    RWW_OPT_DATA=../shared/data python bench/bench_search.py [--popsize 32 128] [--generations 5] [--out DIR]

Prints one line per problem and population, and writes bench/results/search.json (or DIR/search.json).
"""
import argparse
import os
import sys
import time

os.environ.setdefault("XLA_FLAGS", f"--xla_force_host_platform_device_count={os.cpu_count() or 1}")   # CPU only
sys.path.insert(0, os.path.dirname(__file__))

import jax  # noqa: E402

from _results import save  # noqa: E402
from rww_opt.data import (load_functional_connectivity, load_networks, load_structural_connectivity,  # noqa: E402
                          scale_connectome)
from rww_opt.optim import cmaes_search  # noqa: E402
from rww_opt.workflow import build_problem, fit_global, global_state, regional_state  # noqa: E402


def problems():
    "(name, problem, marked state) of each benchmarked search."
    w, _, _ = load_structural_connectivity("hcp_schaefer100", group="train706")
    fc = load_functional_connectivity("hcp_schaefer100", group="train706")
    hcp = build_problem(scale_connectome(w, "mean"), fc, "rww-ei", tr=720.0, loss="corr")
    yeo = load_networks("hcp_schaefer100")[0]
    flat = fit_global(hcp, {"coupling.instant.G": 0.5, "dynamics.w_p": 1.4}, steps=1, progress=False)[0]
    yield "hcp-ei-networks (15 parameters)", hcp, regional_state(hcp, flat, "networks", labels=yeo, free_global=True)
    w, _, _ = load_structural_connectivity("dk_average")
    dk = build_problem(scale_connectome(w, "max"), load_functional_connectivity("dk_average"), "rww")
    yield "dk-rww-global (2 parameters)", dk, global_state(dk, {"dynamics.w": 0.5, "coupling.instant.G": 0.5})


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--popsize", type=int, nargs="+", default=[32, 128])
    p.add_argument("--generations", type=int, default=5)
    p.add_argument("--out", help="folder for search.json (default bench/results)")
    args = p.parse_args()
    rows = []
    for name, problem, state in problems():
        for pop in args.popsize:
            cmaes_search(problem.loss, state, generations=1, popsize=pop, progress=False)   # compiles
            t0 = time.perf_counter()
            _, data = cmaes_search(problem.loss, state, generations=args.generations, popsize=pop, progress=False)
            sec = time.perf_counter() - t0
            rows.append(dict(problem=name, popsize=pop, generations=args.generations, simulations=data["simulations"],
                             seconds=round(sec, 2), simulations_per_second=round(data["simulations"] / sec, 2)))
            print(f"{name:32s} population {pop:4d}: {data['simulations']} simulations in {sec:6.1f} s "
                  f"= {data['simulations'] / sec:7.1f} per second ({jax.devices()[0].platform}, {jax.device_count()} devices)", flush=True)
    save("search", rows, args.out, backend=jax.devices()[0].platform, devices=jax.device_count())


if __name__ == "__main__":
    main()
