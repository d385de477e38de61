"""What the two halves of a benchmark share: rww_opt's (ours_*.py) and the reference package's (ref_tvboptim*.py).

Each half runs as `python bench/NAME.py` in its own environment (ours in .venv, the reference in
bench/.venv-ref, which has tvboptim but not rww_opt), so this module is imported by path (Python puts
bench/ first on sys.path) and uses only the standard library at import time; JAX is imported inside
the functions that need it, after the half has set its precision. The protocol with the drivers
(bench/_results.py `measure`): a half prints one line of JSON, last.
"""
import json
import os
import resource
import statistics
import sys
import time

DEVICE_COUNT_FLAG = "--xla_force_host_platform_device_count"


def force_host_devices(n: int = 2):
    "Ask XLA for `n` CPU devices, unless XLA_FLAGS already sets a device count. Call before JAX is imported."
    flags = os.environ.get("XLA_FLAGS", "")
    if DEVICE_COUNT_FLAG not in flags: os.environ["XLA_FLAGS"] = f"{flags} {DEVICE_COUNT_FLAG}={n}".strip()


def add_precision(ap):
    "Add the halves' `--x64` (default) / `--x32` switch to the argparse parser `ap` (sets `args.x64`)."
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--x64", dest="x64", action="store_true", default=True, help="float64 (default, as in the seed)")
    g.add_argument("--x32", dest="x64", action="store_false", help="float32")
    return ap


def dtype_name(x64: bool) -> str: return "float64" if x64 else "float32"


def peak_rss_mb() -> float:
    "Peak resident memory of this process so far, in MiB (ru_maxrss is in KiB on Linux)."
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed_calls(fn, args: tuple, repeats: int):
    "(seconds of the first call `fn(*args)`, its output, seconds of each of `repeats` further calls), each blocked on."
    import jax

    def call():
        t = time.perf_counter(); out = jax.block_until_ready(fn(*args)); return time.perf_counter() - t, out
    first_s, out = call()
    return first_s, out, [call()[0] for _ in range(repeats)]


def timing_fields(compile_s: float, times: list) -> dict:
    "The fields compile_s, median_s (of `times`), times_s and peak_rss_mb of a timing record, in that order."
    return {"compile_s": round(compile_s, 4), "median_s": round(statistics.median(times), 4) if times else None,
            "times_s": [round(t, 4) for t in times], "peak_rss_mb": peak_rss_mb()}


def marginal_step(run, short: int, long: int):
    """Time `run(short)` and `run(long)` (each a fresh optimiser run of that many steps, returning its result).

    Returns ({short_s, long_s, step_s}, the long run's result); step_s = (long - short) / (extra steps).
    One untimed run of `short` steps comes first: a package that keeps its compiled step between runs would
    otherwise pay compilation in the short run only, and the difference would come out too small (even negative).
    """
    def timed(steps):
        t = time.perf_counter(); out = run(steps); return time.perf_counter() - t, out
    timed(short)   # warm-up: compilation, in whichever run a package pays it
    t_short, _ = timed(short)
    t_long, out = timed(long)
    return {"short_s": round(t_short, 3), "long_s": round(t_long, 3),
            "step_s": round((t_long - t_short) / (long - short), 4)}, out


def first_and_warm(run):
    "Run a sweep twice: (seconds of the first run, compilation included, seconds of the warm run, its results stacked)."
    import jax.numpy as jnp
    t = time.perf_counter(); jnp.stack(list(run())); first_s = time.perf_counter() - t
    t = time.perf_counter(); res = jnp.stack(list(run())); warm_s = time.perf_counter() - t
    return first_s, warm_s, res


def emit(record: dict):
    "Print `record` as the one line of JSON the driver reads (the last line of the output)."
    print(json.dumps(record))
    sys.stdout.flush()
