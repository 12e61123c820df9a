"""The editor's fields: every number and text of a level as a labelled row that reads from a LevelSpec and
writes a new one, and a one-line text editor (caret, insert, delete) for editing a row.

Setters raise ValueError with a message for the person typing; the editor then validates the whole level
(engine.level.design.check_spec) before it accepts the edit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from engine.functions import CLASSIC
from engine.landscapes import Domain, Well
from engine.level.design import domain_of, set_point, set_well
from engine.level.spec import (
    DataSpec,
    FormulaSpec,
    FunctionSpec,
    HeightmapSpec,
    LevelSpec,
    NetworkSpec,
    RacerSpec,
    WellsSpec,
)
from engine.level.writer import racer_text
from engine.suggest import did_you_mean


@dataclass(frozen=True)
class Field:
    key: str  # stable across edits: "title", "well:2", "point:0"
    section: str
    label: str
    get: Callable[[LevelSpec], str]
    set: Callable[[LevelSpec, str], LevelSpec] | None = None  # None: read-only
    toggle: Callable[[LevelSpec], LevelSpec] | None = None  # a yes/no field: Enter flips it
    hint: str = ""  # what to type
    formula: bool = False  # edited in the formula bar


# --------------------------------------------------------------------------- parsing what people type


def g(v: float) -> str:
    """A number as people write it (exact: repr for floats that :g would round)."""
    if isinstance(v, int) or float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    short = f"{v:g}"
    return short if float(short) == v else repr(float(v))


def number(text: str, what: str) -> float:
    try:
        v = float(text.strip().replace("\u2212", "-"))
    except ValueError:
        raise ValueError(f"{what}: {text.strip()[:30]!r} is not a number") from None
    if not math.isfinite(v):
        raise ValueError(f"{what} must be a finite number")
    return v


def whole(text: str, what: str) -> int:
    v = number(text, what)
    if not v.is_integer():
        raise ValueError(f"{what} must be a whole number")
    return int(v)


def numbers(text: str, n: int, what: str) -> tuple[float, ...]:
    parts = [p for p in re.split(r"[,;\s]+", text.strip().strip("()[]")) if p]
    if len(parts) != n:
        raise ValueError(f"{what}: type {n} numbers separated by commas")
    return tuple(number(p, what) for p in parts)


def auto(text: str) -> bool:
    return text.strip().lower() in ("", "auto", "default", "none")


# --------------------------------------------------------------------------- setters


def _info(**changes) -> Callable[[LevelSpec], LevelSpec]:
    return lambda s: s.with_(info=replace(s.info, **changes))


def _rules(spec: LevelSpec, **changes) -> LevelSpec:
    return spec.with_(rules=replace(spec.rules, **changes))


def _abilities(spec: LevelSpec, **changes) -> LevelSpec:
    return _rules(spec, abilities=replace(spec.rules.abilities, **changes))


def _landscape(spec: LevelSpec, **changes) -> LevelSpec:
    return spec.with_(landscape=replace(spec.landscape, **changes))


def set_title(spec: LevelSpec, text: str) -> LevelSpec:
    if not text.strip():
        raise ValueError("a level needs a title")
    return _info(title=text.strip())(spec)


def set_domain(spec: LevelSpec, axis: str, text: str) -> LevelSpec:
    lo, hi = numbers(text, 2, f"domain {axis}")
    if not lo < hi:
        raise ValueError(f"domain {axis}: the first number must be smaller than the second")
    d = domain_of(spec.landscape)
    new = Domain((lo, hi), d.y) if axis == "x" else Domain(d.x, (lo, hi))
    return _landscape(spec, domain=new)


def set_start(spec: LevelSpec, text: str) -> LevelSpec:
    if text.strip().lower() in ("random", "r", "?"):
        return spec.with_(start=None)
    return spec.with_(start=numbers(text, 2, "start"))


def set_function(spec: LevelSpec, text: str) -> LevelSpec:
    name = text.strip().lower()
    if name not in CLASSIC:
        raise ValueError(f"unknown function {name!r}; {did_you_mean(name, sorted(CLASSIC), 0.5)}")
    return _landscape(spec, name=name)


def set_constants(spec: LevelSpec, text: str) -> LevelSpec:
    consts = []
    for item in filter(None, (p.strip() for p in re.split(r"[,;]", text))):
        name, eq, value = item.partition("=")
        if not eq:
            raise ValueError(f"constants: write name = number, e.g. a = 1.5 (got {item[:20]!r})")
        consts.append((name.strip(), number(value, f"constant {name.strip()}")))
    return _landscape(spec, constants=tuple(consts))


def set_lineup(spec: LevelSpec, text: str) -> LevelSpec:
    from engine.optim import NAMES, SpecError, complete, parse_spec

    racers = []
    for item in filter(None, re.split(r"[\s;]+", text.strip())):
        try:
            name, params = parse_spec(item)
            if name not in NAMES:
                raise SpecError(f"unknown optimizer {name!r}; {did_you_mean(name, NAMES, 0.5)}")
            complete(name, params, spec.race.steps)
        except SpecError as err:
            raise ValueError(str(err)) from None
        racers.append(RacerSpec.of(name, params))
    if not racers:
        raise ValueError("the race needs at least one racer, e.g. gd:lr=0.05")
    return spec.with_(race=replace(spec.race, lineup=tuple(racers)))


def set_height(spec: LevelSpec, text: str) -> LevelSpec:
    lo, hi = numbers(text, 2, "height")
    if not lo < hi:
        raise ValueError("height: the altitude of black must be lower than that of white")
    return _landscape(spec, height=(lo, hi))


def set_image(spec: LevelSpec, text: str) -> LevelSpec:
    from pathlib import Path

    from engine.heightmap import HeightmapError
    from engine.level.design import gray_from_file

    path = Path(text.strip()).expanduser()
    if not path.is_file():
        raise ValueError(f"no image file at {text.strip()[:60]!r}")
    try:
        gray = gray_from_file(path)
    except HeightmapError as err:
        raise ValueError(f"{path.name}: {err}") from None
    return _landscape(spec, gray=gray)


def set_well_text(i: int) -> Callable[[LevelSpec, str], LevelSpec]:
    def setter(spec: LevelSpec, text: str) -> LevelSpec:
        x, y, depth, width = numbers(text, 4, f"well {i + 1}")
        if width <= 0:
            raise ValueError(f"well {i + 1}: the width must be > 0")
        return set_well(spec, i, Well((x, y), depth, width))
    return setter


def set_point_text(i: int) -> Callable[[LevelSpec, str], LevelSpec]:
    def setter(spec: LevelSpec, text: str) -> LevelSpec:
        return set_point(spec, i, numbers(text, 2, f"point {i + 1}"))  # type: ignore[arg-type]
    return setter


def set_formula(spec: LevelSpec, text: str) -> LevelSpec:
    """The formula of a formula level, or the base of a wells level; a classic function becomes a formula."""
    land = spec.landscape
    if isinstance(land, WellsSpec):
        return _landscape(spec, base=text)
    if isinstance(land, FunctionSpec):
        return spec.with_(landscape=FormulaSpec(text, domain_of(land)))
    return _landscape(spec, formula=text)


def formula_of(spec: LevelSpec) -> str:
    land = spec.landscape
    if isinstance(land, WellsSpec):
        return land.base
    if isinstance(land, FunctionSpec):
        return CLASSIC[land.name].formula
    return land.formula if isinstance(land, FormulaSpec) else ""


def constants_of(spec: LevelSpec) -> dict[str, float]:
    land = spec.landscape
    return dict(land.constants) if isinstance(land, FormulaSpec | WellsSpec) else {}


def _network(spec: LevelSpec, **changes) -> LevelSpec:
    return _landscape(spec, **changes)


def set_layers(spec: LevelSpec, text: str) -> LevelSpec:
    parts = [p for p in re.split(r"[,;\s]+", text.strip().strip("()[]")) if p]
    if not parts:
        raise ValueError("layers: type the sizes, inputs first, e.g. 2, 8, 1")
    return _network(spec, layers=tuple(whole(p, "layers") for p in parts))


def set_axes(spec: LevelSpec, text: str) -> LevelSpec:
    from engine.level.spec import AxesSpec

    t = text.strip()
    m = re.fullmatch(r"slice\s*(\d+)?", t, re.I)
    if m:
        return _network(spec, axes=AxesSpec(None, int(m.group(1) or 0)))
    names = re.findall(r"[wb]\s*\[[^\]]*\]\s*\[[^\]]*\]", t)
    if len(names) != 2:
        raise ValueError('axes: two parameters, e.g. w[1][0,3] b[2][0], or "slice 1" for a random slice')
    return _network(spec, axes=AxesSpec((names[0].replace(" ", ""), names[1].replace(" ", "")), None))


def _dataset(spec: LevelSpec, **changes) -> LevelSpec:
    land = spec.landscape
    if land.dataset.generate is None:
        raise ValueError("this level's data are its own rows; only a generated set has a size, noise and seed")
    return _network(spec, dataset=replace(land.dataset, **changes))


def set_generate(spec: LevelSpec, text: str) -> LevelSpec:
    land = spec.landscape
    name = text.strip().lower()
    if land.dataset.generate is None:
        raise ValueError("this level's data are its own rows (edit the file to generate a set instead)")
    return _network(spec, dataset=replace(land.dataset, generate=name))


def _train(spec: LevelSpec, **changes) -> LevelSpec:
    land = spec.landscape
    if land.theta is not None:
        raise ValueError("this level stores its trained weights; it is not trained when prepared")
    return _network(spec, train=replace(land.train, **changes))


def network_fields(land: NetworkSpec) -> list[Field]:
    """A network's settings: its architecture, its data, its map's axes and its training run."""
    out = [
        Field("net-layers", "Network", "Layers", lambda s: ", ".join(map(str, s.landscape.layers)), set_layers,
              hint="sizes, inputs first: 2, 8, 1"),
        Field("net-activation", "Network", "Activation", lambda s: s.landscape.activation,
              lambda s, t: _network(s, activation=t.strip().lower()), hint="tanh, relu or sigmoid"),
        Field("net-loss", "Network", "Loss", lambda s: s.landscape.loss,
              lambda s, t: _network(s, loss=t.strip().lower()), hint="cross-entropy or squared"),
        Field("net-axes", "Network", "Axes",
              lambda s: "  ".join(s.landscape.axes.weights) if s.landscape.axes.weights
              else f"slice {s.landscape.axes.slice}", set_axes, hint="w[1][0,3] b[2][0]  or  slice 1"),
    ]
    d = land.dataset
    if d.generate is not None:
        out += [
            Field("net-generate", "Network", "Data set", lambda s: s.landscape.dataset.generate, set_generate,
                  hint="moons, circles, xor or spirals"),
            _int_field("net-size", "Network", "Points", lambda s: s.landscape.dataset.size,
                       lambda s, v: _dataset(s, size=v), "4 to 2000"),
            Field("net-noise", "Network", "Noise", lambda s: g(s.landscape.dataset.noise),
                  lambda s, t: _dataset(s, noise=number(t, "noise")), hint="std-dev of the noise, >= 0"),
            _int_field("net-data-seed", "Network", "Data seed", lambda s: s.landscape.dataset.seed,
                       lambda s, v: _dataset(s, seed=v), "a whole number >= 0"),
        ]
    else:
        out.append(Field("net-rows", "Network", "Data", lambda s: f"{len(s.landscape.dataset.rows)} points"
                         + (f" from {s.landscape.dataset.csv}" if s.landscape.dataset.csv else ""), None))
    if land.theta is None:
        out += [
            _int_field("net-train-steps", "Network", "Training steps", lambda s: s.landscape.train.steps,
                       lambda s, v: _train(s, steps=v), "full-batch Adam steps, 0 to 5000"),
            Field("net-train-lr", "Network", "Training lr", lambda s: g(s.landscape.train.lr),
                  lambda s, t: _train(s, lr=number(t, "training lr")), hint="Adam's learning rate"),
            _int_field("net-train-seed", "Network", "Training seed", lambda s: s.landscape.train.seed,
                       lambda s, v: _train(s, seed=v), "the initial weights' seed"),
        ]
    else:
        out.append(Field("net-theta", "Network", "Trained weights", lambda s: f"stored ({len(s.landscape.theta)})",
                         None))
    return out


# --------------------------------------------------------------------------- the fields of a level


def _int_field(key: str, section: str, label: str, get, set_, hint: str) -> Field:
    return Field(key, section, label, lambda s: str(get(s)), lambda s, t: set_(s, whole(t, label.lower())), hint=hint)


def fields_for(spec: LevelSpec) -> list[Field]:
    """Every editable row of a level, in the order the panel lists them."""
    land = spec.landscape
    out = [
        Field("title", "Level", "Title", lambda s: s.title, set_title, hint="the name players see"),
        Field("description", "Level", "Description", lambda s: s.info.description,
              lambda s, t: _info(description=t.strip())(s), hint="the story, and the lesson"),
        Field("author", "Level", "Author", lambda s: s.info.author, lambda s, t: _info(author=t.strip())(s)),
        _int_field("difficulty", "Level", "Difficulty", lambda s: s.info.difficulty,
                   lambda s, v: _info(difficulty=v)(s), "1 (gentle) to 5 (devious)"),
    ]
    if isinstance(land, FunctionSpec):
        out.append(Field("function", "Landscape", "Function", lambda s: s.landscape.name, set_function,
                         hint=", ".join(sorted(CLASSIC))))
    if isinstance(land, FormulaSpec | WellsSpec | FunctionSpec):
        label = "Base formula" if isinstance(land, WellsSpec) else "Formula"
        out.append(Field("formula", "Landscape", label, formula_of, set_formula, formula=True,
                         hint="in x and y, e.g. x**2 + 3*y**2"))
    if isinstance(land, FormulaSpec | WellsSpec):
        out.append(Field("constants", "Landscape", "Constants",
                         lambda s: ", ".join(f"{k} = {g(v)}" for k, v in s.landscape.constants),
                         set_constants, hint="a = 1.5, b = 2"))
    if isinstance(land, HeightmapSpec):
        out.append(Field("image", "Landscape", "Import image", lambda s: f"{s.landscape.gray.shape[1]}x"
                         f"{s.landscape.gray.shape[0]} pixels", set_image, hint="path to a grayscale PNG"))
        out.append(Field("height", "Landscape", "Height (black, white)",
                         lambda s: f"{g(s.landscape.height[0])}, {g(s.landscape.height[1])}", set_height,
                         hint="the altitudes of black and white"))
    if isinstance(land, NetworkSpec):
        out += network_fields(land)
    out += [
        Field("domain-x", "Landscape", "Domain x" if spec.kind != "data" else "Domain w0",
              lambda s: "{}, {}".format(*map(g, domain_of(s.landscape).x)), lambda s, t: set_domain(s, "x", t),
              hint="low, high"),
        Field("domain-y", "Landscape", "Domain y" if spec.kind != "data" else "Domain w1",
              lambda s: "{}, {}".format(*map(g, domain_of(s.landscape).y)), lambda s, t: set_domain(s, "y", t),
              hint="low, high"),
        Field("start", "Start", "Start", lambda s: "random" if s.start is None else f"{g(s.start[0])}, {g(s.start[1])}",
              set_start, hint="x, y  or  random"),
        _int_field("steps", "Rules", "Steps", lambda s: s.rules.steps, lambda s, v: _rules(s, steps=v),
                   "the step budget, 1 to 10000"),
        Field("stride", "Rules", "Stride", lambda s: g(s.rules.stride),
              lambda s, t: _rules(s, stride=number(t, "stride")), hint="the player's learning rate, > 0"),
        Field("fog", "Rules", "Fog (sight)", lambda s: g(s.rules.fog), lambda s, t: _rules(s, fog=number(t, "fog")),
              hint="how far the hiker sees; 0 = blind"),
        _int_field("sled", "Rules", "Sled uses", lambda s: s.rules.abilities.sled,
                   lambda s, v: _abilities(s, sled=v), "momentum, 0 to 99"),
        _int_field("leap", "Rules", "Leap uses", lambda s: s.rules.abilities.leap,
                   lambda s, v: _abilities(s, leap=v), "annealing jumps, 0 to 99"),
        _int_field("restart", "Rules", "Restart uses", lambda s: s.rules.abilities.restart,
                   lambda s, v: _abilities(s, restart=v), "0 to 99"),
        Field("par", "Rules", "Par", lambda s: "auto" if s.rules.par is None else str(s.rules.par),
              lambda s, t: _rules(s, par=None if auto(t) else whole(t, "par")),
              hint="steps for the third star; auto = half the steps"),
        Field("tolerance", "Goal", "Tolerance", lambda s: "auto" if s.goal.tolerance is None else g(s.goal.tolerance),
              lambda s, t: s.with_(goal=replace(s.goal, tolerance=None if auto(t) else number(t, "tolerance"))),
              hint="how close to the bottom counts as found; auto"),
        Field("lineup", "Race", "Line-up", lambda s: "  ".join(racer_text(r) for r in s.race.lineup), set_lineup,
              hint="optimizers separated by spaces: gd:lr=0.05 adam"),
        _int_field("race-steps", "Race", "Race steps", lambda s: s.race.steps,
                   lambda s, v: s.with_(race=replace(s.race, steps=v)), "how long the race runs"),
        _int_field("seed", "Race", "Seed", lambda s: s.race.seed,
                   lambda s, v: s.with_(race=replace(s.race, seed=v)), "random numbers, >= 0"),
    ]
    if isinstance(land, WellsSpec):
        for i in range(len(land.wells)):
            out.append(Field(f"well:{i}", "Wells", f"{'Hill' if land.wells[i].depth < 0 else 'Well'} {i + 1}",
                             lambda s, i=i: _well_text(s.landscape.wells[i]), set_well_text(i),
                             hint="x, y, depth, width"))
    if isinstance(land, DataSpec):
        for i in range(len(land.rows)):
            out.append(Field(f"point:{i}", "Points", f"Point {i + 1}",
                             lambda s, i=i: f"{g(s.landscape.rows[i][0])}, {g(s.landscape.rows[i][1])}",
                             set_point_text(i), hint="feature, target"))
    return out


def _well_text(w: Well) -> str:
    return f"{g(w.at[0])}, {g(w.at[1])}, {g(w.depth)}, {g(w.width)}"


# --------------------------------------------------------------------------- a line of text being edited


class TextLine:
    """One line of text with a caret: what a text field holds while it is edited. It opens with all of its
    text selected, as text fields do: typing replaces it, an arrow key or Home/End keeps it."""

    def __init__(self, text: str, limit: int = 4000, selected: bool = True) -> None:
        self.text = text[:limit]
        self.caret = len(self.text)
        self.limit = limit
        self.selected = selected and bool(self.text)

    def _take_selection(self) -> bool:
        if self.selected:
            self.text, self.caret, self.selected = "", 0, False
            return True
        return False

    def insert(self, s: str) -> None:
        self._take_selection()
        s = "".join(c for c in s if c.isprintable())
        room = self.limit - len(self.text)
        s = s[:max(0, room)]
        self.text = self.text[:self.caret] + s + self.text[self.caret:]
        self.caret += len(s)

    def backspace(self) -> None:
        if self._take_selection():
            return
        if self.caret > 0:
            self.text = self.text[:self.caret - 1] + self.text[self.caret:]
            self.caret -= 1

    def delete(self) -> None:
        if self._take_selection():
            return
        self.text = self.text[:self.caret] + self.text[self.caret + 1:]

    def move(self, delta: int) -> None:
        self.selected = False
        self.caret = max(0, min(len(self.text), self.caret + delta))

    def home(self) -> None:
        self.selected = False
        self.caret = 0

    def end(self) -> None:
        self.selected = False
        self.caret = len(self.text)
