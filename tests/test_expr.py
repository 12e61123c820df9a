"""The formula language: parsing, safety limits and exact gradients."""

import time

import numpy as np
import pytest

from engine.expr import FormulaError, compile_formula, parse


def central_diff(f, P, h=1e-6):
    ex = np.array([h, 0.0])
    ey = np.array([0.0, h])
    return np.stack([(f.value(P + ex) - f.value(P - ex)) / (2 * h), (f.value(P + ey) - f.value(P - ey)) / (2 * h)], 1)


FORMULAS = [
    "x**2 + 10*y**2",
    "sin(x)*cos(y) + tan(0.3*x)",
    "exp(-x^2 - y^2) + log(2 + x*x) + log10(3 + y*y)",
    "sqrt(1 + x**2 + y**2) + abs(x - y + 0.123)",
    "tanh(x) + sinh(0.5*y) + cosh(0.3*x*y) + atan(x*y)",
    "atan2(y + 3, x + 3) + min(x, y) + max(x, y, 0.2)",
    "softplus(3*x - y) + (x - 1)^3 - -y",
    "(2 + x**2)**(0.5 + 0.1*y)",
    "a*x + b*y**2",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_gradient_is_exact_against_central_differences(text):
    f = compile_formula(text, {"a": 1.5, "b": -0.25})
    rng = np.random.default_rng(1)
    P = rng.uniform(-1.7, 1.7, size=(200, 2))
    v, G = f.value_and_grad(P)
    num = central_diff(f, P)
    assert v.shape == (200,) and G.shape == (200, 2)
    np.testing.assert_allclose(G, num, rtol=1e-6, atol=1e-6)


def test_precedence_and_power_rules():
    P = np.array([[2.0, 3.0]])
    cases = {"-x**2": -4, "2^3^2": 512, "x*y - y/x": 4.5, "-(x)^2 + 1": -3, "1e-3*1e3": 1, "(x+y)*2": 10,
             "2*-x": -4, "pi": np.pi, "e": np.e}
    for text, want in cases.items():
        assert compile_formula(text).value(P)[0] == pytest.approx(want), text


def test_kinks_get_zero_derivative_instead_of_nan():
    f = compile_formula("sqrt(x**2 + y**2)")
    _, G = f.value_and_grad(np.array([[0.0, 0.0]]))
    assert np.all(np.isfinite(G))


@pytest.mark.parametrize("text, message", [
    ("__import__('os').system('x')", "strings are not part of the formula language"),
    ("__import__(x)", "unknown function '__import__'"),
    ("().__class__", "unexpected character '.'"),
    ("x.__class__", "unexpected character '.'"),
    ("9**9**9", "exponent 3.8742e+08 is too large"),
    ("x**1000", "exponent 1000 is too large"),
    ("sni(x)", "did you mean 'sin'"),
    ("x + z", "unknown name 'z'"),
    ("2x", "write multiplication explicitly"),
    ("(x + 1", "expected ')'"),
    ("", "formula is empty"),
    ("sin", "needs parentheses"),
    ("atan2(x)", "takes 2 argument(s)"),
    ("x" + "+x" * 3000, "the limit is 4000"),
    ("+".join(["x"] * 1900), "too large"),
    ("(" * 100 + "x" + ")" * 100, "nested too deeply"),
    ("lambda: 1", "unexpected character ':'"),
    ("lambda", "unknown name 'lambda'"),
    ("1e999", "too large"),
])
def test_bad_formulas_are_rejected_with_a_reason(text, message):
    with pytest.raises(FormulaError) as err:
        parse(text)
    assert message in str(err.value)


def test_runaway_exponent_is_rejected_quickly():
    t0 = time.process_time()
    with pytest.raises(FormulaError):
        parse("9**9**9**9")
    assert time.process_time() - t0 < 5  # generous: only guards against actually computing it


def test_error_column_points_at_the_problem():
    with pytest.raises(FormulaError) as err:
        parse("x + 2*foo")
    assert err.value.col == 7


def test_problems_name_a_sample_point():
    f = compile_formula("log(x) + abs(y)")
    P = np.array([[-1.0, 0.5], [1.0, 0.0], [2.0, 1.0]])
    found = dict(f.problems(P))
    assert found["log of a non-positive number"] == (-1.0, 0.5)
    assert found["abs at 0 (not differentiable)"] == (1.0, 0.0)
