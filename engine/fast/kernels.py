"""The compiled kernels (numba): one fused step for every hiker, and a fixed interpreter for formulas.

Nothing here is generated from level text. A formula arrives as its compiled program: an array of
opcodes and register indices and an array of float constants (engine/expr/program.py), which the
interpreter below, compiled once for all formulas, runs on blocks of hikers: for each instruction a
short loop over the block, so the registers stay in the L1 cache and the loops vectorize.

The arithmetic is written in the order of the NumPy code it stands for (engine/optim, engine/hikers,
engine/landscapes, engine/heightmap, engine/dataset), so additions, products, divisions and square
roots give the same bits. exp, sin and cos are computed for whole blocks by engine/fast/vmath.py,
the other functions by the C library; both may differ from NumPy's in the last bit or two (the tests
allow 1e-12).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..expr import ops
from .vmath import vexp, vtrig

BLOCK = 256  # hikers per block: a formula's registers for a block fit in the L1 cache

# Landscape kinds and optimizer kinds, as the fused step knows them (engine/fast/plan.py fills them in).
FORMULA, WELLS, HEIGHTMAP, DATA = 0, 1, 2, 3
GD, MOMENTUM, ADAGRAD, RMSPROP, ADAM = 0, 1, 2, 3, 4

NEG, SIN, COS, TAN, EXP, LOG, LOG10, SQRT, ABS, SIGN = (ops.NEG, ops.SIN, ops.COS, ops.TAN, ops.EXP, ops.LOG,
                                                         ops.LOG10, ops.SQRT, ops.ABS, ops.SIGN)
TANH, SINH, COSH, ATAN, SOFTPLUS = ops.TANH, ops.SINH, ops.COSH, ops.ATAN, ops.SOFTPLUS
ADD, SUB, MUL, DIV, POW, ATAN2, CHAIN, LE, GE, SELECT = (ops.ADD, ops.SUB, ops.MUL, ops.DIV, ops.POW, ops.ATAN2,
                                                         ops.CHAIN, ops.LE, ops.GE, ops.SELECT)
ADDK, SUBK, KSUB, MULK, KDIV, POWK, KPOW, CONST, DIVK = (ops.ADDK, ops.SUBK, ops.KSUB, ops.MULK, ops.KDIV, ops.POWK,
                                                         ops.KPOW, ops.CONST, ops.DIVK)
LN2 = math.log(2.0)


@njit(cache=True)
def _softplus(a):
    # NumPy's logaddexp(0, a), branch for branch
    if a == 0.0:
        return LN2
    t = -a
    if t > 0:
        return math.log1p(math.exp(a))
    if t <= 0:
        return a + math.log1p(math.exp(-a))
    return t


@njit(cache=True)
def _clamp(p, lo, hi):
    # np.minimum(np.maximum(p, lo), hi): NaN stays NaN (Python's max and min would drop it)
    if p != p:
        return p
    if p < lo:
        return lo
    if p > hi:
        return hi
    return p


@njit(cache=True)
def _fmax(a, b):
    # np.maximum: NaN if either is NaN
    if a != a or b != b:
        return a + b
    return a if a >= b else b


@njit(cache=True)
def _sign(a):
    if a > 0:
        return 1.0
    if a < 0:
        return -1.0
    return a * 0.0 if a != a else 0.0


@njit(cache=True)
def run_program(code, consts, R, m, bits):
    """Run a formula program on the first m columns of the register block R (rows 0, 1 hold x, y);
    ``bits`` is int64 scratch for exp."""
    for ins in range(code.shape[0]):
        op, d, a, b, c = code[ins, 0], code[ins, 1], code[ins, 2], code[ins, 3], code[ins, 4]
        k = consts[ins]
        if op == MUL:
            for i in range(m):
                R[d, i] = R[a, i] * R[b, i]
        elif op == ADD:
            for i in range(m):
                R[d, i] = R[a, i] + R[b, i]
        elif op == SUB:
            for i in range(m):
                R[d, i] = R[a, i] - R[b, i]
        elif op == MULK:
            for i in range(m):
                R[d, i] = R[a, i] * k
        elif op == ADDK:
            for i in range(m):
                R[d, i] = R[a, i] + k
        elif op == SUBK:
            for i in range(m):
                R[d, i] = R[a, i] - k
        elif op == KSUB:
            for i in range(m):
                R[d, i] = k - R[a, i]
        elif op == DIV:
            for i in range(m):
                R[d, i] = R[a, i] / R[b, i]
        elif op == KDIV:
            for i in range(m):
                R[d, i] = k / R[a, i]
        elif op == DIVK:
            for i in range(m):
                R[d, i] = R[a, i] / k
        elif op == NEG:
            for i in range(m):
                R[d, i] = -R[a, i]
        elif op == CHAIN:  # the careful chain rule: a zero inner slope stays zero at a kink
            for i in range(m):
                v = R[a, i] * R[b, i]
                R[d, i] = 0.0 if (R[b, i] == 0.0 and not math.isfinite(v)) else v
        elif op == SIN:
            vtrig(R[a], R[d], m, False)
        elif op == COS:
            vtrig(R[a], R[d], m, True)
        elif op == EXP:
            vexp(R[a], R[d], m, bits)
        elif op == SQRT:
            for i in range(m):
                R[d, i] = np.sqrt(R[a, i])
        elif op == ABS:
            for i in range(m):
                R[d, i] = abs(R[a, i])
        elif op == SIGN:
            for i in range(m):
                R[d, i] = _sign(R[a, i])
        elif op == TAN:
            for i in range(m):
                R[d, i] = math.tan(R[a, i])
        elif op == LOG:
            for i in range(m):
                R[d, i] = np.log(R[a, i])
        elif op == LOG10:
            for i in range(m):
                R[d, i] = np.log10(R[a, i])
        elif op == TANH:
            for i in range(m):
                R[d, i] = math.tanh(R[a, i])
        elif op == SINH:
            for i in range(m):
                R[d, i] = math.sinh(R[a, i])
        elif op == COSH:
            for i in range(m):
                R[d, i] = math.cosh(R[a, i])
        elif op == ATAN:
            for i in range(m):
                R[d, i] = math.atan(R[a, i])
        elif op == SOFTPLUS:
            for i in range(m):
                R[d, i] = _softplus(R[a, i])
        elif op == POW:
            for i in range(m):
                R[d, i] = np.power(R[a, i], R[b, i])
        elif op == POWK:
            for i in range(m):
                R[d, i] = np.power(R[a, i], k)
        elif op == KPOW:
            for i in range(m):
                R[d, i] = np.power(k, R[a, i])
        elif op == ATAN2:
            for i in range(m):
                R[d, i] = math.atan2(R[a, i], R[b, i])
        elif op == LE:
            for i in range(m):
                R[d, i] = 1.0 if R[a, i] <= R[b, i] else 0.0
        elif op == GE:
            for i in range(m):
                R[d, i] = 1.0 if R[a, i] >= R[b, i] else 0.0
        elif op == SELECT:
            for i in range(m):
                R[d, i] = R[a, i] if R[c, i] != 0.0 else R[b, i]
        elif op == CONST:
            for i in range(m):
                R[d, i] = k


@njit(cache=True)
def _output(R, outs, j, m, out):
    """Output j of the program (a register, or a constant) into out[:m]."""
    r = int(outs[j, 0])
    if r >= 0:
        for i in range(m):
            out[i] = R[r, i]
    else:
        k = outs[j, 1]
        for i in range(m):
            out[i] = k


@njit(cache=True)
def _row(R, outs, j, m, spare):
    """The register row holding output j of the program; a constant output is written into ``spare``."""
    r = int(outs[j, 0])
    if r >= 0:
        return r
    k = outs[j, 1]
    for i in range(m):
        R[spare, i] = k
    return spare


@njit(cache=True)
def evaluate_block(kind, code, consts, outs, farr, zmap, R, m, nregs, bits):
    """Altitude and slope at the block's points (x in row 0, y in row 1 of R) with the landscape's own
    arithmetic. Returns the rows of R that hold the value and the two slopes."""
    sv, sx, sy = nregs, nregs + 1, nregs + 2  # spare rows past the program's registers
    if kind <= WELLS:  # FORMULA or WELLS
        run_program(code, consts, R, m, bits)
        iv, ix, iy = _row(R, outs, 0, m, sv), _row(R, outs, 1, m, sx), _row(R, outs, 2, m, sy)
        if kind == FORMULA:
            return iv, ix, iy
        # The outputs may share registers (the two slopes of (x+y)**2 are one): copy before adding wells.
        for i in range(m):
            v, gx, gy = R[iv, i], R[ix, i], R[iy, i]
            R[sv, i], R[sx, i], R[sy, i] = v, gx, gy
        # One well at a time, as engine/landscapes.py does: the exponent for the block, then exp of it.
        tot, gxs, gys, e = R[sv + 3], R[sv + 4], R[sv + 5], R[sv + 6]
        for i in range(m):
            tot[i] = gxs[i] = gys[i] = 0.0
        for w in range(farr.shape[0] // 4):
            cx, cy, depth, s2 = farr[4 * w], farr[4 * w + 1], farr[4 * w + 2], farr[4 * w + 3]
            for i in range(m):
                dx, dy = R[0, i] - cx, R[1, i] - cy
                e[i] = (dx * dx + dy * dy) / -(2 * s2)
            vexp(e, e, m, bits)
            for i in range(m):
                dx, dy = R[0, i] - cx, R[1, i] - cy
                g = e[i] * depth
                tot[i] += g
                g /= s2
                gxs[i] += g * dx
                gys[i] += g * dy
        for i in range(m):
            R[sv, i] -= tot[i]
            R[sx, i] += gxs[i]
            R[sy, i] += gys[i]
    elif kind == HEIGHTMAP:
        x0, x1, y0, y1, du, dv = farr[0], farr[1], farr[2], farr[3], farr[4], farr[5]
        rows, cols = int(farr[6]), int(farr[7])
        width = zmap.shape[0] // (rows + 3)
        for i in range(m):
            u = (_clamp(R[0, i], x0, x1) - x0) * du
            v = (_clamp(R[1, i], y0, y1) - y1) * dv
            if not (math.isfinite(u) and math.isfinite(v)):
                R[sv, i] = R[sx, i] = R[sy, i] = math.nan
                continue
            ii = min(max(int(math.floor(u)), 0), cols - 2)
            jj = min(max(int(math.floor(v)), 0), rows - 2)
            s, t = u - ii, v - jj
            s2, s3, t2, t3 = s * s, s * s * s, t * t, t * t * t
            u0, u1 = (-s3 + 2 * s2 - s) / 2, (3 * s3 - 5 * s2 + 2) / 2
            u2, u3 = (-3 * s3 + 4 * s2 + s) / 2, (s3 - s2) / 2
            e0, e1 = (-3 * s2 + 4 * s - 1) / 2, (9 * s2 - 10 * s) / 2
            e2, e3 = (-9 * s2 + 8 * s + 1) / 2, (3 * s2 - 2 * s) / 2
            value, gx, gy = 0.0, 0.0, 0.0
            for r in range(4):
                if r == 0:
                    wv, dwv = (-t3 + 2 * t2 - t) / 2, (-3 * t2 + 4 * t - 1) / 2
                elif r == 1:
                    wv, dwv = (3 * t3 - 5 * t2 + 2) / 2, (9 * t2 - 10 * t) / 2
                elif r == 2:
                    wv, dwv = (-3 * t3 + 4 * t2 + t) / 2, (-9 * t2 + 8 * t + 1) / 2
                else:
                    wv, dwv = (t3 - t2) / 2, (3 * t2 - 2 * t) / 2
                base = (jj + r) * width + ii
                z0, z1, z2, z3 = zmap[base], zmap[base + 1], zmap[base + 2], zmap[base + 3]
                row = (((0.0 + u0 * z0) + u1 * z1) + u2 * z2) + u3 * z3
                drow = (((0.0 + e0 * z0) + e1 * z1) + e2 * z2) + e3 * z3
                value += wv * row
                gx += wv * drow
                gy += dwv * row
            R[sv, i], R[sx, i], R[sy, i] = value, gx * du, gy * dv
    else:  # DATA: the centred sums (engine/dataset.py)
        n, xbar, ybar, sxx, beta, rss = farr[0], farr[1], farr[2], farr[3], farr[4], farr[5]
        for i in range(m):
            w0, w1 = R[0, i], R[1, i]
            c = ybar - w0 - w1 * xbar
            b = w1 - beta
            R[sv, i] = ((c * c * n + sxx * (b * b)) + rss) * 0.5
            g0 = c * -n
            R[sx, i] = g0
            R[sy, i] = g0 * xbar + sxx * (w1 - beta)
    return sv, sx, sy


@njit(cache=True)
def update_block(opt, par, X, G, S1, S2, S3, P, q0, mm):
    """Proposals P[:mm] for the coordinates q0 .. q0+mm of the flattened (N*2,) arrays, updating the
    optimizer's state: engine/optim's formulas operation for operation, one flat loop per optimizer so
    the loops vectorize."""
    c0, c1, c2, c3, c4, c5, c6, c7 = par[0], par[1], par[2], par[3], par[4], par[5], par[6], par[7]
    if opt == GD:  # c0 = -lr
        for q in range(mm):
            P[q] = G[q0 + q] * c0 + X[q0 + q]
    elif opt == MOMENTUM:  # c: -lr, mu, dampening, first step, nesterov
        first, damp, nesterov = c3 != 0.0, c2 != 0.0, c4 != 0.0
        for q in range(mm):
            g = G[q0 + q]
            if first:
                buf = g
            elif damp:
                buf = S1[q0 + q] * c1 + g * (1 - c2)
            else:
                buf = S1[q0 + q] * c1 + g
            S1[q0 + q] = buf
            step = g + buf * c1 if nesterov else buf
            P[q] = step * c0 + X[q0 + q]
    elif opt == ADAGRAD:  # c: -clr, eps
        for q in range(mm):
            g = G[q0 + q]
            acc = S1[q0 + q] + g * g
            S1[q0 + q] = acc
            P[q] = g * c0 / (np.sqrt(acc) + c1) + X[q0 + q]
    elif opt == RMSPROP:  # c: -lr, alpha, 1 - alpha, eps, momentum, centered
        centered, heavy = c5 != 0.0, c4 > 0
        for q in range(mm):
            g = G[q0 + q]
            sq = S1[q0 + q] * c1 + (g * c2) * g
            S1[q0 + q] = sq
            if centered:
                ga = S2[q0 + q] * c1 + g * c2
                S2[q0 + q] = ga
                avg = np.sqrt(_fmax(sq - ga * ga, 0.0)) + c3
            else:
                avg = np.sqrt(sq) + c3
            if heavy:
                buf = S3[q0 + q] * c4 + g / avg
                S3[q0 + q] = buf
                P[q] = buf * c0 + X[q0 + q]
            else:
                P[q] = g * c0 / avg + X[q0 + q]
    elif c7 != 0.0:  # ADAM with amsgrad: c: -step size, b1, 1 - b1, b2, 1 - b2, sqrt(1 - b2**n), eps
        for q in range(mm):
            g = G[q0 + q]
            mo = S1[q0 + q] * c1 + g * c2
            S1[q0 + q] = mo
            v = S2[q0 + q] * c3 + (g * c4) * g
            S2[q0 + q] = v
            v = _fmax(S3[q0 + q], v)
            S3[q0 + q] = v
            P[q] = mo * c0 / (np.sqrt(v) / c5 + c6) + X[q0 + q]
    else:  # ADAM
        for q in range(mm):
            g = G[q0 + q]
            mo = S1[q0 + q] * c1 + g * c2
            S1[q0 + q] = mo
            v = S2[q0 + q] * c3 + (g * c4) * g
            S2[q0 + q] = v
            P[q] = mo * c0 / (np.sqrt(v) / c5 + c6) + X[q0 + q]


@njit(cache=True)
def fused_step(opt, par, X, cost, best_x, best_cost, fell, path_length, last_move, G, S1, S2, S3, box,
               kind, code, consts, outs, farr, zmap, nregs):
    """One step for every hiker: update from the cached slope, clamp, evaluate, account (Hikers.step)."""
    n = X.shape[0]
    R = np.empty((max(nregs, 2) + 7, BLOCK))  # the program's registers, then outputs and wells' scratch
    bits = np.empty(BLOCK, np.int64)
    P = np.empty(2 * BLOCK)
    Xf, Gf, S1f, S2f, S3f = X.reshape(-1), G.reshape(-1), S1.reshape(-1), S2.reshape(-1), S3.reshape(-1)
    xlo, xhi, ylo, yhi = box[0], box[1], box[2], box[3]
    for s in range(0, n, BLOCK):
        m = min(BLOCK, n - s)
        update_block(opt, par, Xf, Gf, S1f, S2f, S3f, P, 2 * s, 2 * m)
        for j in range(m):
            R[0, j] = _clamp(P[2 * j], xlo, xhi)
            R[1, j] = _clamp(P[2 * j + 1], ylo, yhi)
        iv, ix, iy = evaluate_block(kind, code, consts, outs, farr, zmap, R, m, max(nregs, 2), bits)
        for j in range(m):
            i = s + j
            p0, p1, c = R[0, j], R[1, j], R[iv, j]
            # A hiker falls where its position or altitude, or the slope it stepped with, is not finite.
            if not math.isfinite(p0 + p1 + c) or not math.isfinite(G[i, 0] + G[i, 1]):
                fell[i] = True
            if fell[i]:
                p0, p1, c = X[i, 0], X[i, 1], cost[i]
            d0, d1 = p0 - X[i, 0], p1 - X[i, 1]
            last_move[i, 0], last_move[i, 1] = d0, d1
            ss = d0 * d0 + d1 * d1  # engine/hikers.py step_length: hypot only near the edges of the range
            path_length[i] += math.sqrt(ss) if 1e-300 < ss < 1e300 else math.hypot(d0, d1)
            X[i, 0], X[i, 1], cost[i] = p0, p1, c
            if c < best_cost[i]:
                best_x[i, 0], best_x[i, 1], best_cost[i] = p0, p1, c
            G[i, 0], G[i, 1] = R[ix, j], R[iy, j]
