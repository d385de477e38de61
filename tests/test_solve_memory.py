"Gradients through long runs: checkpointed blocks must need a small fraction of the plain scan's memory."
import jax
import jax.numpy as jnp
import numpy as np

from rww_opt.data import load_structural_connectivity
from rww_opt.dynamics import ReducedWongWang
from rww_opt.network import AdditiveNoise, DenseGraph, FastLinearCoupling, Network
from rww_opt.solve import Heun, prepare


def _grad_scratch_bytes(checkpoint: bool) -> int:
    w, _, _ = load_structural_connectivity()
    net = Network(ReducedWongWang(w=0.5, I_o=0.32), FastLinearCoupling("S", G=0.5), DenseGraph(w / w.max()),
                  AdditiveNoise(0.00283, "S"))
    model, state = prepare(net, Heun(), t1=120_000.0, dt=4.0, checkpoint=checkpoint)

    def loss(G):
        state.coupling.instant.G = G
        return jnp.mean(model(state).data ** 2)
    compiled = jax.jit(jax.grad(loss)).lower(jnp.asarray(0.5)).compile()
    return compiled.memory_analysis().temp_size_in_bytes


def test_checkpointed_gradient_memory_is_a_fraction():
    with_ckpt, without = _grad_scratch_bytes(True), _grad_scratch_bytes(False)
    # the plain scan keeps residuals of all 30,000 steps; blocks keep one state per block
    assert without > 30_000 * 84 * 4, without
    assert with_ckpt < without / 4, (with_ckpt, without)
