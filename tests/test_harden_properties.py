"""Property tests (issue 8): random formulas and random level documents never raise anything but the level
error types and stay within the work limits; exact gradients match central differences wherever the
formula is smooth; `hiker check` always names the file on every line it prints.

Example counts are bounded (derandomized, no database) so the suite stays fast and deterministic; set
HIKER_EXAMPLES=1000 to run more by hand.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import string

import numpy as np
import tomli_w
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from engine.expr import FormulaError, compile_formula
from engine.expr.syntax import MAX_DEPTH, MAX_HEIGHT, MAX_NODES, height
from engine.level import LevelError, parse_level, prepare
from engine.level.bounded import height_cost
from engine.level.problems import printable
from engine.level.schema import KEYS
from game.cli import main

N = int(os.environ.get("HIKER_EXAMPLES", "0")) or None


def bounded(examples: int):
    return settings(max_examples=N or examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def no_shrink(examples: int):
    """For huge examples: shrinking a 1000-term formula takes minutes, and the failing text says enough."""
    return settings(bounded(examples), phases=[Phase.explicit, Phase.generate])


# --------------------------------------------------------------------------- formulas

NUMBERS = st.one_of(st.integers(0, 10).map(str), st.sampled_from(["0", "0.5", ".25", "1e-3", "2.5e2", "1e300", "1e-300",
                                                                   "0.0", "1e308", "123456789"]))
LEAVES = st.one_of(NUMBERS, st.sampled_from(["x", "y", "pi", "e", "a", "b"]))
FUNCS1 = ["sin", "cos", "tan", "exp", "log", "log10", "sqrt", "abs", "tanh", "sinh", "cosh", "atan", "softplus"]


def _combine(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**", "^"]), children).map(
            lambda t: f"({t[0]}{t[1]}{t[2]})"),
        children.map(lambda c: f"-{c}"),
        st.tuples(st.sampled_from(FUNCS1), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(["min", "max", "atan2"]), st.lists(children, min_size=2, max_size=4)).map(
            lambda t: f"{t[0]}({', '.join(t[1][:2] if t[0] == 'atan2' else t[1])})"),
    )


FORMULAS = st.recursive(LEAVES, _combine, max_leaves=40)
WIDE = st.tuples(st.lists(st.sampled_from(["x", "y", "1", "x*y", "sin(x)", "2.5"]), min_size=200, max_size=1000),
                 st.sampled_from(["+", "-", "*", "/"])).map(lambda t: t[1].join(t[0]))
DEEP = st.tuples(st.integers(1, 70), st.sampled_from(["(", "sin(", "-(", "exp(", "(1+"])).map(
    lambda t: t[1] * t[0] + "x" + ")" * t[0])
NOISE = st.text(alphabet=string.printable + "\u00a0\u0661\uff0b\u200b\u00e9", max_size=80)


def _check_formula(text: str) -> None:
    try:
        f = compile_formula(text, {"a": 1.5, "b": -2.0})
    except FormulaError as err:
        assert err.col is None or 1 <= err.col <= len(text) + 1
        return
    # within the work limits: what evaluation walks is bounded, whatever the text was
    assert height_cost(f.tree) <= MAX_NODES and height(f.tree) <= MAX_HEIGHT
    P = np.random.default_rng(0).uniform(-3, 3, size=(64, 2))
    v, g = f.value_and_grad(P)
    assert v.shape == (64,) and g.shape == (64, 2)
    f.problems(P)


@bounded(150)
@given(FORMULAS)
def test_random_formulas_compile_or_fail_cleanly(text):
    _check_formula(text)


@no_shrink(25)
@given(WIDE)
def test_wide_formulas_within_the_limits(text):
    _check_formula(text)


@no_shrink(25)
@given(DEEP)
def test_deep_formulas_within_the_limits(text):
    _check_formula(text)
    if text.count("(") > MAX_DEPTH + 2:
        try:
            compile_formula(text)
        except FormulaError as err:
            assert "nested too deeply" in err.message
        else:
            raise AssertionError("a formula nested deeper than the limit compiled")


@bounded(100)
@given(NOISE)
def test_arbitrary_text_is_a_formula_error_or_a_formula(text):
    _check_formula(text)


SMOOTH_LEAVES = st.one_of(st.sampled_from(["x", "y", "0.5", "1.3", "2"]))


def _smooth(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        children.map(lambda c: f"-{c}"),
        st.tuples(st.sampled_from(["sin", "cos", "tanh", "atan", "softplus"]), children).map(
            lambda t: f"{t[0]}({t[1]})"),
        children.map(lambda c: f"exp(sin({c}))"),
        children.map(lambda c: f"sqrt(1 + ({c})**2)"),
        children.map(lambda c: f"log(2 + sin({c}))"),
        children.map(lambda c: f"({c})/(2 + ({c})**2)"),
        st.tuples(children, st.sampled_from(["2", "3"])).map(lambda t: f"({t[0]})**{t[1]}"),
    )


@bounded(120)
@given(st.recursive(SMOOTH_LEAVES, _smooth, max_leaves=14), st.integers(0, 2**32 - 1))
def test_exact_gradient_matches_central_differences(text, seed):
    f = compile_formula(text)
    P = np.random.default_rng(seed).uniform(-1.5, 1.5, size=(16, 2))
    v, G = f.value_and_grad(P)
    for axis in (0, 1):
        def diff(h, axis=axis):
            step = np.zeros(2)
            step[axis] = h
            return (f.value(P + step) - f.value(P - step)) / (2 * h)

        d1, d2 = diff(1e-5), diff(2e-5)
        scale = 1 + np.abs(d1)
        smooth = np.isfinite(v) & np.isfinite(d1) & (np.abs(d1 - d2) <= 1e-6 * scale)  # away from kinks
        assert np.all(np.abs(G[smooth, axis] - d1[smooth]) <= 1e-5 * scale[smooth] + 1e-9 * np.abs(v[smooth]) / 1e-5), \
            (text, P[smooth][:3])


# --------------------------------------------------------------------------- level documents

BASE = {
    "level": {"id": "prop", "title": "Property"},
    "landscape": {"kind": "formula", "formula": "x**2 + y**2", "domain": {"x": [-2, 2], "y": [-2, 2]}},
    "start": {"point": [0.5, 0.5]},
}
SCALARS = st.one_of(
    st.integers(-5, 20), st.integers(-2**70, 2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1e-324, 5e-324, 1e308, -1e308, 0.5, 2.0]), st.booleans(),
    st.text(max_size=30), st.sampled_from(["gd", "adam:lr=0.1", "x**2", "log(x)", "map.png", "formula", "wells",
                                            "data", "function", "himmelblau", "../x", "\x00", "\x1b[2J", "T" * 200]),
)
INNER_KEYS = st.sampled_from(["x", "y", "at", "depth", "width", "a"])
VALUES = st.recursive(SCALARS, lambda c: st.one_of(st.lists(c, max_size=5), st.dictionaries(INNER_KEYS, c, max_size=3)),
                      max_leaves=12)
KEY_NAMES = st.sampled_from(sorted({k for keys in KEYS.values() for k in keys} | {"junk", "x", "y", "sled"}))
SECTIONS = st.sampled_from([*KEYS, "junk"])


@st.composite
def documents(draw):
    doc = {k: dict(v) for k, v in BASE.items()}
    for _ in range(draw(st.integers(0, 6))):
        section = draw(SECTIONS)
        table = doc.setdefault(section, {})
        if not isinstance(table, dict):
            continue
        if draw(st.booleans()):
            table[draw(KEY_NAMES)] = draw(VALUES)
        elif table:
            table.pop(draw(st.sampled_from(sorted(table))))
    return doc


def _toml(doc) -> str | None:
    try:
        return tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return None


@bounded(200)
@given(documents())
def test_random_level_documents_validate_or_fail_with_a_level_error(tmp_path_factory, doc):
    text = _toml(doc)
    if text is None:
        return
    folder = tmp_path_factory.mktemp("doc")
    try:
        parse_level(text, "prop.toml", folder / "prop.toml")
    except LevelError as err:
        assert err.problems and all(p.file == "prop.toml" for p in err.problems)


@bounded(25)
@given(documents())
def test_random_valid_levels_prepare_or_fail_with_a_level_error(tmp_path_factory, doc):
    text = _toml(doc)
    if text is None:
        return
    folder = tmp_path_factory.mktemp("doc")
    try:
        spec = parse_level(text, "prop.toml", folder / "prop.toml")
        level = prepare(spec)
    except LevelError:
        return
    assert math.isfinite(level.minimum.value) and level.minimum.tolerance > 0


# --------------------------------------------------------------------------- hiker check names the file

NAMES = st.text(alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1,
                max_size=40).filter(lambda s: s not in (".", "..") and len(s.encode()) < 200)


@bounded(60)
@given(NAMES, st.one_of(documents().map(_toml), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_check_output_always_names_the_file(tmp_path_factory, name, text):
    path = tmp_path_factory.mktemp("named") / (name + ".toml")
    try:
        path.write_text(text or "", encoding="utf-8", errors="surrogatepass")
    except (OSError, UnicodeEncodeError):
        return
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path)])
    shown = printable(str(path), 4096)
    lines = out.getvalue().splitlines()
    assert code in (0, 1) and lines and err.getvalue() == ""
    assert all(line.startswith(shown) for line in lines), lines[:3]
