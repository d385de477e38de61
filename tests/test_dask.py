"""DaskExecution on a LocalCluster of two worker processes, with one worker killed mid-sweep.

The killed worker's batches are re-run elsewhere by Dask; the results must equal a
sequential run point for point: none lost, none counted twice.
"""
import copy
import os
import signal
import threading
import time

import jax
import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

from rww_opt.dynamics import ReducedWongWang
from rww_opt.execution import DaskExecution, SequentialExecution
from rww_opt.network import AdditiveNoise, DenseGraph, FastLinearCoupling, Network
from rww_opt.solve import Heun, prepare
from rww_opt.spaces import GridAxis, Space


def _kill_a_busy_worker(client, stop):
    "Wait until a worker is running a task, then SIGKILL its process (its nanny starts a new one)."
    pids = client.run(os.getpid)   # worker address -> process id
    while not stop.is_set():
        busy = [w for w, tasks in client.processing().items() if tasks and w in pids]
        if busy:
            time.sleep(0.5)
            os.kill(pids[busy[0]], signal.SIGKILL)
            return busy[0]
        time.sleep(0.05)


def test_dask_survives_a_killed_worker():
    W4 = np.array([[0, 1, 0, 2], [1, 0, 3, 0], [0, 3, 0, 1], [2, 0, 1, 0]], float) / 3
    net = Network(ReducedWongWang(w=0.5, I_o=0.32), FastLinearCoupling("S", G=0.5), DenseGraph(W4),
                  AdditiveNoise(0.01, "S"))
    with jax.enable_x64(True):
        model, state = prepare(net, Heun(), t1=40_000.0, dt=1.0)   # 40,000 steps: each batch takes a while

        def summary(st):
            S = model(st).data
            return S.mean(), S.std()

        grid_state = copy.deepcopy(state)
        grid_state.coupling.instant.G = GridAxis(0.0, 1.0, 12)
        grid = Space(grid_state)
        expected = np.array(SequentialExecution(summary, grid, progress=False).run())

        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True)
        client = distributed.Client(cluster)
        stop = threading.Event()
        killed = []
        killer = threading.Thread(target=lambda: killed.append(_kill_a_busy_worker(client, stop)))
        killer.start()
        try:
            got = DaskExecution(summary, grid, client=client, batch_size=2, progress=False).run()
        finally:
            stop.set(); killer.join(); client.close(); cluster.close()
    assert killed and killed[0] is not None, "no worker was killed during the sweep"
    assert len(got) == len(grid) == 12
    np.testing.assert_allclose(np.array(got), expected, rtol=0, atol=1e-12)
