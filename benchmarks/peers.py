"""The peers: torch.optim + autograd, jax.jit of the same step, and a hand-fused numba loop (the ceiling).

Each runner takes a case, an optimizer name, its learning rate and the start points, and returns a
function ``run(steps) -> seconds`` that steps every hiker ``steps`` times doing what the engine's step
does: the gradient, the update, the clamp to the domain, every hiker's altitude, and the bookkeeping a
game needs (a hiker whose position, altitude or slope is not finite falls and stays; the best point
and altitude; the path length; the last move). With ``BARE`` set (``--bare``) the peers skip the
bookkeeping: the plain optimizer loop. Peers that are not installed are reported as None.
"""

from __future__ import annotations

import importlib.util
import math
import os
import time
from collections.abc import Callable

import numpy as np

from .cases import MOMENTUM, Case, cost_fn, data_rows, domain_of, heightmap_table, read_level

Runner = Callable[[int], float]
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8
BARE = {"on": False}  # set by --bare: peers without the bookkeeping


def installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


# --------------------------------------------------------------------------- torch.optim + autograd


def torch_runner(case: Case, opt: str, lr: float, P0: np.ndarray) -> Runner | None:
    if not installed("torch"):
        return None
    import torch

    torch.set_num_threads(1)
    f = cost_fn(case, torch)
    (x0, x1), (y0, y1) = domain_of(case)
    lo = torch.tensor([x0, y0], dtype=torch.float64)
    hi = torch.tensor([x1, y1], dtype=torch.float64)

    def run(steps: int) -> float:
        w = torch.tensor(P0, dtype=torch.float64, requires_grad=True)
        if opt == "adam":
            o = torch.optim.Adam([w], lr=lr)
        else:
            o = torch.optim.SGD([w], lr=lr, momentum=MOMENTUM if opt == "momentum" else 0.0)
        n = len(P0)
        fell = torch.zeros(n, dtype=torch.bool)
        best_c = torch.full((n,), math.inf, dtype=torch.float64)
        best_p, prev, last = torch.zeros_like(w), torch.zeros_like(w), torch.zeros_like(w)
        path = torch.zeros(n, dtype=torch.float64)
        bare = BARE["on"]
        t0 = time.perf_counter()
        for _ in range(steps):
            o.zero_grad()
            cost = f(w[:, 0], w[:, 1])  # every hiker's altitude, as the engine reports it
            cost.sum().backward()
            if not bare:  # the altitude just computed is the last step's: account for it now
                with torch.no_grad():
                    c = cost.detach()
                    fell |= ~torch.isfinite(w.sum(1) + c) | ~torch.isfinite(w.grad.sum(1))
                    better = c < best_c
                    best_c = torch.where(better, c, best_c)
                    best_p = torch.where(better[:, None], w, best_p)
                    prev.copy_(w)
            o.step()
            with torch.no_grad():
                torch.clamp(w, lo, hi, out=w)
                if not bare:
                    w.copy_(torch.where(fell[:, None], prev, w))
                    torch.sub(w, prev, out=last)
                    path += torch.hypot(last[:, 0], last[:, 1])
        return time.perf_counter() - t0

    return run


# --------------------------------------------------------------------------- jax.jit of one step


def _jax():
    os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
    import jax

    jax.config.update("jax_enable_x64", True)
    return jax


def jax_runner(case: Case, opt: str, lr: float, P0: np.ndarray) -> Runner | None:
    if not (installed("jax") and installed("jaxlib")):
        return None
    jax = _jax()
    jnp = jax.numpy
    f = cost_fn(case, jnp)
    (x0, x1), (y0, y1) = domain_of(case)
    lo, hi = jnp.array([x0, y0]), jnp.array([x1, y1])

    def loss(p):
        c = f(p[:, 0], p[:, 1])
        return c.sum(), c

    grad_fn = jax.value_and_grad(loss, has_aux=True)

    def update(p, g, a, b, t):
        if opt == "adam":
            a = BETA1 * a + (1 - BETA1) * g
            b = BETA2 * b + (1 - BETA2) * g * g
            denom = jnp.sqrt(b) / jnp.sqrt(1 - BETA2**t) + EPS
            return jnp.clip(p - (lr / (1 - BETA1**t)) * a / denom, lo, hi), a, b
        if opt == "momentum":
            a = MOMENTUM * a + g  # torch's form: the first buffer is the gradient itself
            return jnp.clip(p - lr * a, lo, hi), a, b
        return jnp.clip(p - lr * g, lo, hi), a, b

    @jax.jit
    def bare_step(s, t):
        p, g, a, b = s
        (_, c), g = grad_fn(p)
        p, a, b = update(p, g, a, b, t)
        return (p, g, a, b), c

    @jax.jit
    def step(s, t):
        # The engine's step: update from the slope carried over, then altitude and slope at the new
        # point, then falls, best point, path length and last move.
        p, g, a, b, cost, fell, best_p, best_c, path, last = s
        q, a, b = update(p, g, a, b, t)
        (_, c), g_new = grad_fn(q)
        fell = fell | ~jnp.isfinite(q.sum(1) + c) | ~jnp.isfinite(g.sum(1))
        q = jnp.where(fell[:, None], p, q)
        c = jnp.where(fell, cost, c)
        last = q - p
        path = path + jnp.hypot(last[:, 0], last[:, 1])
        better = c < best_c
        best_p = jnp.where(better[:, None], q, best_p)
        best_c = jnp.where(better, c, best_c)
        return (q, g_new, a, b, c, fell, best_p, best_c, path, last), c

    def run(steps: int) -> float:
        p = jnp.asarray(P0)
        z = jnp.zeros_like(p)
        (_, c0), g0 = grad_fn(p)
        n = len(P0)
        if BARE["on"]:
            fn, s = bare_step, (p, g0, z, z)
        else:
            fn, s = step, (p, g0, z, z, c0, jnp.zeros(n, bool), p, c0, jnp.zeros(n), z)
        fn(s, 1.0)[1].block_until_ready()  # compile outside the timing
        t0 = time.perf_counter()
        for t in range(1, steps + 1):
            s, c = fn(s, float(t))
        c.block_until_ready()
        return time.perf_counter() - t0

    return run


# --------------------------------------------------------------------------- the ceiling: one fused numba loop

_FUSED: dict = {}


def _fused_kernels():
    """Hand-written scalar landscapes and one loop per optimizer, compiled once per process."""
    if _FUSED:
        return _FUSED
    import math

    from numba import njit

    @njit(inline="always")
    def rastrigin(x, y, d):
        tp = 2 * math.pi
        return (20 + x * x - 10 * math.cos(tp * x) + y * y - 10 * math.cos(tp * y),
                2 * x + 10 * tp * math.sin(tp * x), 2 * y + 10 * tp * math.sin(tp * y))

    @njit(inline="always")
    def rosenbrock(x, y, d):
        a, b = 1 - x, y - x * x
        return a * a + 100 * b * b, -2 * a - 400 * x * b, 200 * b

    @njit(inline="always")
    def twin(x, y, d):
        e1 = 2 * math.exp(-((x - 1) ** 2 + y * y) / 0.2)
        e2 = 6 * math.exp(-((x + 1) ** 2 + y * y) / 0.2)
        return (x * x + y * y - e1 - e2, 2 * x + e1 * 10 * (x - 1) + e2 * 10 * (x + 1),
                2 * y + e1 * 10 * y + e2 * 10 * y)

    @njit(inline="always")
    def wells(x, y, d):
        v, gx, gy = 0.1 * (x * x + y * y), 0.2 * x, 0.2 * y
        for k in range(d.shape[0]):
            dx, dy = x - d[k, 0], y - d[k, 1]
            g = d[k, 2] * math.exp(-(dx * dx + dy * dy) / (2 * d[k, 3]))
            v -= g
            gx += g / d[k, 3] * dx
            gy += g / d[k, 3] * dy
        return v, gx, gy

    @njit(inline="always")
    def cubic(q):
        q2, q3 = q * q, q * q * q
        return ((-q3 + 2 * q2 - q) / 2, (3 * q3 - 5 * q2 + 2) / 2, (-3 * q3 + 4 * q2 + q) / 2, (q3 - q2) / 2,
                (-3 * q2 + 4 * q - 1) / 2, (9 * q2 - 10 * q) / 2, (-9 * q2 + 8 * q + 1) / 2, (3 * q2 - 2 * q) / 2)

    @njit(inline="always")
    def heightmap(x, y, d):
        z, p = d
        u = (x - p[0]) * p[2]
        v = (y - p[1]) * p[3]
        i = min(max(int(math.floor(u)), 0), int(p[5]) - 2)
        j = min(max(int(math.floor(v)), 0), int(p[4]) - 2)
        u0, u1, u2, u3, du0, du1, du2, du3 = cubic(u - i)
        v0, v1, v2, v3, dv0, dv1, dv2, dv3 = cubic(v - j)
        val = gx = gy = 0.0
        for r, wv, dwv in ((0, v0, dv0), (1, v1, dv1), (2, v2, dv2), (3, v3, dv3)):
            a, b, c, e = z[j + r, i], z[j + r, i + 1], z[j + r, i + 2], z[j + r, i + 3]
            row = u0 * a + u1 * b + u2 * c + u3 * e
            drow = du0 * a + du1 * b + du2 * c + du3 * e
            val += wv * row
            gx += wv * drow
            gy += dwv * row
        return val, gx * p[2], gy * p[3]

    @njit(inline="always")
    def data(x, y, d):
        v = gx = gy = 0.0
        for k in range(d.shape[0]):
            r = d[k, 1] - (x + y * d[k, 0])
            v += r * r
            gx -= r
            gy -= r * d[k, 0]
        return 0.5 * v, gx, gy

    @njit(inline="always")
    def clamp(q, lo, hi):
        return min(max(q, lo), hi)

    @njit
    def run_gd(P, C, G, A, B, steps, lr, box, f, d, bare, fell, best, path, last):
        for _t in range(steps):
            for i in range(P.shape[0]):
                x = clamp(P[i, 0] - lr * G[i, 0], box[0], box[1])
                y = clamp(P[i, 1] - lr * G[i, 1], box[2], box[3])
                c, gx, gy = f(x, y, d)
                if bare:
                    P[i, 0], P[i, 1], C[i], G[i, 0], G[i, 1] = x, y, c, gx, gy
                    continue
                # the engine's bookkeeping, written out (a helper taking arrays would cost a call)
                if fell[i] or not (math.isfinite(x + y + c) and math.isfinite(G[i, 0] + G[i, 1])):
                    fell[i] = True
                    x, y, c = P[i, 0], P[i, 1], C[i]
                dx, dy = x - P[i, 0], y - P[i, 1]
                last[i, 0], last[i, 1] = dx, dy
                path[i] += math.sqrt(dx * dx + dy * dy)
                if c < best[i, 2]:
                    best[i, 0], best[i, 1], best[i, 2] = x, y, c
                P[i, 0], P[i, 1], C[i], G[i, 0], G[i, 1] = x, y, c, gx, gy

    @njit
    def run_momentum(P, C, G, A, B, steps, lr, box, f, d, bare, fell, best, path, last):
        for _t in range(steps):
            for i in range(P.shape[0]):
                A[i, 0] = MOMENTUM * A[i, 0] + G[i, 0]
                A[i, 1] = MOMENTUM * A[i, 1] + G[i, 1]
                x = clamp(P[i, 0] - lr * A[i, 0], box[0], box[1])
                y = clamp(P[i, 1] - lr * A[i, 1], box[2], box[3])
                c, gx, gy = f(x, y, d)
                if bare:
                    P[i, 0], P[i, 1], C[i], G[i, 0], G[i, 1] = x, y, c, gx, gy
                    continue
                # the engine's bookkeeping, written out (a helper taking arrays would cost a call)
                if fell[i] or not (math.isfinite(x + y + c) and math.isfinite(G[i, 0] + G[i, 1])):
                    fell[i] = True
                    x, y, c = P[i, 0], P[i, 1], C[i]
                dx, dy = x - P[i, 0], y - P[i, 1]
                last[i, 0], last[i, 1] = dx, dy
                path[i] += math.sqrt(dx * dx + dy * dy)
                if c < best[i, 2]:
                    best[i, 0], best[i, 1], best[i, 2] = x, y, c
                P[i, 0], P[i, 1], C[i], G[i, 0], G[i, 1] = x, y, c, gx, gy

    @njit
    def run_adam(P, C, G, A, B, steps, lr, box, f, d, bare, fell, best, path, last):
        for t in range(1, steps + 1):
            size = lr / (1 - BETA1**t)
            root = math.sqrt(1 - BETA2**t)
            for i in range(P.shape[0]):
                for k in range(2):
                    A[i, k] = BETA1 * A[i, k] + (1 - BETA1) * G[i, k]
                    B[i, k] = BETA2 * B[i, k] + (1 - BETA2) * G[i, k] * G[i, k]
                x = clamp(P[i, 0] - size * A[i, 0] / (math.sqrt(B[i, 0]) / root + EPS), box[0], box[1])
                y = clamp(P[i, 1] - size * A[i, 1] / (math.sqrt(B[i, 1]) / root + EPS), box[2], box[3])
                c, gx, gy = f(x, y, d)
                if bare:
                    P[i, 0], P[i, 1], C[i], G[i, 0], G[i, 1] = x, y, c, gx, gy
                    continue
                # the engine's bookkeeping, written out (a helper taking arrays would cost a call)
                if fell[i] or not (math.isfinite(x + y + c) and math.isfinite(G[i, 0] + G[i, 1])):
                    fell[i] = True
                    x, y, c = P[i, 0], P[i, 1], C[i]
                dx, dy = x - P[i, 0], y - P[i, 1]
                last[i, 0], last[i, 1] = dx, dy
                path[i] += math.sqrt(dx * dx + dy * dy)
                if c < best[i, 2]:
                    best[i, 0], best[i, 1], best[i, 2] = x, y, c
                P[i, 0], P[i, 1], C[i], G[i, 0], G[i, 1] = x, y, c, gx, gy

    @njit
    def first(P, C, G, f, d):
        for i in range(P.shape[0]):
            C[i], G[i, 0], G[i, 1] = f(P[i, 0], P[i, 1], d)

    _FUSED.update(rastrigin=rastrigin, rosenbrock=rosenbrock, formula=twin, wells=wells, heightmap=heightmap,
                  data=data, gd=run_gd, momentum=run_momentum, adam=run_adam, first=first)
    return _FUSED


def _fused_data(case: Case):
    if case.id == "wells":
        return np.array([[w["at"][0], w["at"][1], w["depth"], w["width"] ** 2] for w in read_level(case)["wells"]])
    if case.id == "heightmap":
        zp, x0, y1, sx, sy, rows, cols = heightmap_table(case)
        return zp, np.array([x0, y1, sx, sy, rows, cols], dtype=float)
    if case.id == "data":
        return data_rows(case)
    return 0.0


def fused_runner(case: Case, opt: str, lr: float, P0: np.ndarray) -> Runner | None:
    if not installed("numba"):
        return None
    k = _fused_kernels()
    f, d = k[case.id], _fused_data(case)
    (x0, x1), (y0, y1) = domain_of(case)
    box = np.array([x0, x1, y0, y1], dtype=float)
    step = k[opt]

    def run(steps: int) -> float:
        P = np.array(P0, dtype=float)
        n = len(P)
        C, G = np.empty(n), np.empty_like(P)
        A, B = np.zeros_like(P), np.zeros_like(P)
        fell, best, path, last = np.zeros(n, bool), np.full((n, 3), np.inf), np.zeros(n), np.zeros_like(P)
        k["first"](P, C, G, f, d)
        extra = (BARE["on"], fell, best, path, last)
        one = (BARE["on"], fell[:1].copy(), best[:1].copy(), path[:1].copy(), last[:1].copy())
        step(P[:1].copy(), C[:1].copy(), G[:1].copy(), A[:1].copy(), B[:1].copy(), 1, lr, box, f, d, *one)  # compile
        t0 = time.perf_counter()
        step(P, C, G, A, B, steps, lr, box, f, d, *extra)
        return time.perf_counter() - t0

    return run
