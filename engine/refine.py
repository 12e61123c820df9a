"""Local refinement of many start points at once: L-BFGS-B, for two variables, vectorized over points.

The minimum search used to refine its candidates one at a time with SciPy's L-BFGS-B. This is the same
algorithm (Byrd, Lu, Nocedal and Zhu 1995, version 3.0 as SciPy ships it) with SciPy's settings as the
search used them: 10 stored pairs; the More-Thuente line search (ftol 1e-3, gtol 0.9, xtol 0.1, at most
20 trials); stop when the projected gradient is at most ``pgtol``, the relative decrease at most
``factr`` * eps, or after ``maxiter`` steps. So every candidate takes the same path and ends in the same
minimum (tests/test_perf_minima_pin.py). What differs is the bookkeeping: with two variables the
limited-memory matrix is a 2x2 matrix built directly from the stored pairs, and all candidates advance
together, one batched landscape call per round, instead of one call per point and step.

Arrays hold the candidates in columns: a vector quantity is (2, k), a scalar one (k,).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

EPS = np.finfo(float).eps
MEMORY = 10  # stored (s, y) pairs (SciPy's maxcor)
MAX_TRIALS = 20  # line-search trials per step (SciPy's maxls)
FTOL_LS, GTOL_LS, XTOL_LS = 1e-3, 0.9, 0.1  # L-BFGS-B's line-search constants
BIG = 1e10
WALL = 1e300  # the value where the landscape is not finite (with a zero slope), as the old search used

ValueAndGrad = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def _evaluate(fg: ValueAndGrad, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    f, G = fg(np.ascontiguousarray(x.T))
    ok = np.isfinite(f) & np.isfinite(G).all(1)
    return np.where(ok, f, WALL), np.where(ok, G.T, 0.0)


def _pg_norm(x: np.ndarray, g: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Infinity norm of the projected gradient, as L-BFGS-B measures it."""
    pg = np.where(g < 0, np.maximum(x - hi[:, None], g), np.minimum(x - lo[:, None], g))
    return np.maximum(np.abs(pg[0]), np.abs(pg[1]))


def _matrix(theta: np.ndarray, S: np.ndarray, Y: np.ndarray, col: np.ndarray) -> tuple[np.ndarray, ...]:
    """The limited-memory BFGS matrix (b00, b01, b11): theta*I updated with each stored pair, oldest first."""
    b00, b01, b11 = theta.copy(), np.zeros_like(theta), theta.copy()
    for j in range(int(col.max(initial=0))):
        (s0, s1), (y0, y1) = S[j], Y[j]
        u0, u1 = b00 * s0 + b01 * s1, b01 * s0 + b11 * s1
        su, sy = s0 * u0 + s1 * u1, s0 * y0 + s1 * y1
        use = col > j
        b00 = np.where(use, b00 - u0 * u0 / su + y0 * y0 / sy, b00)
        b01 = np.where(use, b01 - u0 * u1 / su + y0 * y1 / sy, b01)
        b11 = np.where(use, b11 - u1 * u1 / su + y1 * y1 / sy, b11)
    return b00, b01, b11


def _bv(B: tuple[np.ndarray, ...], v: np.ndarray) -> np.ndarray:
    b00, b01, b11 = B
    return np.stack([b00 * v[0] + b01 * v[1], b01 * v[0] + b11 * v[1]])


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a[0] * b[0] + a[1] * b[1]


def _cauchy(x, g, lo, hi, B):
    """The generalized Cauchy point: the first minimizer of the quadratic model along the projected
    steepest-descent path (cauchy). Returns (xcp, which variables are free there)."""
    lo_, hi_ = lo[:, None], hi[:, None]
    at_lo, at_hi = x <= lo_, x >= hi_
    fixed = (at_lo & (g >= 0)) | (~at_lo & at_hi & (g <= 0)) | (~at_lo & ~at_hi & (g == 0))
    d = np.where(fixed, 0.0, -g)
    brk = np.where(d < 0, (x - lo_) / -d, np.where(d > 0, (hi_ - x) / d, np.inf))
    f1 = -_dot(d, d)
    f2 = _dot(d, _bv(B, d))
    f2_org = f2
    dtm = -f1 / f2
    # Breakpoints in increasing order; a tie goes to the first variable, as L-BFGS-B takes it.
    first = np.where(brk[1] < brk[0], 1, 0)
    cols = np.arange(x.shape[1])
    fix = fixed.copy()
    xcp = x.copy()
    tsum = np.zeros_like(f1)
    tj = np.zeros_like(f1)
    open_ = np.isfinite(brk[first, cols]) | np.isfinite(brk[1 - first, cols])
    for ibp in (first, 1 - first):
        t_next = brk[ibp, cols]
        dt = t_next - tj
        go = open_ & np.isfinite(t_next) & ~(dtm < dt)  # the minimizer lies beyond this breakpoint
        open_ &= go
        if not go.any():
            break
        c = cols[go]
        j = ibp[go]
        tsum[go] += dt[go]
        tj[go] = t_next[go]
        xcp[j, c] = np.where(d[j, c] > 0, hi[j], lo[j])
        fix[j, c] = True
        d[j, c] = 0.0
        z = np.where(fix[:, go], xcp[:, go], x[:, go] + tsum[go] * d[:, go]) - x[:, go]
        Bg = tuple(b[go] for b in B)
        dg = d[:, go]
        f1g = _dot(g[:, go], dg) + _dot(z, _bv(Bg, dg))
        f2g = np.maximum(EPS * f2_org[go], _dot(dg, _bv(Bg, dg)))
        more = np.isfinite(brk[1 - ibp[go], c]) & ~fix[1 - ibp[go], c]
        dtm[go] = np.where(more, -f1g / f2g, 0.0)
        open_[go] = more
    dtm = np.where(dtm > 0, dtm, 0.0)  # also catches NaN
    return np.where(fix, xcp, x + (tsum + dtm) * d), ~fix


def _subspace(x, g, lo, hi, B, xcp, free):
    """Minimize the model over the variables free at the Cauchy point, then keep it in the box (subsm)."""
    b00, b01, b11 = B
    r = -(g + _bv(B, xcp - x))
    both = free[0] & free[1]
    det = b00 * b11 - b01 * b01
    d = np.where(both, np.stack([(b11 * r[0] - b01 * r[1]) / det, (b00 * r[1] - b01 * r[0]) / det]),
                 np.stack([r[0] / b00, r[1] / b11]))
    d = np.where(free, d, 0.0)
    lo_, hi_ = lo[:, None], hi[:, None]
    z = np.where(free, np.minimum(hi_, np.maximum(lo_, xcp + d)), xcp)
    hit = (free & ((z == lo_) | (z == hi_))).any(0)
    worse = hit & (_dot(z - x, g) > 0)  # the projected Newton point is not downhill: truncate the step
    if worse.any():
        w = np.flatnonzero(worse)
        zc, dd = xcp[:, w], d[:, w]
        alpha = np.ones(len(w))
        ibd = np.full(len(w), -1)
        for j in range(2):
            to_lo = np.where(lo[j] - zc[j] >= 0, 0.0, (lo[j] - zc[j]) / dd[j])
            to_hi = np.where(hi[j] - zc[j] <= 0, 0.0, (hi[j] - zc[j]) / dd[j])
            lim = np.where(dd[j] < 0, to_lo, np.where(dd[j] > 0, to_hi, 1.0))
            smaller = free[j, w] & (lim < alpha)
            alpha = np.where(smaller, lim, alpha)
            ibd = np.where(smaller, j, ibd)
        for j in range(2):
            c = (alpha < 1.0) & (ibd == j)
            zc[j, c] = np.where(dd[j, c] > 0, hi[j], lo[j])
            dd[j, c] = 0.0
        z[:, w] = np.where(free[:, w], zc + alpha * dd, zc)
    return z


# Line-search state rows (dcsrch's saved variables), one column per candidate.
BRACKT, STAGE, GINIT, GTEST, FINIT, STX, FX, GX, STY, FY, GY, STMIN, STMAX, WIDTH, WIDTH1 = range(15)


def _ls_start(f, gd, stp, stpmax) -> np.ndarray:
    z = np.zeros_like(f)
    return np.stack([z, z + 1, gd, FTOL_LS * gd, f, z, f, gd, z, f, gd, z, stp + 4.0 * stp, stpmax, stpmax / 0.5])


def _ls_iterate(L, f, g, stp, stpmax):
    """One call of dcsrch per candidate: (finished, next step), updating the state L (15, m) in place."""
    ftest = L[FINIT] + stp * L[GTEST]
    L[STAGE] = np.where((L[STAGE] == 1) & (f <= ftest) & (g >= 0), 2, L[STAGE])
    br = L[BRACKT] != 0
    stmin, stmax = L[STMIN], L[STMAX]
    done = ((br & ((stp <= stmin) | (stp >= stmax) | (stmax - stmin <= XTOL_LS * stmax)))
            | ((stp == stpmax) & (f <= ftest) & (g <= L[GTEST]))
            | ((stp == 0.0) & ((f > ftest) | (g >= L[GTEST])))
            | ((f <= ftest) & (np.abs(g) <= GTOL_LS * -L[GINIT])))
    go = ~done
    new = stp.copy()
    if go.any():
        S = L[:, go]
        fp, dp, st, ft = f[go], g[go], stp[go], ftest[go]
        # In the first stage, while the value drops but not enough, steer by psi = f - ftol*f'(0)*stp.
        gt = np.where((S[STAGE] == 1) & (fp <= S[FX]) & (fp > ft), S[GTEST], 0.0)
        stx, sty = S[STX], S[STY]
        stx, fx, gx, sty, fy, gy, st, brk = _dcstep(stx, S[FX] - stx * gt, S[GX] - gt, sty, S[FY] - sty * gt,
                                                    S[GY] - gt, st, fp - st * gt, dp - gt, S[BRACKT] != 0,
                                                    S[STMIN], S[STMAX])
        S[STX], S[STY], S[FX], S[FY] = stx, sty, fx + stx * gt, fy + sty * gt
        S[GX], S[GY], S[BRACKT] = gx + gt, gy + gt, brk
        wide = brk & (np.abs(sty - stx) >= 0.66 * S[WIDTH1])
        st = np.where(wide, stx + 0.5 * (sty - stx), st)  # bisect when the interval shrinks too slowly
        S[WIDTH1] = np.where(brk, S[WIDTH], S[WIDTH1])
        S[WIDTH] = np.where(brk, np.abs(sty - stx), S[WIDTH])
        S[STMIN] = np.where(brk, np.minimum(stx, sty), st + 1.1 * (st - stx))
        S[STMAX] = np.where(brk, np.maximum(stx, sty), st + 4.0 * (st - stx))
        st = np.minimum(np.maximum(st, 0.0), stpmax[go])
        stuck = brk & ((st <= S[STMIN]) | (st >= S[STMAX]) | (S[STMAX] - S[STMIN] <= XTOL_LS * S[STMAX]))
        new[go] = np.where(stuck, stx, st)  # no progress possible: back to the best step so far
        L[:, go] = S
    return done, new


def _dcstep(stx, fx, dx, sty, fy, dy, stp, fp, dp, brackt, stpmin, stpmax):
    """MINPACK-2 dcstep, vectorized: a safeguarded trial step, and the interval holding a minimizer."""
    sgnd = dp * (dx / np.abs(dx))
    c1 = fp > fx  # a higher value: the minimum is bracketed
    c2 = ~c1 & (sgnd < 0)  # lower, slopes of opposite sign: bracketed
    c3 = ~c1 & ~c2 & (np.abs(dp) < np.abs(dx))  # lower, same sign, the slope shrinks
    theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
    s = np.maximum(np.abs(theta), np.maximum(np.abs(dx), np.abs(dp)))
    root = (theta / s) ** 2 - (dx / s) * (dp / s)
    gam = s * np.sqrt(root)
    g1 = np.where(stp < stx, -gam, gam)
    stpc1 = stx + (((g1 - dx) + theta) / (((g1 - dx) + g1) + dp)) * (stp - stx)
    stpq1 = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx)
    step1 = np.where(np.abs(stpc1 - stx) < np.abs(stpq1 - stx), stpc1, stpc1 + (stpq1 - stpc1) / 2.0)
    g2 = np.where(stp > stx, -gam, gam)
    stpc2 = stp + (((g2 - dp) + theta) / (((g2 - dp) + g2) + dx)) * (stx - stp)
    secant = stp + (dp / (dp - dx)) * (stx - stp)
    step2 = np.where(np.abs(stpc2 - stp) > np.abs(secant - stp), stpc2, secant)
    g3 = s * np.sqrt(np.maximum(0.0, root))
    g3 = np.where(stp > stx, -g3, g3)
    r3 = ((g3 - dp) + theta) / ((g3 + (dx - dp)) + g3)
    stpc3 = np.where((r3 < 0) & (g3 != 0), stp + r3 * (stx - stp), np.where(stp > stx, stpmax, stpmin))
    nearer = np.where(np.abs(stpc3 - stp) < np.abs(secant - stp), stpc3, secant)
    reach = stp + 0.66 * (sty - stp)
    nearer = np.where(stp > stx, np.minimum(reach, nearer), np.maximum(reach, nearer))
    farther = np.where(np.abs(stpc3 - stp) > np.abs(secant - stp), stpc3, secant)
    step3 = np.where(brackt, nearer, np.maximum(stpmin, np.minimum(stpmax, farther)))
    theta4 = 3.0 * (fp - fy) / (sty - stp) + dy + dp
    s4 = np.maximum(np.abs(theta4), np.maximum(np.abs(dy), np.abs(dp)))
    g4 = s4 * np.sqrt((theta4 / s4) ** 2 - (dy / s4) * (dp / s4))
    g4 = np.where(stp > sty, -g4, g4)
    stpc4 = stp + (((g4 - dp) + theta4) / (((g4 - dp) + g4) + dy)) * (sty - stp)
    step4 = np.where(brackt, stpc4, np.where(stp > stx, stpmax, stpmin))
    stpf = np.where(c1, step1, np.where(c2, step2, np.where(c3, step3, step4)))
    swap = ~c1 & (sgnd < 0)
    return (np.where(c1, stx, stp), np.where(c1, fx, fp), np.where(c1, dx, dp),
            np.where(c1, stp, np.where(swap, stx, sty)), np.where(c1, fp, np.where(swap, fx, fy)),
            np.where(c1, dp, np.where(swap, dx, dy)), stpf, brackt | c1 | c2)


def refine(fg: ValueAndGrad, X0: np.ndarray, lo: np.ndarray, hi: np.ndarray, factr: float = 1e-15 / EPS,
           pgtol: float = 1e-12, maxiter: int = 500) -> np.ndarray:
    """Run bounded L-BFGS-B from every row of X0 inside the box [lo, hi]; return the final points (k, 2).

    ``fg`` maps points (m, 2) to values (m,) and gradients (m, 2); where it is not finite the search
    sees a wall (1e300, slope 0), as SciPy's search did.
    """
    with np.errstate(all="ignore"):  # every candidate computes every case; unused ones may divide by 0
        return _refine(fg, X0, lo, hi, factr, pgtol, maxiter)


def _refine(fg: ValueAndGrad, X0: np.ndarray, lo: np.ndarray, hi: np.ndarray, factr: float, pgtol: float,
            maxiter: int) -> np.ndarray:
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    x = np.clip(np.array(X0, dtype=float).reshape(-1, 2), lo, hi).T.copy()
    k = x.shape[1]
    f, g = _evaluate(fg, x)
    tol = factr * EPS
    S, Y = np.zeros((MEMORY, 2, k)), np.zeros((MEMORY, 2, k))
    col, theta, iters = np.zeros(k, int), np.ones(k), np.zeros(k, int)
    active = _pg_norm(x, g, lo, hi) > pgtol
    need_dir = active.copy()
    L = np.zeros((15, k))
    # Per line search: its start (point, gradient, value), direction, Newton point, step, bound, trials.
    t, r, fold, d, z = x.copy(), g.copy(), f.copy(), np.zeros_like(x), x.copy()
    stp, stpmx, gdold, trials = np.ones(k), np.ones(k), np.zeros(k), np.zeros(k, int)
    while True:
        fresh = np.flatnonzero(need_dir & active)
        while fresh.size:  # new directions (a retry with the memory forgotten loops once more)
            xf, gf = x[:, fresh], g[:, fresh]
            B = _matrix(theta[fresh], S[:, :, fresh], Y[:, :, fresh], col[fresh])
            xcp, free = _cauchy(xf, gf, lo, hi, B)
            zf = xcp
            sub = (col[fresh] > 0) & free.any(0)
            if sub.any():
                zf = xcp.copy()
                zf[:, sub] = _subspace(xf[:, sub], gf[:, sub], lo, hi, tuple(b[sub] for b in B), xcp[:, sub],
                                       free[:, sub])
            df = zf - xf
            # the longest step along d that stays in the box
            lim = np.where(df < 0, np.where(lo[:, None] - xf >= 0, 0.0, (lo[:, None] - xf) / df),
                           np.where(df > 0, np.where(hi[:, None] - xf <= 0, 0.0, (hi[:, None] - xf) / df), BIG))
            smax = np.where(iters[fresh] == 0, 1.0, np.minimum(BIG, lim.min(0)))
            gd = _dot(gf, df)
            downhill = gd < 0
            ok = fresh[downhill]
            z[:, fresh], d[:, fresh], stpmx[fresh], stp[fresh], gdold[fresh] = zf, df, smax, 1.0, gd
            t[:, fresh], r[:, fresh], fold[fresh], trials[fresh] = xf, gf, f[fresh], 0
            L[:, ok] = _ls_start(f[ok], gd[downhill], stp[ok], stpmx[ok])
            need_dir[ok] = False
            bad = fresh[~downhill]
            active[bad[col[bad] == 0]] = False  # no descent direction even without memory: stop here
            fresh = bad[col[bad] > 0]
            col[fresh], theta[fresh] = 0, 1.0
        idx = np.flatnonzero(active & ~need_dir)
        if idx.size == 0:
            return x.T.copy()
        trials[idx] += 1
        over = trials[idx] > MAX_TRIALS
        if over.any():  # back to where the line search began; forget the memory, or stop without one
            bad = idx[over]
            x[:, bad], g[:, bad], f[bad] = t[:, bad], r[:, bad], fold[bad]
            active[bad[col[bad] == 0]] = False
            again = bad[col[bad] > 0]
            col[again], theta[again], need_dir[again] = 0, 1.0, True
            idx = idx[~over]
            if idx.size == 0:
                continue
        st = stp[idx]
        trial = np.where(st == 1.0, z[:, idx], np.clip(st * d[:, idx] + t[:, idx], lo[:, None], hi[:, None]))
        ft, gt = _evaluate(fg, trial)
        x[:, idx], f[idx], g[:, idx] = trial, ft, gt
        gd = _dot(gt, d[:, idx])
        Ls = L[:, idx]
        done, st_new = _ls_iterate(Ls, ft, gd, st, stpmx[idx])
        L[:, idx] = Ls
        stp[idx] = st_new
        fin = idx[done]
        if fin.size == 0:
            continue
        # A step is taken: stopping tests, then the memory update.
        iters[fin] += 1
        ff, fo = f[fin], fold[fin]
        stop = ((_pg_norm(x[:, fin], g[:, fin], lo, hi) <= pgtol) | (iters[fin] >= maxiter)
                | (fo - ff <= tol * np.maximum(np.maximum(np.abs(fo), np.abs(ff)), 1.0)))
        active[fin[stop]] = False
        go = fin[~stop]
        if go.size == 0:
            continue
        need_dir[go] = True
        s_ = stp[go]
        dr = (gd[done][~stop] - gdold[go]) * s_
        keep = dr > EPS * (-gdold[go] * s_)  # skip pairs without positive curvature
        upd = go[keep]
        if upd.size:
            sv, yv, dr = d[:, upd] * s_[keep], g[:, upd] - r[:, upd], dr[keep]
            full = col[upd] == MEMORY
            if full.any():  # drop the oldest pair
                S[:-1, :, upd[full]] = S[1:, :, upd[full]]
                Y[:-1, :, upd[full]] = Y[1:, :, upd[full]]
            slot = np.minimum(col[upd], MEMORY - 1)
            S[slot, :, upd], Y[slot, :, upd] = sv.T, yv.T
            col[upd] = np.minimum(col[upd] + 1, MEMORY)
            theta[upd] = _dot(yv, yv) / dr
