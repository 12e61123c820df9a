"""The compiled formula evaluator against independent oracles: torch autograd, mpmath, hand-counted programs."""

import math
import tomllib

import numpy as np
import pytest

from engine.expr import FUNCTIONS, FormulaError, compile_formula, ops, parse
from engine.expr.calculus import FUNCTIONS as RULES
from engine.expr.program import compile_program
from engine.expr.tree import Binary, Call, Num, Unary, Var
from engine.functions import CLASSIC
from engine.level import builtin_dir

TEST_FORMULAS = [
    "sin(x)*cos(y) + tan(0.3*x)",
    "exp(-x^2 - y^2) + log(2 + x*x) + log10(3 + y*y)",
    "sqrt(1 + x**2 + y**2) + abs(x - y + 0.123)",
    "tanh(x) + sinh(0.5*y) + cosh(0.3*x*y) + atan(x*y)",
    "atan2(y + 3, x + 3) + min(x, y) + max(x, y, 0.2)",
    "softplus(3*x - y) + (x - 1)^3 - -y",
    "(2 + x**2)**(0.5 + 0.1*y)",
    "x**-3 + y**7 - x**5*y**4 + 2**x",
    "x/(1 + y*y) - 3/(2 + x**2)",
]


def level_formulas():
    out = [(f.formula, f.domain) for f in CLASSIC.values()]
    for path in sorted(builtin_dir().glob("*.toml")):
        spec = tomllib.loads(path.read_text())["landscape"]
        text = spec.get("formula") or spec.get("base")
        if text:
            out.append((text, (tuple(spec["domain"]["x"]), tuple(spec["domain"]["y"]))))
    return out + [(t, ((-1.7, 1.7), (-1.7, 1.7))) for t in TEST_FORMULAS]


def to_torch(node, x, y, torch):
    """An independent evaluation of our tree in torch (only the parser is shared)."""
    if isinstance(node, Num):
        return torch.tensor(node.value, dtype=torch.float64)
    if isinstance(node, Var):
        return x if node.name == "x" else y
    if isinstance(node, Unary):
        return -to_torch(node.operand, x, y, torch)
    if isinstance(node, Binary):
        a, b = to_torch(node.left, x, y, torch), to_torch(node.right, x, y, torch)
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b, "**": a**b}[node.op]
    args = [to_torch(a, x, y, torch) for a in node.args]
    if node.name in ("min", "max"):
        fold = torch.minimum if node.name == "min" else torch.maximum
        v = args[0]
        for b in args[1:]:
            v = fold(v, b)
        return v
    if node.name == "atan2":
        return torch.atan2(*args)
    if node.name == "softplus":
        return torch.logaddexp(torch.zeros_like(args[0]), args[0])
    return getattr(torch, node.name)(args[0])


@pytest.mark.parametrize("text, domain", level_formulas(), ids=lambda v: v if isinstance(v, str) else "")
def test_values_and_gradients_match_torch_autograd(text, domain):
    torch = pytest.importorskip("torch")
    f = compile_formula(text)
    rng = np.random.default_rng(3)
    P = np.column_stack([rng.uniform(*domain[0], 500), rng.uniform(*domain[1], 500)])
    v, G = f.value_and_grad(P)
    w = torch.tensor(P, requires_grad=True)
    tv = to_torch(parse(text), w[:, 0], w[:, 1], torch)
    (tg,) = torch.autograd.grad(tv.sum(), w)
    tv, tg = tv.detach().numpy(), tg.numpy()
    ok = np.isfinite(tg).all(1) & np.isfinite(G).all(1)  # kinks: torch and we may differ in the convention
    assert ok.mean() > 0.95
    scale_v = np.abs(tv).max() + 1.0
    np.testing.assert_allclose(v, tv, rtol=1e-12, atol=1e-12 * scale_v)
    scale_g = np.abs(tg[ok]).max() + 1.0
    np.testing.assert_allclose(G[ok], tg[ok], rtol=1e-9, atol=1e-12 * scale_g)


@pytest.mark.parametrize("k", [3, 4, 5, 6, 7, 9, 12, 17, -1, -2, -3, -5])
def test_integer_powers_by_multiplication_are_within_1e12_of_the_exact_power(k):
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.prec = 200
    x = np.random.default_rng(k + 20).uniform(-3, 3, 400)
    x[:3] = [-2.0, 1e-3, 2.5]
    got = compile_formula(f"x**({k})").value(np.column_stack([x, x]))
    exact = np.array([float(mpmath.mpf(float(t)) ** k) for t in x])
    np.testing.assert_allclose(got, exact, rtol=1e-12)
    # and none of them go through pow: the program is multiplications (and one reciprocal)
    program = compile_formula(f"x**({k})").value_program
    assert {row[0] for row in program.code} <= {ops.MUL, ops.KDIV}


def test_gradient_of_a_power_is_exact_against_mpmath():
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.prec = 200
    f = compile_formula("x**5*y - y**3/x")
    P = np.array([[1.3, -0.7], [-2.1, 0.4]])
    _, G = f.value_and_grad(P)
    for (x, y), (gx, gy) in zip(P, G, strict=True):
        X, Y = mpmath.mpf(float(x)), mpmath.mpf(float(y))
        assert gx == pytest.approx(float(5 * X**4 * Y + Y**3 / X**2), rel=1e-13)
        assert gy == pytest.approx(float(X**5 - 3 * Y**2 / X), rel=1e-13)


def test_one_point_runs_on_floats_and_agrees_with_arrays_bit_for_bit():
    rng = np.random.default_rng(0)
    for text, domain in level_formulas():
        f = compile_formula(text)
        P = np.column_stack([rng.uniform(*domain[0], 40), rng.uniform(*domain[1], 40)])
        P[:4] = np.round(P[:4])  # kinks at whole numbers for abs/sqrt formulas
        v, G = f.value_and_grad(P)
        one = [f.value_and_grad(P[i:i + 1]) for i in range(len(P))]
        np.testing.assert_array_equal(np.concatenate([o[0] for o in one]), v, err_msg=text)
        np.testing.assert_array_equal(np.concatenate([o[1] for o in one]), G, err_msg=text)
        np.testing.assert_array_equal(np.concatenate([f.value(P[i:i + 1]) for i in range(len(P))]), f.value(P))


def test_chunks_do_not_change_numbers():
    f = compile_formula("x**2 + y**2 - 2*exp(-((x-1)**2 + y**2)/0.2) - 6*exp(-((x+1)**2 + y**2)/0.2)")
    P = np.random.default_rng(1).uniform(-2, 2, (10_001, 2))
    v, G = f.value_and_grad(P)
    for s in (0, 4095, 4096, 9999):
        vs, Gs = f.value_and_grad(P[s:s + 3])
        np.testing.assert_array_equal(vs, v[s:s + 3])
        np.testing.assert_array_equal(Gs, G[s:s + 3])


def test_repeated_parts_are_computed_once():
    # Twin Valleys has y**2 three times, (x-1)**2 and (x+1)**2 once each: three squares of y become one.
    program = compile_program(parse("x**2 + y**2 - 2*exp(-((x-1)**2 + y**2)/0.2) - 6*exp(-((x+1)**2 + y**2)/0.2)"),
                              grad=False)
    squares = [row for row in program.code if row[0] == ops.MUL and row[2] == row[3]]
    assert len(squares) == 4  # x*x, y*y, (x-1)^2, (x+1)^2
    assert sum(row[0] == ops.EXP for row in program.code) == 2
    assert program.nfloat <= 6  # registers are reused: x, y and a few temporaries


def test_every_function_of_the_language_has_one_rule():
    assert set(FUNCTIONS) == set(RULES) | {"min", "max", "atan2"}


def test_a_very_long_sum_evaluates_without_recursion():
    text = "+".join(["x"] * 999)
    v, G = compile_formula(text).value_and_grad(np.array([[1.5, 2.0]]))
    assert v[0] == pytest.approx(999 * 1.5) and tuple(G[0]) == (999.0, 0.0)


@pytest.mark.parametrize("text", ["(-8)**0.5", "(1e300)**2", "0**-1", "log(0)", "1/0"])
def test_undefined_constants_are_errors_not_crashes(text):
    with pytest.raises(FormulaError, match="undefined|too large|division by zero|not a real number"):
        parse(text)


def test_constant_folding_uses_float64_arithmetic():
    assert parse("5.1/(4*pi**2)") == Num(5.1 / (4 * math.pi * math.pi))
    assert isinstance(parse("2*pi*x"), Binary)


def test_min_max_pick_the_gradient_of_the_chosen_argument():
    f = compile_formula("min(x, 2*y) + max(x, y, 0.5)")
    v, G = f.value_and_grad(np.array([[1.0, 3.0], [3.0, 1.0], [0.1, 0.2]]))
    np.testing.assert_array_equal(v, [1.0 + 3.0, 2.0 + 3.0, 0.1 + 0.5])
    np.testing.assert_array_equal(G, [[1.0, 1.0], [1.0, 2.0], [1.0, 0.0]])


def test_call_nodes_of_every_kind_compile():
    for name in FUNCTIONS:
        lo, _ = FUNCTIONS[name]
        node = Call(name, tuple(Var("x") if i == 0 else Num(0.5) for i in range(lo)))
        compile_program(node, grad=True)
