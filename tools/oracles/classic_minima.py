"""Independent high-precision oracle for the 24 classic test functions (minima, minimizers, gradients).

Every formula below is written again from the literature, in mpmath, WITHOUT looking at
engine/functions.py (which is never imported or parsed here):

- [SFU]  Surjanovic & Bingham, Virtual Library of Simulation Experiments, https://www.sfu.ca/~ssurjano/
- [WIKI] Wikipedia, "Test functions for optimization",
         https://en.wikipedia.org/wiki/Test_functions_for_optimization

For each function we start from the minimizer as printed in the literature (at its printed precision)
and polish it at WORKING_DIGITS significant digits:

- "newton-2d":  Newton's method on the gradient, gradient and Hessian by mpmath.diff (smooth minima);
                afterwards the Hessian must be positive definite.
- "newton-1d":  Newton along the one free coordinate where the other is fixed by the problem: the domain
                edge (Eggholder, x = 512), a symmetry axis (Schaffer N.4, x = 0), or a separable sum
                (Schwefel, Styblinski-Tang: both coordinates solve the same 1-D problem).
- "closed-form": the minimizer is known exactly (Branin, McCormick, Easom, and the minima at kinks:
                Ackley, Bukin N.6, Drop-Wave); where a Newton polish is possible too it must agree to
                VERIFIED_DIGITS. Minima at kinks are checked by sampling small circles around them.

Outputs (rewritten on every run, takes a few seconds):
- tests/data/classic_minima.json    the minimum and every minimizer, PRINTED_DIGITS significant digits
- tests/data/classic_gradients.json value and gradient at SEEDED random points per function

Run from anywhere: ``python tools/oracles/classic_minima.py`` (needs the ``oracle`` extra: mpmath).
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import mpmath
from mpmath import mp, mpf

WORKING_DIGITS = 50  # mpmath working precision (decimal digits)
VERIFIED_DIGITS = 40  # every polished minimizer is converged (and every closed form matched) to this
PRINTED_DIGITS = 30  # significant digits written to the JSON
GRADIENT_POINTS = 20  # seeded random points per function for the gradient oracle
GRADIENT_DIGITS = 25
KINK_DISTANCE = 1e-6  # a gradient point this close to a kink (abs/sqrt at 0) is marked and skipped

ROOT = Path(__file__).resolve().parents[2]
OUT_MINIMA = ROOT / "tests" / "data" / "classic_minima.json"
OUT_GRADIENTS = ROOT / "tests" / "data" / "classic_gradients.json"

mp.dps = WORKING_DIGITS
sin, cos, exp, sqrt, fabs, pi = mpmath.sin, mpmath.cos, mpmath.exp, mpmath.sqrt, mpmath.fabs, mpmath.pi


def D(s: str) -> mpf:
    """A decimal constant from the literature, exact to the working precision (never via a binary float)."""
    return mpf(s)


# --------------------------------------------------------------------------------------------------
# The formulas, from the literature (2-D forms).
# --------------------------------------------------------------------------------------------------

def himmelblau(x, y):  # [WIKI] Himmelblau's function
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def rastrigin(x, y):  # [SFU] rastr: 10 d + sum(x_i^2 - 10 cos(2 pi x_i))
    return 10 * 2 + sum(t**2 - 10 * cos(2 * pi * t) for t in (x, y))


def ackley(x, y):  # [SFU] ackley with a = 20, b = 0.2, c = 2 pi, d = 2
    a, b, c = 20, D("0.2"), 2 * pi
    return (-a * exp(-b * sqrt((x**2 + y**2) / 2)) - exp((cos(c * x) + cos(c * y)) / 2)
            + a + mpmath.e)


def rosenbrock(x, y):  # [SFU] rosen: sum 100 (x_{i+1} - x_i^2)^2 + (x_i - 1)^2
    return 100 * (y - x**2) ** 2 + (x - 1) ** 2


def beale(x, y):  # [SFU] beale
    return ((D("1.5") - x + x * y) ** 2 + (D("2.25") - x + x * y**2) ** 2
            + (D("2.625") - x + x * y**3) ** 2)


def goldstein_price(x, y):  # [SFU] goldpr
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2)
    return a * b


def six_hump_camel(x, y):  # [SFU] camel6
    return (4 - D("2.1") * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2


def three_hump_camel(x, y):  # [SFU] camel3
    return 2 * x**2 - D("1.05") * x**4 + x**6 / 6 + x * y + y**2


def eggholder(x, y):  # [SFU] egg
    return (-(y + 47) * sin(sqrt(fabs(y + x / 2 + 47)))
            - x * sin(sqrt(fabs(x - (y + 47)))))


def holder_table(x, y):  # [SFU] holder
    return -fabs(sin(x) * cos(y) * exp(fabs(1 - sqrt(x**2 + y**2) / pi)))


def schwefel(x, y):  # [SFU] schwef: 418.9829 d - sum x_i sin(sqrt|x_i|)
    return D("418.9829") * 2 - sum(t * sin(sqrt(fabs(t))) for t in (x, y))


def styblinski_tang(x, y):  # [SFU] stybtang: 1/2 sum (x_i^4 - 16 x_i^2 + 5 x_i)
    return sum(t**4 - 16 * t**2 + 5 * t for t in (x, y)) / 2


def levy(x, y):  # [SFU] levy, d = 2: w_i = 1 + (x_i - 1)/4
    w1, w2 = 1 + (x - 1) / 4, 1 + (y - 1) / 4
    return (sin(pi * w1) ** 2 + (w1 - 1) ** 2 * (1 + 10 * sin(pi * w1 + 1) ** 2)
            + (w2 - 1) ** 2 * (1 + sin(2 * pi * w2) ** 2))


def levy13(x, y):  # [SFU] levy13
    return (sin(3 * pi * x) ** 2 + (x - 1) ** 2 * (1 + sin(3 * pi * y) ** 2)
            + (y - 1) ** 2 * (1 + sin(2 * pi * y) ** 2))


def branin(x, y):  # [SFU] branin with the recommended a, b, c, r, s, t
    a, b, c, r, s, t = 1, D("5.1") / (4 * pi**2), 5 / pi, 6, 10, 1 / (8 * pi)
    return a * (y - b * x**2 + c * x - r) ** 2 + s * (1 - t) * cos(x) + s


def bukin6(x, y):  # [SFU] bukin6
    return 100 * sqrt(fabs(y - D("0.01") * x**2)) + D("0.01") * fabs(x + 10)


def cross_in_tray(x, y):  # [SFU] crossit
    inner = fabs(sin(x) * sin(y) * exp(fabs(100 - sqrt(x**2 + y**2) / pi))) + 1
    return -D("0.0001") * inner ** D("0.1")


def drop_wave(x, y):  # [SFU] drop
    return -(1 + cos(12 * sqrt(x**2 + y**2))) / ((x**2 + y**2) / 2 + 2)


def mccormick(x, y):  # [SFU] mccorm
    return sin(x + y) + (x - y) ** 2 - D("1.5") * x + D("2.5") * y + 1


def matyas(x, y):  # [SFU] matya
    return D("0.26") * (x**2 + y**2) - D("0.48") * x * y


def booth(x, y):  # [SFU] booth
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def easom(x, y):  # [SFU] easom
    return -cos(x) * cos(y) * exp(-((x - pi) ** 2) - (y - pi) ** 2)


def schaffer2(x, y):  # [SFU] schaffer2
    return D("0.5") + (sin(x**2 - y**2) ** 2 - D("0.5")) / (1 + D("0.001") * (x**2 + y**2)) ** 2


def schaffer4(x, y):  # [SFU] schaffer4
    return (D("0.5") + (cos(sin(fabs(x**2 - y**2))) ** 2 - D("0.5"))
            / (1 + D("0.001") * (x**2 + y**2)) ** 2)


# Arguments of abs() and sqrt() that make a function non-smooth where they vanish.
def _r(x, y):
    return sqrt(x**2 + y**2)


KINKS: dict[str, Callable] = {
    "ackley": lambda x, y: {"sqrt(x^2+y^2)": _r(x, y)},
    "eggholder": lambda x, y: {"|y+x/2+47|": y + x / 2 + 47, "|x-(y+47)|": x - (y + 47)},
    "holder-table": lambda x, y: {"|sin x cos y|": sin(x) * cos(y), "|1-r/pi|": 1 - _r(x, y) / pi,
                                  "sqrt(x^2+y^2)": _r(x, y)},
    "schwefel": lambda x, y: {"|x|": x, "|y|": y},
    "bukin6": lambda x, y: {"|y-0.01x^2|": y - D("0.01") * x**2, "|x+10|": x + 10},
    "cross-in-tray": lambda x, y: {"|sin x sin y|": sin(x) * sin(y), "|100-r/pi|": 100 - _r(x, y) / pi,
                                   "sqrt(x^2+y^2)": _r(x, y)},
    "drop-wave": lambda x, y: {"sqrt(x^2+y^2)": _r(x, y)},
    "schaffer4": lambda x, y: {"|x^2-y^2|": x**2 - y**2},
}


# --------------------------------------------------------------------------------------------------
# The published minima (starting points), at their published precision, and how each is polished.
# --------------------------------------------------------------------------------------------------

@dataclass
class Case:
    id: str
    f: Callable
    domain: tuple[tuple[str, str], tuple[str, str]]  # published search domain
    starts: list[tuple[str, str]]  # published minimizers, as printed
    method: str  # "newton-2d" | "newton-1d-y" | "newton-1d-diag" | "closed-form"
    source: str
    closed_form: Callable | None = None  # () -> (value, [minimizers]) exact in mpmath
    at_kink: bool = False  # the minimizer sits on a kink (abs/sqrt at 0): closed form, no Newton
    fixed_x: str | None = None  # newton-1d-y: the fixed x
    gradient_box: tuple[tuple[str, str], tuple[str, str]] | None = None  # where to sample gradients, if not
    # the whole domain (Easom is exp(-10^4)-flat on most of its domain: its gradient there is 0 in float64)
    notes: list[str] = field(default_factory=list)


def _branin_closed():
    # At each minimizer cos x = -1 and the squared term vanishes: f = s - s(1 - t) = s t = 10/(8 pi).
    b, c = D("5.1") / (4 * pi**2), 5 / pi
    pts = [(x, b * x**2 - c * x + 6) for x in (-pi, pi, 3 * pi)]
    return 10 / (8 * pi), pts


def _mccormick_closed():
    # grad = 0: cos(x+y) + 2(x-y) - 1.5 = 0 and cos(x+y) - 2(x-y) + 2.5 = 0 => x - y = 1, cos(x+y) = -1/2;
    # the minimum has x + y = -2 pi/3 (sin < 0): f = -sqrt(3)/2 - pi/3.
    return -sqrt(3) / 2 - pi / 3, [(D("0.5") - pi / 3, D("-0.5") - pi / 3)]


CASES: list[Case] = [
    Case("himmelblau", himmelblau, (("-5", "5"), ("-5", "5")),
         [("3", "2"), ("-2.805118", "3.131312"), ("-3.779310", "-3.283186"), ("3.584428", "-1.848126")],
         "newton-2d", "WIKI Himmelblau's function"),
    Case("rastrigin", rastrigin, (("-5.12", "5.12"), ("-5.12", "5.12")), [("0", "0")], "newton-2d", "SFU rastr"),
    Case("ackley", ackley, (("-32.768", "32.768"), ("-32.768", "32.768")), [("0", "0")], "closed-form",
         "SFU ackley", lambda: (mpf(0), [(mpf(0), mpf(0))]), at_kink=True,
         notes=["kink (sqrt) at the minimizer: f(0,0) = -20 - e + 20 + e = 0 exactly"]),
    Case("rosenbrock", rosenbrock, (("-2.048", "2.048"), ("-2.048", "2.048")), [("1", "1")], "newton-2d",
         "SFU rosen"),
    Case("beale", beale, (("-4.5", "4.5"), ("-4.5", "4.5")), [("3", "0.5")], "newton-2d", "SFU beale"),
    Case("goldstein-price", goldstein_price, (("-2", "2"), ("-2", "2")), [("0", "-1")], "newton-2d",
         "SFU goldpr"),
    Case("six-hump-camel", six_hump_camel, (("-3", "3"), ("-2", "2")),
         [("0.0898", "-0.7126"), ("-0.0898", "0.7126")], "newton-2d", "SFU camel6"),
    Case("three-hump-camel", three_hump_camel, (("-5", "5"), ("-5", "5")), [("0", "0")], "newton-2d",
         "SFU camel3"),
    Case("eggholder", eggholder, (("-512", "512"), ("-512", "512")), [("512", "404.2319")], "newton-1d-y",
         "SFU egg", fixed_x="512",
         notes=["minimizer on the domain edge x = 512: Newton along y, and df/dx < 0 there "
                "(a bound-constrained minimum)"]),
    Case("holder-table", holder_table, (("-10", "10"), ("-10", "10")),
         [("8.05502", "9.66459"), ("-8.05502", "9.66459"), ("8.05502", "-9.66459"), ("-8.05502", "-9.66459")],
         "newton-2d", "SFU holder", notes=["abs() is smooth near the minimizers (arguments far from 0)"]),
    Case("schwefel", schwefel, (("-500", "500"), ("-500", "500")), [("420.9687", "420.9687")],
         "newton-1d-diag", "SFU schwef",
         notes=["separable: both coordinates minimize -t sin(sqrt t), t > 0; the minimum is not 0 because "
                "the published constant 418.9829 is rounded"]),
    Case("styblinski-tang", styblinski_tang, (("-5", "5"), ("-5", "5")), [("-2.903534", "-2.903534")],
         "newton-1d-diag", "SFU stybtang",
         notes=["separable: both coordinates solve 4t^3 - 32t + 5 = 0 (checked against mpmath.polyroots)"]),
    Case("levy", levy, (("-10", "10"), ("-10", "10")), [("1", "1")], "newton-2d", "SFU levy"),
    Case("levy13", levy13, (("-10", "10"), ("-10", "10")), [("1", "1")], "newton-2d", "SFU levy13"),
    Case("branin", branin, (("-5", "10"), ("0", "15")),
         [("-3.14159", "12.275"), ("3.14159", "2.275"), ("9.42478", "2.475")], "closed-form", "SFU branin",
         _branin_closed, notes=["closed form 5/(4 pi) at (-pi, 12.275), (pi, 2.275), (3 pi, 2.475); "
                                "Newton from the published points agrees"]),
    Case("bukin6", bukin6, (("-15", "-5"), ("-3", "3")), [("-10", "1")], "closed-form", "SFU bukin6",
         lambda: (mpf(0), [(mpf(-10), mpf(1))]), at_kink=True,
         notes=["kinks at the minimizer: both terms vanish only at y = x^2/100, x = -10"]),
    Case("cross-in-tray", cross_in_tray, (("-10", "10"), ("-10", "10")),
         [("1.34941", "1.34941"), ("-1.34941", "1.34941"), ("1.34941", "-1.34941"), ("-1.34941", "-1.34941")],
         "newton-2d", "WIKI Cross-in-tray (SFU prints 1.3491, a typo)",
         notes=["abs() is smooth near the minimizers (arguments far from 0)"]),
    Case("drop-wave", drop_wave, (("-5.12", "5.12"), ("-5.12", "5.12")), [("0", "0")], "closed-form",
         "SFU drop", lambda: (mpf(-1), [(mpf(0), mpf(0))]), at_kink=True,
         notes=["f(0,0) = -(1 + 1)/2 = -1 exactly; |f| <= 2/(r^2/2 + 2) < 1 elsewhere"]),
    Case("mccormick", mccormick, (("-1.5", "4"), ("-3", "4")), [("-0.54719", "-1.54719")], "closed-form",
         "SFU mccorm", _mccormick_closed,
         notes=["closed form -sqrt(3)/2 - pi/3 at (1/2 - pi/3, -1/2 - pi/3); Newton agrees"]),
    Case("matyas", matyas, (("-10", "10"), ("-10", "10")), [("0", "0")], "newton-2d", "SFU matya"),
    Case("booth", booth, (("-10", "10"), ("-10", "10")), [("1", "3")], "newton-2d", "SFU booth"),
    Case("easom", easom, (("-100", "100"), ("-100", "100")), [("3.14159", "3.14159")], "closed-form",
         "SFU easom", lambda: (mpf(-1), [(+pi, +pi)]), gradient_box=(("0", "6.3"), ("0", "6.3")),
         notes=["f(pi, pi) = -1 exactly; Newton from the published point agrees"]),
    Case("schaffer2", schaffer2, (("-100", "100"), ("-100", "100")), [("0", "0")], "newton-2d", "SFU schaffer2",
         notes=["degenerate (quartic) minimum: the gradient vanishes exactly, the Hessian is singular"]),
    Case("schaffer4", schaffer4, (("-100", "100"), ("-100", "100")),
         [("0", "1.25313"), ("0", "-1.25313"), ("1.25313", "0"), ("-1.25313", "0")], "newton-1d-y",
         "WIKI Schaffer function N. 4", fixed_x="0",
         notes=["f is even in x and y and symmetric under x <-> y; minimizer on the axis x = 0 (Newton along "
                "y), with d2f/dx2 > 0 there; abs() is smooth near it (|x^2 - y^2| ~ 1.57)"]),
]


# --------------------------------------------------------------------------------------------------
# Polishing.
# --------------------------------------------------------------------------------------------------

def tiny(digits: int = VERIFIED_DIGITS) -> mpf:
    return mpf(10) ** (-digits)


def grad(f, x, y):
    return mpmath.matrix([mp.diff(f, (x, y), (1, 0)), mp.diff(f, (x, y), (0, 1))])


def hessian(f, x, y):
    fxy = mp.diff(f, (x, y), (1, 1))
    return mpmath.matrix([[mp.diff(f, (x, y), (2, 0)), fxy], [fxy, mp.diff(f, (x, y), (0, 2))]])


def newton_2d(f, x, y):
    """Newton on grad f = 0 from (x, y); returns the point and the size of the last step."""
    last = mpf(1)
    for _ in range(100):
        g = grad(f, x, y)
        if mpmath.norm(g) < tiny(WORKING_DIGITS - 2):
            return x, y, mpf(0)
        step = mpmath.lu_solve(hessian(f, x, y), g)
        x, y = x - step[0], y - step[1]
        last = mpmath.norm(step)
        if last < tiny(WORKING_DIGITS - 5) * (1 + abs(x) + abs(y)):
            break
    else:
        raise RuntimeError("Newton did not converge")
    return x, y, last


def newton_1d(g, t):
    """Newton on g'(t) = 0 from t; returns the point and the size of the last step."""
    last = mpf(1)
    for _ in range(100):
        d1 = mp.diff(g, t, 1)
        if abs(d1) < tiny(WORKING_DIGITS - 2):
            return t, mpf(0)
        step = d1 / mp.diff(g, t, 2)
        t -= step
        last = abs(step)
        if last < tiny(WORKING_DIGITS - 5) * (1 + abs(t)):
            break
    else:
        raise RuntimeError("Newton did not converge")
    return t, last


def check(cond: bool, what: str) -> None:
    if not cond:
        raise AssertionError(what)


def polish(case: Case) -> tuple[list[tuple[mpf, mpf]], mpf]:
    """Every minimizer polished from its published start, and the largest last Newton step."""
    f, steps, pts = case.f, [mpf(0)], []
    for x0, y0 in ((D(a), D(b)) for a, b in case.starts):
        if case.method == "closed-form" and case.at_kink:
            x, y = x0, y0  # Newton does not apply at a kink; the start is the exact minimizer (checked below)
        elif case.method in ("newton-2d", "closed-form"):
            x, y, last = newton_2d(f, x0, y0)
            steps.append(last)
            H = hessian(f, x, y)
            check(case.id == "schaffer2" or (H[0, 0] > 0 and H[0, 0] * H[1, 1] - H[0, 1] ** 2 > 0),
                  f"{case.id}: Hessian not positive definite at {(x, y)}")
        elif case.method == "newton-1d-y":
            xf = D(case.fixed_x)
            if x0 == xf:
                y, last = newton_1d(lambda t, xf=xf: f(xf, t), y0)
                x = xf
            else:  # the mirror image of a function symmetric under x <-> y (Schaffer N.4)
                x, last = newton_1d(lambda t, xf=xf: f(t, xf), x0)
                y = xf
            steps.append(last)
        elif case.method == "newton-1d-diag":  # separable: f(t, 0) has the same minimizer as f(t, t)
            x, last = newton_1d(lambda t: f(t, mpf(0)), x0)
            y = x
            steps.append(last)
        else:
            raise ValueError(case.method)
        # The polished point stays near the published one (a truncated last digit is allowed).
        check(abs(x - x0) < 1e-3 * (1 + abs(x0)) and abs(y - y0) < 1e-3 * (1 + abs(y0)),
              f"{case.id}: the polish wandered from {(x0, y0)} to {(x, y)}")
        pts.append((x, y))
    return pts, max(steps)


def solve(case: Case) -> dict:
    f = case.f
    pts, last_step = polish(case)
    value = f(*pts[0])
    scale = 1 + abs(value)
    check(last_step < tiny() * (1 + max(abs(c) for p in pts for c in p)), f"{case.id}: Newton not converged")
    check(all(abs(f(x, y) - value) < tiny() * scale for x, y in pts), f"{case.id}: minimizers differ in value")

    if case.closed_form is not None:
        exact_value, exact_pts = case.closed_form()
        check(abs(exact_value - value) < tiny() * scale, f"{case.id}: closed form {exact_value} != {value}")
        for (ex, ey), (x, y) in zip(exact_pts, pts, strict=True):
            check(abs(ex - x) < tiny() * (1 + abs(ex)) and abs(ey - y) < tiny() * (1 + abs(ey)),
                  f"{case.id}: closed-form minimizer {(ex, ey)} != polished {(x, y)}")
        value, pts = exact_value, list(exact_pts)

    # First-order conditions to VERIFIED_DIGITS (along y only on Eggholder's edge x = 512).
    free = [(0, 1)] if case.id == "eggholder" else [(1, 0), (0, 1)]
    for x, y in pts:
        if not case.at_kink:
            check(all(abs(mp.diff(f, (x, y), n)) < tiny() * scale for n in free), f"{case.id}: gradient not 0")

    # A local minimum, checked without smoothness: f is higher on small circles around each minimizer (the part
    # of each circle inside the domain, for Eggholder's minimizer on the edge).
    lo_x, hi_x = (D(v) for v in case.domain[0])
    for x, y in pts:
        for radius in (mpf("1e-12"), mpf("1e-6"), mpf("1e-3")):
            for k in range(16):
                px, py = x + radius * cos(2 * pi * k / 16), y + radius * sin(2 * pi * k / 16)
                if lo_x <= px <= hi_x:
                    check(f(px, py) > value - tiny() * scale, f"{case.id}: a lower point near {(x, y)}")

    if case.id == "eggholder":  # on the edge x = 512 the slope must point out of the domain
        check(mp.diff(f, pts[0], (1, 0)) < 0, "eggholder: not a bound-constrained minimum at x = 512")
    if case.id == "schaffer4":  # across the axis x = 0 too
        check(mp.diff(f, pts[0], (2, 0)) > 0, "schaffer4: not a minimum across the axis")
    if case.id == "styblinski-tang":  # d/dt (t^4 - 16 t^2 + 5 t) = 4 t^3 - 32 t + 5
        roots = mpmath.polyroots([4, 0, -32, 5], maxsteps=200, extraprec=200)
        check(min(abs(r - pts[0][0]) for r in roots) < tiny(), "styblinski-tang: disagrees with the cubic's root")

    return {
        "minimum": s_min(value),
        "minimizers": [[s_min(x), s_min(y)] for x, y in pts],
        "method": case.method,
        "source": case.source,
        "published_start": [list(p) for p in case.starts],
        "notes": case.notes,
    }


def s(v, digits: int = PRINTED_DIGITS) -> str:
    """A decimal string with `digits` significant digits."""
    return "0" if v == 0 else mpmath.nstr(v, digits)


def s_min(v) -> str:
    """A minimum or minimizer coordinate; zero up to the working precision prints as "0" (Levy at (1, 1) is
    sin(pi)^2 = 0, but mpmath's pi is rounded)."""
    return "0" if abs(v) < tiny(WORKING_DIGITS - 10) else s(v)


def gradients(case: Case, seed: int) -> list[dict]:
    rng = random.Random(seed)
    (x0, x1), (y0, y1) = ((float(a), float(b)) for a, b in case.gradient_box or case.domain)
    out = []
    for _ in range(GRADIENT_POINTS):
        px, py = rng.uniform(x0, x1), rng.uniform(y0, y1)  # binary64 numbers, converted to mpf exactly
        x, y = mpf(px), mpf(py)
        kink = None
        if case.id in KINKS:
            near = [name for name, v in KINKS[case.id](x, y).items() if abs(v) < KINK_DISTANCE]
            if near:
                kink = f"within {KINK_DISTANCE} of the kink of {', '.join(near)}"
        g = grad(case.f, x, y)
        out.append({"point": [px, py], "value": s(case.f(x, y), GRADIENT_DIGITS),
                    "grad": [s(g[0], GRADIENT_DIGITS), s(g[1], GRADIENT_DIGITS)], "kink": kink})
    return out


def header(what: str) -> dict:
    return {
        "what": what,
        "generated_by": "tools/oracles/classic_minima.py",
        "mpmath_version": mpmath.__version__,
        "working_precision_digits": WORKING_DIGITS,
        "verified_digits": VERIFIED_DIGITS,
        "sources": ["https://www.sfu.ca/~ssurjano/ (Surjanovic & Bingham)",
                    "https://en.wikipedia.org/wiki/Test_functions_for_optimization"],
    }


def main() -> int:
    minima, grads = {}, {}
    for i, case in enumerate(CASES):
        minima[case.id] = solve(case)
        grads[case.id] = gradients(case, seed=1000 + i)
        print(f"{case.id:18s} {minima[case.id]['minimum']:>36s}  {case.method}", file=sys.stderr)
    OUT_MINIMA.parent.mkdir(parents=True, exist_ok=True)
    doc = header("global minimum and every global minimizer of each classic function")
    doc |= {"printed_digits": PRINTED_DIGITS, "functions": minima}
    OUT_MINIMA.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    doc = header("value and exact gradient at seeded random points (mpmath.diff of the oracle's formulas)")
    doc |= {"printed_digits": GRADIENT_DIGITS, "kink_distance": KINK_DISTANCE, "functions": grads}
    OUT_GRADIENTS.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
