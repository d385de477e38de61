"""The cost of the noise draw: `rww_opt.solve.normal32` against `jax.random.normal`, which it reproduces bit for bit.

    RWW_OPT_DATA=../shared/data .venv/bin/python bench/noise_draw.py [--repeats 5] [--rounds 6] [--results_dir DIR]

Two measurements, rww_opt only, float32, on this machine's CPU:
1. one block of noise as the solver draws it (250 steps of `fold_in(key, step)`, 2 x 84 normals each),
   both ways, in ns per number;
2. the E-I model's loss on dk_average (the `rww-ei` spec with FIC, 120 s transient, 120 s of BOLD,
   dt 2 ms), run once (one key) and as a batch of 8 noise keys (as a fit's fresh draws and the
   expected-FC scores run), and its gradient with respect to (G, w_p) on one key. Each variant runs in
   a fresh process (`--half old|new`; `old` puts `jax.random.normal` back into the solver before
   anything is compiled); the processes alternate `--rounds` times (each variant first in every other
   round), each reports the median of `--repeats` warm calls, and the table gives the median over the
   rounds (this machine's timings drift by tens of per cent between processes). The losses of both
   ways are printed: they must be equal.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--repeats", type=int, default=5)
ap.add_argument("--rounds", type=int, default=6)
ap.add_argument("--half", choices=["old", "new"], default=None, help="internal: run one variant and print JSON")
ap.add_argument("--results_dir", default=None)
args = ap.parse_args()


def half(which: str, repeats: int) -> dict:
    import jax
    import jax.numpy as jnp
    import numpy as np
    import rww_opt.solve as S
    if which == "old": S.normal32 = lambda key, shape: jax.random.normal(key, shape, jnp.float32)
    from rww_opt.data import load_functional_connectivity, load_structural_connectivity
    from rww_opt.workflow import build_problem

    def median_s(fn, *a):
        jax.block_until_ready(fn(*a))
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter(); jax.block_until_ready(fn(*a)); times.append(time.perf_counter() - t0)
        return float(np.median(times))

    key, B, n = jax.random.key(3), 250, 84
    block = jax.jit(lambda b: jax.vmap(lambda i: S.normal32(jax.random.fold_in(key, i), (2, n)))(b * B + jnp.arange(B)))
    per_number_ns = median_s(block, 7) / (B * 2 * n) * 1e9

    w, _, _ = load_structural_connectivity("dk_average")
    pb = build_problem(w / w.max(), load_functional_connectivity("dk_average"), model="rww-ei",
                       duration=120.0, transient=120.0, skip=20.0)
    keys = jax.random.split(jax.random.key(11), 8)

    def loss(x, k):
        st = jax.tree_util.tree_map(lambda a: a, pb.state)
        st.coupling.instant.G, st.dynamics.w_p, st.noise.key = x[0], x[1], k
        return pb.loss(st)
    x = jnp.array([0.35, 1.3])
    one, eight = jax.jit(loss), jax.jit(lambda x: jax.vmap(lambda k: loss(x, k))(keys))
    grad = jax.jit(jax.value_and_grad(loss))
    return dict(half=which, ns_per_number=round(per_number_ns, 3), run_s=median_s(one, x, keys[0]),
                run8_s=median_s(eight, x), grad_s=median_s(grad, x, keys[0]),
                loss=float(one(x, keys[0])), loss8=[float(v) for v in eight(x)])


if args.half:
    print(json.dumps(half(args.half, args.repeats)))
    sys.exit()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from _results import save

got = {"old": [], "new": []}
for r in range(args.rounds):
    for which in (["old", "new"] if r % 2 == 0 else ["new", "old"]):   # each goes first in every other round
        out = subprocess.run([sys.executable, __file__, "--half", which, "--repeats", str(args.repeats)],
                             capture_output=True, text=True)
        if out.returncode: sys.exit(f"the {which} half failed:\n{out.stderr[-4000:]}")
        got[which].append(json.loads(out.stdout.strip().splitlines()[-1]))
rows = []
print(f"{'measurement':32s} {'jax.random.normal':>18s} {'normal32':>10s}  ratio")
for field, what in [("ns_per_number", "one block's draw (ns/number)"), ("run_s", "E-I run, one key (s)"),
                    ("run8_s", "E-I run, 8 keys batched (s)"), ("grad_s", "E-I gradient, one key (s)")]:
    old = float(np.median([r[field] for r in got["old"]])); new = float(np.median([r[field] for r in got["new"]]))
    rows.append(dict(what=field, unit="ns" if field == "ns_per_number" else "s", jax_random_normal=old, normal32=new,
                     speedup=old / new, all_old=[r[field] for r in got["old"]], all_new=[r[field] for r in got["new"]]))
    print(f"{what:32s} {old:18.3f} {new:10.3f}  {old / new:.2f}x")
same = all(r["loss"] == got["old"][0]["loss"] and r["loss8"] == got["old"][0]["loss8"] for r in got["old"] + got["new"])
print(f"losses equal both ways: {same} (one key {got['new'][0]['loss']:.7f})")
save("noise_draw", rows, args.results_dir, losses_equal=same, rounds=args.rounds, repeats=args.repeats,
     note="the median over rounds of each round's median; every round's median under all_old / all_new")
