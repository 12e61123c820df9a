"""A level as a typed, immutable value: what a level file says, validated, with every default filled in.

The validator (schema.py) builds these values from TOML, the writer (writer.py) writes them back, and
the editor builds them in memory. A ``LevelSpec`` holds everything needed to build its landscape: files
a level names (a heightmap image, a CSV of data rows) are read when the spec is made, so preparing it
(prepare.py) never touches the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import numpy as np

from ..landscapes import Domain, Well

DEFAULT_LINEUP = ("gd", "momentum", "adam")
MODES = ("blindfolded", "fog", "clear")  # how much of the map the player sees (Rules.mode)


@dataclass(frozen=True)
class LevelInfo:
    id: str
    title: str
    description: str = ""
    author: str = ""
    difficulty: int = 2  # 1 (gentle) to 5 (devious)


Constants = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class FunctionSpec:
    """A classic test function by name; ``domain`` None means the function's usual domain."""

    name: str
    domain: Domain | None = None
    kind: ClassVar[str] = "function"


@dataclass(frozen=True)
class FormulaSpec:
    formula: str
    domain: Domain
    constants: Constants = ()
    kind: ClassVar[str] = "formula"


@dataclass(frozen=True)
class WellsSpec:
    """A base formula minus Gaussian wells (a negative depth makes a hill)."""

    base: str
    wells: tuple[Well, ...]
    domain: Domain
    constants: Constants = ()
    kind: ClassVar[str] = "wells"


@dataclass(frozen=True, eq=False)
class Gray:
    """A grayscale image as read-only floats in [0, 1], row 0 the north edge. Compared by value."""

    pixels: np.ndarray

    def __post_init__(self) -> None:
        arr = np.array(self.pixels, dtype=float)  # a private copy nobody else can write to
        arr.setflags(write=False)
        object.__setattr__(self, "pixels", arr)

    @property
    def shape(self) -> tuple[int, int]:
        return self.pixels.shape  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Gray) and np.array_equal(self.pixels, other.pixels)

    def __hash__(self) -> int:
        return hash((self.pixels.shape, self.pixels.tobytes()))


@dataclass(frozen=True)
class HeightmapSpec:
    """A grayscale image (``image``, a file next to the level) mapped to altitudes ``height``."""

    image: str
    gray: Gray
    height: tuple[float, float]
    domain: Domain
    kind: ClassVar[str] = "heightmap"


@dataclass(frozen=True)
class DataSpec:
    """(feature, target) rows for one linear neuron; ``csv`` names the file they were read from, if any."""

    rows: tuple[tuple[float, float], ...]
    domain: Domain
    csv: str | None = None
    kind: ClassVar[str] = "data"


@dataclass(frozen=True)
class DatasetSpec:
    """A network's 2-D classification data: inline ``rows`` of (x1, x2, label), ``rows`` read from the CSV
    ``csv``, or a set made by ``generate`` (moons, circles, xor, spirals) from ``size``, ``noise``, ``seed``."""

    rows: tuple[tuple[float, float, int], ...] = ()
    csv: str | None = None
    generate: str | None = None
    size: int = 200
    noise: float = 0.1
    seed: int = 0


@dataclass(frozen=True)
class AxesSpec:
    """The map's two coordinates: two named parameters (``weights``), or a random filter-normalized slice
    through θ* drawn from ``slice`` (its seed)."""

    weights: tuple[str, str] | None = None
    slice: int | None = None


@dataclass(frozen=True)
class TrainSpec:
    """How θ* is found when the level does not store it: full-batch Adam steps from a seeded start."""

    steps: int = 500
    lr: float = 0.05
    seed: int = 0


@dataclass(frozen=True)
class NetworkSpec:
    """A small multilayer perceptron's loss on 2-D classification data, over two of its parameters or a
    slice; ``theta`` is a stored θ* (None: ``train`` finds it when the level is prepared)."""

    layers: tuple[int, ...]
    dataset: DatasetSpec
    axes: AxesSpec
    domain: Domain
    activation: str = "tanh"
    loss: str = "cross-entropy"
    train: TrainSpec = field(default_factory=TrainSpec)
    theta: tuple[float, ...] | None = None
    kind: ClassVar[str] = "network"


LandscapeSpec = FunctionSpec | FormulaSpec | WellsSpec | HeightmapSpec | DataSpec | NetworkSpec


@dataclass(frozen=True)
class Abilities:
    sled: int = 2
    leap: int = 3
    restart: int = 1


@dataclass(frozen=True)
class Rules:
    steps: int = 40
    stride: float = 0.1
    fog: float = 0.0  # how far the hiker sees, in map units; 0 = blind
    abilities: Abilities = field(default_factory=Abilities)
    par: int | None = None  # steps for three stars; None means half the budget
    mode: str = "fog"  # one of MODES: only the trail ("blindfolded"), clearings around it ("fog"), all ("clear")

    @property
    def par_steps(self) -> int:
        return self.par if self.par is not None else max(1, self.steps // 2)


@dataclass(frozen=True)
class Goal:
    """The hidden global minimum, if the level declares it, and the altitude tolerance for "found"."""

    value: float | None = None
    points: tuple[tuple[float, float], ...] | None = None
    tolerance: float | None = None

    @property
    def declared(self) -> tuple[float, list[tuple[float, float]]] | None:
        return None if self.value is None or self.points is None else (self.value, list(self.points))


@dataclass(frozen=True)
class RacerSpec:
    """One optimizer of a line-up: its name and the parameters given (the rest take their defaults)."""

    name: str
    given: tuple[tuple[str, Any], ...] = ()

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.given)

    @classmethod
    def of(cls, name: str, params: dict[str, Any] | None = None) -> RacerSpec:
        return cls(name, tuple((params or {}).items()))


@dataclass(frozen=True)
class RaceSpec:
    lineup: tuple[RacerSpec, ...] = tuple(RacerSpec(n) for n in DEFAULT_LINEUP)
    steps: int = 200
    seed: int = 0


@dataclass(frozen=True)
class LevelSpec:
    info: LevelInfo
    landscape: LandscapeSpec
    start: tuple[float, float] | None = None  # None: a random start
    rules: Rules = field(default_factory=Rules)
    goal: Goal = field(default_factory=Goal)
    race: RaceSpec = field(default_factory=RaceSpec)

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def kind(self) -> str:
        return self.landscape.kind

    def with_(self, **changes: Any) -> LevelSpec:
        """A copy with some fields replaced (the editor's edits)."""
        return replace(self, **changes)
