"Test set-up: CPU devices for parallel sweeps and the example data, both before JAX or rww_opt load."
import os
from pathlib import Path

# JAX reads XLA_FLAGS once, at import: two host devices let pmap/shard_map tests run on a CPU. Eigen's matrix products
# single-threaded: the three workers (and the commands they start) already share two cores, and the tests' small
# products gained nothing from a thread pool that competes with the other workers (two notebook tests alone: 93 s of
# wall time and 124 s of CPU with it, 82 s and 108 s without). A thread setting only: the programs are the same.
# LLVM at -O1, as `rww-opt` sets it for itself on a CPU (see the cli notebook): compilation is about half of the suite's
# time, and -O1 compiled the E-I loss 35 % and its gradient 20-25 % faster, with programs that ran as fast. And
# XLA:CPU's older fusion emitters, for the tests only: they compiled the E-I loss and its gradient another 25-30 % faster
# and ran them 10-40 % slower, which the tests' short runs gain from (alone, empty cache: 10_optim 46.4 s -> 34.6 s, the
# default-command test 55.6 s -> 49.7 s, the trust tutorial 92.5 s -> 92.1 s); `rww-opt` and the library keep XLA's
# default emitters.
os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=2 --xla_cpu_multi_thread_eigen=false "
                                   "--xla_backend_optimization_level=1 --xla_cpu_use_fusion_emitters=false")
# The tutorial runs at its small size in the tests (its saved outputs come from a full-size run).
os.environ.setdefault("RWW_OPT_TUTORIAL", "small")

ROOT = Path(__file__).resolve().parents[1]
# One persistent XLA compilation cache for the run, in the clone (so a clean clone starts empty), shared with the
# subprocesses the tests start: a simulation that several notebooks, tests and commands compile is compiled once. Every
# program is kept, however quick to compile: the small ones (one per array operation run outside a compiled function,
# 10-50 ms each) were compiled again in every worker and command. Keeping them all took the suite from 698 s to 657 s
# (3,600 entries, 230 MB, in the clone).
os.environ.setdefault("JAX_COMPILATION_CACHE_DIR", str(ROOT / ".xla_cache"))
os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")
_shared = ROOT.parent / "shared" / "data"
if os.environ.get("RWW_OPT_DATA"):
    # notebooks run in nbs/, so a path relative to where pytest started must become absolute
    os.environ["RWW_OPT_DATA"] = str(Path(os.environ["RWW_OPT_DATA"]).expanduser().resolve())
elif _shared.is_dir():
    os.environ["RWW_OPT_DATA"] = str(_shared)


# Longest first. pytest-xdist hands tests to its workers in collection order, so a long test collected last (the
# tutorials sort last) can leave the other workers idle for minutes at the end of the run. The list comes from the
# `--durations` table CI prints; a test missing from it only runs later, never differently.
LONG_FIRST = ("tutorials/generalising_fits", "tutorials/trust", "test_cli_hcp.py", "11_cli", "10c_trust", "test_default_command.py",
              "05_observations", "tutorials/ei_fic", "10_optim", "tutorials/rww_fc_fit", "01b_excinh", "10b_workflow", "test_colab_cell.py")


def pytest_collection_modifyitems(config, items):
    rank = lambda item: next((k for k, name in enumerate(LONG_FIRST) if name in item.nodeid), len(LONG_FIRST))
    items.sort(key=rank)   # stable: the rest keep their order
