"""The classic 2-D optimization test functions, with their usual domains and known global minima.

Formulas follow Surjanovic & Bingham's Virtual Library of Simulation Experiments (sfu.ca/~ssurjano)
and Wikipedia's "Test functions for optimization". They are written in the game's own formula
language, so their gradients come from the same exact forward-mode differentiation as user formulas.

Minima are the true minima of these formulas in float64, refined with exact gradients (see
tests/test_functions.py). Where the published tables round, the value here is the precise one:
Schwefel's minimum is 2.5455e-05, not 0, because its constant 418.9829 is itself rounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PI = math.pi


@dataclass(frozen=True)
class ClassicFunction:
    id: str
    title: str
    formula: str
    domain: tuple[tuple[float, float], tuple[float, float]]
    minimum: float
    minimizers: tuple[tuple[float, float], ...]
    note: str = ""


def _f(id, title, formula, domain, minimum, minimizers, note=""):
    return ClassicFunction(id, title, formula, domain, minimum, tuple(minimizers), note)


_S = 1.2531318314637332  # Schaffer N.4 minimizer coordinate
_HT = (8.0550234757365634, 9.6645900192412729)  # Hölder table
_CT = 1.3494066171539108  # cross-in-tray
_ST = -2.9035340277711771  # Styblinski-Tang
_SC = 420.96874635998203  # Schwefel

CLASSIC: dict[str, ClassicFunction] = {f.id: f for f in [
    _f("himmelblau", "Himmelblau", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
       ((-5, 5), (-5, 5)), 0.0,
       [(3.0, 2.0), (-2.8051180869527449, 3.1313125182505730),
        (-3.7793102533777469, -3.2831859912861694), (3.5844283403304917, -1.8481265269644036)],
       "four equally deep valleys"),
    _f("rastrigin", "Rastrigin", "20 + x**2 - 10*cos(2*pi*x) + y**2 - 10*cos(2*pi*y)",
       ((-5.12, 5.12), (-5.12, 5.12)), 0.0, [(0.0, 0.0)], "a regular egg-crate of local minima"),
    _f("ackley", "Ackley",
       "-20*exp(-0.2*sqrt(0.5*(x**2 + y**2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
       ((-5, 5), (-5, 5)), 0.0, [(0.0, 0.0)], "a funnel covered in dimples"),
    _f("rosenbrock", "Rosenbrock", "(1 - x)**2 + 100*(y - x**2)**2",
       ((-2, 2), (-1, 3)), 0.0, [(1.0, 1.0)], "a long curved banana-shaped valley"),
    _f("beale", "Beale",
       "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
       ((-4.5, 4.5), (-4.5, 4.5)), 0.0, [(3.0, 0.5)], "flat arms and sharp corners"),
    _f("goldstein-price", "Goldstein-Price",
       "(1 + (x + y + 1)**2*(19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2))"
       "*(30 + (2*x - 3*y)**2*(18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))",
       ((-2, 2), (-2, 2)), 3.0, [(0.0, -1.0)], "huge range of heights, several basins"),
    _f("six-hump-camel", "Six-Hump Camel",
       "(4 - 2.1*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2",
       ((-3, 3), (-2, 2)), -1.0316284534898774,
       [(0.089842013100318062, -0.71265640302073963), (-0.089842013100318062, 0.71265640302073963)],
       "six humps, two global valleys"),
    _f("three-hump-camel", "Three-Hump Camel", "2*x**2 - 1.05*x**4 + x**6/6 + x*y + y**2",
       ((-5, 5), (-5, 5)), 0.0, [(0.0, 0.0)], "one global and two local valleys"),
    _f("eggholder", "Eggholder",
       "-(y + 47)*sin(sqrt(abs(x/2 + y + 47))) - x*sin(sqrt(abs(x - (y + 47))))",
       ((-512, 512), (-512, 512)), -959.6406627208508, [(512.0, 404.23180511375781)],
       "chaotic ridges; the minimum sits on the domain's edge"),
    _f("holder-table", "Hölder Table",
       "-abs(sin(x)*cos(y)*exp(abs(1 - sqrt(x**2 + y**2)/pi)))",
       ((-10, 10), (-10, 10)), -19.208502567886732,
       [(_HT[0], _HT[1]), (-_HT[0], _HT[1]), (_HT[0], -_HT[1]), (-_HT[0], -_HT[1])],
       "four deep corners of a rippled table"),
    _f("schwefel", "Schwefel", "837.9658 - x*sin(sqrt(abs(x))) - y*sin(sqrt(abs(y)))",
       ((-500, 500), (-500, 500)), 2.5455132532153149e-05, [(_SC, _SC)],
       "the best valley is far from the second best"),
    _f("styblinski-tang", "Styblinski-Tang", "0.5*(x**4 - 16*x**2 + 5*x + y**4 - 16*y**2 + 5*y)",
       ((-5, 5), (-5, 5)), -78.332331407542831, [(_ST, _ST)], "four valleys of different depths"),
    _f("levy", "Levy",
       "sin(pi*(1 + (x - 1)/4))**2 + ((x - 1)/4)**2*(1 + 10*sin(pi*(1 + (x - 1)/4) + 1)**2)"
       " + ((y - 1)/4)**2*(1 + sin(2*pi*(1 + (y - 1)/4))**2)",
       ((-10, 10), (-10, 10)), 0.0, [(1.0, 1.0)], "ripples on a tilted floor"),
    _f("levy13", "Levy N.13",
       "sin(3*pi*x)**2 + (x - 1)**2*(1 + sin(3*pi*y)**2) + (y - 1)**2*(1 + sin(2*pi*y)**2)",
       ((-10, 10), (-10, 10)), 0.0, [(1.0, 1.0)], "a corrugated bowl"),
    _f("branin", "Branin",
       "(y - 5.1/(4*pi**2)*x**2 + 5/pi*x - 6)**2 + 10*(1 - 1/(8*pi))*cos(x) + 10",
       ((-5, 10), (0, 15)), 5 / (4 * PI),
       [(-PI, 12.275), (PI, 2.275), (3 * PI, 2.475)], "three equally deep valleys"),
    _f("bukin6", "Bukin N.6", "100*sqrt(abs(y - 0.01*x**2)) + 0.01*abs(x + 10)",
       ((-15, -5), (-3, 3)), 0.0, [(-10.0, 1.0)], "a sharp ridge-shaped valley, not smooth at its floor"),
    _f("cross-in-tray", "Cross-in-Tray",
       "-0.0001*(abs(sin(x)*sin(y)*exp(abs(100 - sqrt(x**2 + y**2)/pi))) + 1)**0.1",
       ((-10, 10), (-10, 10)), -2.0626118708227381,
       [(_CT, _CT), (-_CT, _CT), (_CT, -_CT), (-_CT, -_CT)], "a cross of ridges, four pits"),
    _f("drop-wave", "Drop-Wave",
       "-(1 + cos(12*sqrt(x**2 + y**2)))/(0.5*(x**2 + y**2) + 2)",
       ((-5.12, 5.12), (-5.12, 5.12)), -1.0, [(0.0, 0.0)], "rings like a drop in a pond"),
    _f("mccormick", "McCormick", "sin(x + y) + (x - y)**2 - 1.5*x + 2.5*y + 1",
       ((-1.5, 4), (-3, 4)), -math.sqrt(3) / 2 - PI / 3, [(0.5 - PI / 3, -0.5 - PI / 3)],
       "a tilted trough"),
    _f("matyas", "Matyas", "0.26*(x**2 + y**2) - 0.48*x*y", ((-10, 10), (-10, 10)), 0.0,
       [(0.0, 0.0)], "a flat, tilted bowl"),
    _f("booth", "Booth", "(x + 2*y - 7)**2 + (2*x + y - 5)**2", ((-10, 10), (-10, 10)), 0.0,
       [(1.0, 3.0)], "a plain elongated bowl"),
    _f("easom", "Easom", "-cos(x)*cos(y)*exp(-((x - pi)**2 + (y - pi)**2))",
       ((-100, 100), (-100, 100)), -1.0, [(PI, PI)], "a vast plain with one tiny hole"),
    _f("schaffer2", "Schaffer N.2",
       "0.5 + (sin(x**2 - y**2)**2 - 0.5)/(1 + 0.001*(x**2 + y**2))**2",
       ((-100, 100), (-100, 100)), 0.0, [(0.0, 0.0)], "wild ripples around a calm centre"),
    _f("schaffer4", "Schaffer N.4",
       "0.5 + (cos(sin(abs(x**2 - y**2)))**2 - 0.5)/(1 + 0.001*(x**2 + y**2))**2",
       ((-100, 100), (-100, 100)), 0.29257863203598055,
       [(0.0, _S), (0.0, -_S), (_S, 0.0), (-_S, 0.0)], "four minima hidden on a cross"),
]}
