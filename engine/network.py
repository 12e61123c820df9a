"""A small neural network's loss as a landscape: a multilayer perceptron on a 2-D classification data set.

The network. ``layers = (2, h1, ..., K)``: two inputs, hidden layers of the given widths, K outputs. Layer
``l`` (1 to L) computes ``z_l = a_{l-1} @ w[l] + b[l]`` with ``w[l]`` of shape (layers[l-1], layers[l]) and
``b[l]`` of shape (layers[l],); hidden layers apply the activation (tanh, relu or sigmoid), the last layer
is linear (its outputs are logits). ``w[l][i,j]`` is the weight from unit i of layer l-1 (layer 0 is the
input) to unit j of layer l; ``b[l][j]`` the bias of unit j of layer l. Indices start at 0.

The parameter vector θ lists, layer after layer, ``w[l]`` row-major then ``b[l]``.

The loss, averaged over the examples (as torch's default ``reduction="mean"``):

- ``cross-entropy`` with one output: binary cross-entropy of the logit z against the label y ∈ {0, 1},
  softplus(z) − y·z (torch ``binary_cross_entropy_with_logits``); with K ≥ 2 outputs: softmax cross-entropy,
  logsumexp(z) − z[y] (torch ``cross_entropy``).
- ``squared``: the mean over examples and outputs of (z − t)², t the label (one output) or its one-hot
  vector (K outputs) (torch ``mse_loss``).

The map. A hiker at (x, y) stands on the parameters θ = origin + x·d1 + y·d2. With two chosen weights the
origin is θ* with those two set to 0 and d1, d2 pick them (so x and y are the weights' values); with a
slice the origin is θ* itself and d1, d2 are two random filter-normalized directions (Li et al. 2018).

Values and exact gradients come from backpropagation, vectorized over hikers (N hikers are N parameter
vectors), in chunks of hikers so the temporaries stay under ``CHUNK_BYTES``. Layers before the first one a
direction touches are the same for every hiker: their output on the data is computed once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .landscapes import Domain, Landscape, Out, outputs

ACTIVATIONS = ("tanh", "relu", "sigmoid")
LOSSES = ("cross-entropy", "squared")
MAX_LAYERS = 6  # sizes listed: the input, at most four hidden layers, the output
MAX_WIDTH = 64  # units in a hidden layer
MAX_OUTPUTS = 8  # classes
MAX_PARAMS = 1000
MAX_WORK = 100_000  # examples × (parameters + 10 × hidden units): what one hiker's value costs
ACTIVATION_WORK = 10  # a tanh costs about ten multiply-adds
MAX_TRAIN_STEPS = 5000
CHUNK_BYTES = 16 * 2**20  # temporaries of one chunk of hikers (small enough to stay in the caches)
FILTER_EPS = 1e-10  # as tomgoldstein/loss-landscape's normalize_direction

_NAME = re.compile(r"\s*([wb])\s*\[\s*(\d+)\s*\]\s*\[\s*(\d+)\s*(?:,\s*(\d+)\s*)?\]\s*")


class ParamNameError(ValueError):
    """A parameter name that does not name a parameter of the network: a message and a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Architecture:
    """Layer sizes (inputs first), the hidden layers' activation, and the loss."""

    layers: tuple[int, ...]
    activation: str = "tanh"
    loss: str = "cross-entropy"

    @property
    def depth(self) -> int:
        """L: the number of weight layers."""
        return len(self.layers) - 1

    @property
    def outputs(self) -> int:
        return self.layers[-1]

    @property
    def classes(self) -> int:
        return max(2, self.outputs)

    @cached_property
    def offsets(self) -> tuple[tuple[int, int, int], ...]:
        """Per layer (0-based): (start of w, start of b, end) in θ."""
        out, pos = [], 0
        for fan_in, fan_out in zip(self.layers[:-1], self.layers[1:], strict=True):
            w = pos
            b = w + fan_in * fan_out
            pos = b + fan_out
            out.append((w, b, pos))
        return tuple(out)

    @property
    def size(self) -> int:
        """The number of parameters."""
        return self.offsets[-1][2]

    def unpack(self, theta: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """θ (..., P) as per layer (w (..., in, out), b (..., out)); views, not copies."""
        theta = np.asarray(theta, dtype=float)
        lead = theta.shape[:-1]
        out = []
        for (w, b, end), fan_in, fan_out in zip(self.offsets, self.layers[:-1], self.layers[1:], strict=True):
            out.append((theta[..., w:b].reshape(*lead, fan_in, fan_out), theta[..., b:end]))
        return out

    def names(self) -> list[str]:
        """Every parameter's name, in θ's order."""
        out = []
        for layer, (fan_in, fan_out) in enumerate(zip(self.layers[:-1], self.layers[1:], strict=True), start=1):
            out += [f"w[{layer}][{i},{j}]" for i in range(fan_in) for j in range(fan_out)]
            out += [f"b[{layer}][{j}]" for j in range(fan_out)]
        return out

    def index(self, name: str) -> int:
        """The position in θ of a parameter named like "w[1][0,3]" or "b[2][0]" (ParamNameError otherwise)."""
        example = 'write w[LAYER][FROM,TO] for a weight or b[LAYER][UNIT] for a bias, e.g. "w[1][0,1]", "b[2][0]"'
        m = _NAME.fullmatch(name) if isinstance(name, str) else None
        if m is None:
            return self._bad(f"{str(name)[:40]!r} is not a parameter name", example)
        kind, layer, i, j = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
        if kind == "b" and j is not None:
            return self._bad(f"{name.strip()!r}: a bias has one index, the unit", 'e.g. "b[1][0]"')
        if kind == "w" and j is None:
            return self._bad(f"{name.strip()!r}: a weight has two indices, from and to", 'e.g. "w[1][0,1]"')
        if not 1 <= layer <= self.depth:
            return self._bad(f"{name.strip()!r}: there is no layer {layer}; this network's layers are 1 to "
                             f"{self.depth}", "layer 1 takes the inputs, the last layer gives the outputs")
        fan_in, fan_out = self.layers[layer - 1], self.layers[layer]
        w, b, _ = self.offsets[layer - 1]
        if kind == "b":
            if i >= fan_out:
                return self._bad(f"{name.strip()!r}: layer {layer} has {fan_out} units, b[{layer}][0] to "
                                 f"b[{layer}][{fan_out - 1}]")
            return b + i
        j = int(j)
        if i >= fan_in or j >= fan_out:
            return self._bad(f"{name.strip()!r}: w[{layer}] is {fan_in}×{fan_out} (from {fan_in} units to "
                             f"{fan_out}), so the indices run to w[{layer}][{fan_in - 1},{fan_out - 1}]")
        return w + i * fan_out + j

    @staticmethod
    def _bad(message: str, hint: str = "") -> int:
        raise ParamNameError(message, hint)

    def init(self, seed: int) -> np.ndarray:
        """θ at initialization: every weight and bias of layer l uniform in ±1/√(fan in), as torch.nn.Linear,
        drawn from ``default_rng(seed)`` layer by layer, w then b."""
        rng = np.random.default_rng(seed)
        parts = []
        for fan_in, fan_out in zip(self.layers[:-1], self.layers[1:], strict=True):
            bound = 1.0 / np.sqrt(fan_in)
            parts.append(rng.uniform(-bound, bound, fan_in * fan_out))
            parts.append(rng.uniform(-bound, bound, fan_out))
        return np.concatenate(parts)

    def targets(self, labels: np.ndarray) -> np.ndarray:
        """What the outputs are compared with, (n, K): the label itself (one output) or its one-hot vector."""
        labels = np.asarray(labels).astype(np.int64).reshape(-1)
        if self.outputs == 1:
            return labels.astype(float)[:, None]
        return np.eye(self.outputs)[labels]


# --------------------------------------------------------------------------- the arithmetic


def _softplus(z: np.ndarray) -> np.ndarray:
    """log(1 + e^z) without overflow: max(z, 0) + log1p(e^-|z|) (three times faster than np.logaddexp)."""
    out = np.abs(z)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    out += np.maximum(z, 0.0)
    return out


def _expit(z: np.ndarray) -> np.ndarray:
    """The logistic sigmoid 1 / (1 + e^-z), as exp(-softplus(-z))."""
    out = _softplus(-z)
    np.negative(out, out=out)
    return np.exp(out, out=out)


def activate(name: str, z: np.ndarray, inplace: bool = False) -> np.ndarray:
    """The hidden layers' activation of z (into z itself if ``inplace``)."""
    out = z if inplace else None
    if name == "tanh":
        return np.tanh(z, out=out)
    if name == "relu":
        return np.maximum(z, 0.0, out=out)
    return _expit(z)


def activation_slope(name: str, h: np.ndarray) -> np.ndarray:
    """The activation's derivative, from its output h (0 at relu's kink, as torch)."""
    if name == "tanh":
        return 1.0 - h * h
    if name == "relu":
        return (h > 0).astype(float)
    return h * (1.0 - h)


def loss_and_slope(arch: Architecture, Z: np.ndarray, T: np.ndarray,
                   slope: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """The mean loss of outputs Z (N, n, K) against targets T (n, K) or (N, n, K): (N,), and dLoss/dZ."""
    n, K = Z.shape[-2], Z.shape[-1]
    if arch.loss == "squared":
        diff = Z - T
        value = np.einsum("hnk,hnk->h", diff, diff) / (n * K)
        return value, (diff * (2.0 / (n * K)) if slope else None)
    if K == 1:
        z = Z[..., 0]
        t = T[..., 0]
        per = _softplus(z)
        per -= t * z
        value = per.mean(axis=-1)
        return value, (((_expit(z) - t) / n)[..., None] if slope else None)
    top = Z.max(axis=-1, keepdims=True)
    e = np.exp(Z - top)
    total = e.sum(axis=-1, keepdims=True)
    lse = top[..., 0] + np.log(total[..., 0])
    value = (lse - (T * Z).sum(axis=-1)).mean(axis=-1)
    return value, ((e / total - T) / n if slope else None)


Layer = tuple[np.ndarray, np.ndarray]  # w (N, in, out), b (N, out)
Sink = Callable[[int, np.ndarray, np.ndarray], None]  # (layer index in the list, input a (.., n, in), delta)


def run(arch: Architecture, layers: list[Layer], A: np.ndarray, T: np.ndarray, sink: Sink | None = None,
        Z0: np.ndarray | None = None) -> np.ndarray:
    """Forward (and, with a ``sink``, backward) through ``layers``, the network's last layers, for N
    parameter sets at once. ``A`` is the input of the first of them: (n, in), shared by all, or (N, n, in).
    The sink receives each layer's input and dLoss/dz, last layer first. ``Z0``, if given, is the first
    layer's output z, already computed."""
    inputs = []
    H = A
    for k, (W, b) in enumerate(layers):
        inputs.append(H)
        if k == 0 and Z0 is not None:
            Z = Z0
        else:
            Z = np.matmul(H, W)
            Z += b[:, None, :]
        H = Z if k == len(layers) - 1 else activate(arch.activation, Z, inplace=True)  # Z is a temporary
    value, delta = loss_and_slope(arch, H, T, sink is not None)
    if sink is None:
        return value
    for k in range(len(layers) - 1, -1, -1):
        sink(k, inputs[k], delta)
        if k > 0:
            delta = np.matmul(delta, np.swapaxes(layers[k][0], -1, -2))
            delta *= activation_slope(arch.activation, inputs[k])
    return value


def full_gradient(arch: Architecture, theta: np.ndarray, X: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
    """The loss and its gradient in every parameter, for one θ (training)."""
    parts = arch.unpack(theta[None])
    grad = np.empty(arch.size)

    def sink(k: int, a: np.ndarray, delta: np.ndarray) -> None:
        w, b, end = arch.offsets[k]
        grad[w:b] = (a.reshape(-1, a.shape[-1]).T @ delta[0]).ravel()
        grad[b:end] = delta[0].sum(axis=0)

    value = run(arch, parts, X, T, sink)
    return float(value[0]), grad


def train(arch: Architecture, X: np.ndarray, labels: np.ndarray, steps: int, lr: float, seed: int) -> np.ndarray:
    """θ* from a seeded run: ``init(seed)``, then ``steps`` full-batch Adam steps (torch.optim.Adam's form with
    its defaults β = (0.9, 0.999), ε = 1e-8) of learning rate ``lr`` on the mean loss."""
    theta = arch.init(seed)
    T = arch.targets(labels)
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, int(steps) + 1):
        _, g = full_gradient(arch, theta, X, T)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        denom = np.sqrt(v / (1 - b2**t)) + eps
        theta = theta - (lr / (1 - b1**t)) * m / denom
    return theta


def filter_normalized_directions(arch: Architecture, theta: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two random directions in θ-space, filter-normalized as in Li, Xu, Taylor, Studer & Goldstein,
    "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018), following tomgoldstein/loss-landscape
    (net_plotter.py: create_random_direction with norm='filter', ignore='biasbn', the README's setting):
    a Gaussian direction per weight matrix, each filter rescaled to the norm of the same filter of θ*
    (d ← d · ‖w‖ / (‖d‖ + 1e-10)), and biases left out (their direction is 0). A filter of a fully
    connected layer is one unit's incoming weights: a row of torch's (out, in) weight, here a column of
    w[l] (in, out). Drawn from ``default_rng(seed)``: d1 layer by layer, then d2."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(2):
        d = np.zeros(arch.size)
        for (wd, bd), (w, _) in zip(arch.unpack(d), arch.unpack(theta), strict=True):
            r = rng.standard_normal(wd.shape)
            r *= np.linalg.norm(w, axis=0) / (np.linalg.norm(r, axis=0) + FILTER_EPS)
            wd[...] = r
            bd[...] = 0.0
        out.append(d)
    return out[0], out[1]


# --------------------------------------------------------------------------- the landscape


@dataclass(frozen=True)
class Axes:
    """How the map's two coordinates become parameters: θ = origin + x·d1 + y·d2."""

    origin: np.ndarray
    d1: np.ndarray
    d2: np.ndarray
    names: tuple[str, str]  # what the map's axes are called ("w[1][0,3]", or "a" and "b" for a slice)
    weights: tuple[str, str] | None = None  # the two chosen parameters, or None for a slice
    slice_seed: int | None = None

    @classmethod
    def two_weights(cls, arch: Architecture, theta: np.ndarray, first: str, second: str) -> Axes:
        i, j = arch.index(first), arch.index(second)
        if i == j:
            raise ParamNameError(f"{first!r} and {second!r} are the same parameter",
                                 "the map needs two different parameters")
        origin = np.array(theta, dtype=float)
        origin[[i, j]] = 0.0
        d1, d2 = np.zeros(arch.size), np.zeros(arch.size)
        d1[i] = d2[j] = 1.0
        return cls(origin, d1, d2, (arch.names()[i], arch.names()[j]), (first, second))

    @classmethod
    def random_slice(cls, arch: Architecture, theta: np.ndarray, seed: int) -> Axes:
        d1, d2 = filter_normalized_directions(arch, theta, seed)
        return cls(np.array(theta, dtype=float), d1, d2, ("a", "b"), None, seed)


class NetworkLandscape(Landscape):
    """The mean loss of a small network on its data, over a 2-D plane of its parameters."""

    kind = "network"

    def __init__(self, arch: Architecture, X: np.ndarray, labels: np.ndarray, theta_star: np.ndarray,
                 axes: Axes, domain: Domain) -> None:
        super().__init__(domain)
        self.arch = arch
        self.X = np.ascontiguousarray(X, dtype=float).reshape(-1, 2)
        self.labels = np.asarray(labels).astype(np.int64).reshape(-1)
        self.theta_star = np.array(theta_star, dtype=float)
        self.theta_star.setflags(write=False)
        self.axes = axes
        self.T = arch.targets(self.labels)
        moved = [np.any(d1w) or np.any(d1b) or np.any(d2w) or np.any(d2b) for (d1w, d1b), (d2w, d2b)
                 in zip(arch.unpack(axes.d1), arch.unpack(axes.d2), strict=True)]
        self.first = moved.index(True) if any(moved) else arch.depth - 1  # the first layer a hiker moves
        base = arch.unpack(axes.origin)
        self._base = base[self.first:]
        self._d1 = arch.unpack(axes.d1)[self.first:]
        self._d2 = arch.unpack(axes.d2)[self.first:]
        self._touched = moved[self.first:]
        # The fixed layers' output on the data: the same for every hiker.
        H = self.X
        for W, b in base[:self.first]:
            H = activate(arch.activation, H @ W + b)
        self.A0 = np.ascontiguousarray(H)
        # ... and the first moving layer's z on the data is linear in (x, y): C0 + x·C1 + y·C2.
        (W0, b0), (W1, b1), (W2, b2) = self._base[0], self._d1[0], self._d2[0]
        self._C = (H @ W0 + b0, H @ W1 + b1, H @ W2 + b2)
        widths = sum(arch.layers[self.first + 1:])
        self._bytes_per_row = 8 * (4 * widths + self.A0.shape[1])  # outputs, activations, deltas, projections

    @property
    def size(self) -> int:
        return len(self.labels)

    @property
    def work_per_point(self) -> int:
        """What one point's altitude costs (``work``): pictures of the map sample it less densely."""
        return work(self.arch, self.size)

    @property
    def theta_point(self) -> tuple[float, float]:
        """Where θ* lies on the map."""
        ax = self.axes
        if ax.weights is None:
            return (0.0, 0.0)
        i, j = int(np.argmax(ax.d1)), int(np.argmax(ax.d2))
        return (float(self.theta_star[i]), float(self.theta_star[j]))

    def parameters(self, P: np.ndarray) -> np.ndarray:
        """θ for each point (N, P)."""
        P = np.asarray(P, dtype=float).reshape(-1, 2)
        ax = self.axes
        return ax.origin + P[:, :1] * ax.d1 + P[:, 1:] * ax.d2

    def _layers(self, P: np.ndarray) -> list[Layer]:
        a = P[:, 0, None]
        c = P[:, 1, None]
        out = []
        for (W, b), (W1, b1), (W2, b2) in zip(self._base, self._d1, self._d2, strict=True):
            w = W[None] + a[:, :, None] * W1 + c[:, :, None] * W2
            out.append((w, b[None] + a * b1 + c * b2))
        return out

    def _chunk(self, rows: int) -> int:
        return max(1, int(CHUNK_BYTES // (self._bytes_per_row * max(rows, 1))))

    def _evaluate(self, P: np.ndarray, A: np.ndarray, T: np.ndarray, G: np.ndarray | None) -> np.ndarray:
        layers = self._layers(P)
        Z0 = None
        if A is self.A0 and A.shape[1] > 3:  # the whole data set: the first layer's z from three precomputed parts
            C0, C1, C2 = self._C
            Z0 = P[:, 0, None, None] * C1
            Z0 += P[:, 1, None, None] * C2
            Z0 += C0
        if G is None:
            return run(self.arch, layers, A, T, Z0=Z0)
        G[:] = 0.0
        d1, d2, touched = self._d1, self._d2, self._touched

        def sink(k: int, a: np.ndarray, delta: np.ndarray) -> None:
            if not touched[k]:
                return
            # <dLoss/dw, d> = sum over examples of delta · (a @ d): a (.., n, in), delta (N, n, out)
            for col, (dw, db) in ((0, d1[k]), (1, d2[k])):
                if np.any(dw):
                    G[:, col] += np.einsum("hno,hno->h", np.broadcast_to(a @ dw, delta.shape), delta)
                if np.any(db):
                    G[:, col] += delta.sum(axis=1) @ db

        return run(self.arch, layers, A, T, sink, Z0)

    def value(self, P: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        P = np.asarray(P, dtype=float).reshape(-1, 2)
        v = np.empty(len(P)) if out is None else out
        step = self._chunk(self.size)
        for s in range(0, len(P), step):
            v[s:s + step] = self._evaluate(P[s:s + step], self.A0, self.T, None)
        return v

    def value_and_grad(self, P: np.ndarray, out: Out = None) -> tuple[np.ndarray, np.ndarray]:
        P = np.asarray(P, dtype=float).reshape(-1, 2)
        v, G = outputs(P, out)
        step = self._chunk(self.size)
        for s in range(0, len(P), step):
            v[s:s + step] = self._evaluate(P[s:s + step], self.A0, self.T, G[s:s + step])
        return v, G

    def stochastic_grad(self, P: np.ndarray, rng: np.random.Generator, batch: int,
                        noise: float) -> np.ndarray:
        """The gradient of a random mini-batch per hiker: ``batch`` examples drawn without replacement (as
        data levels draw them). The loss is a mean, so the batch's mean gradient is unbiased as it is."""
        P = np.asarray(P, dtype=float).reshape(-1, 2)
        n = self.size
        b = int(min(max(batch, 1), n))
        if b == n:
            return self.grad(P)
        G = np.empty((len(P), 2))
        step = max(1, min(self._chunk(b), CHUNK_BYTES // (16 * n)))  # the draw and its sort hold (step, n) too
        for s in range(0, len(P), step):
            part = P[s:s + step]
            idx = np.argsort(rng.random((len(part), n)), axis=1)[:, :b]  # per hiker, without replacement
            self._evaluate(part, self.A0[idx], self.T[idx], G[s:s + step])
        return G

    # ------------------------------------------------------------------ what the network says

    def logits(self, point, X: np.ndarray) -> np.ndarray:
        """The network's outputs (logits) at inputs X (M, 2) with the parameters of map point ``point``."""
        theta = self.parameters(np.asarray(point, dtype=float)[None])[0]
        H = np.asarray(X, dtype=float).reshape(-1, 2)
        parts = self.arch.unpack(theta)
        for k, (W, b) in enumerate(parts):
            H = H @ W + b
            if k < len(parts) - 1:
                H = activate(self.arch.activation, H)
        return H

    def classify(self, point, X: np.ndarray) -> np.ndarray:
        """The class the network predicts for each input, with the parameters of map point ``point``."""
        Z = self.logits(point, X)
        if Z.shape[1] > 1:
            return np.argmax(Z, axis=1)
        cut = 0.0 if self.arch.loss == "cross-entropy" else 0.5  # p > 1/2, or an output nearer 1 than 0
        return (Z[:, 0] > cut).astype(np.int64)

    def accuracy(self, point) -> float:
        return float(np.mean(self.classify(point, self.X) == self.labels))

    def recipe(self) -> dict:
        """Everything needed to recompute this landscape outside the game (`hiker inspect --json`)."""
        arch, ax = self.arch, self.axes
        how = ("the two chosen parameters take the map's x and y; every other parameter keeps its value in "
               "theta_star") if ax.weights else (
            "a slice through theta_star along two random filter-normalized directions (Li et al. 2018)")
        return {
            "kind": "network",
            "layers": list(arch.layers),
            "activation": arch.activation,
            "loss": arch.loss,
            "loss_formula": LOSS_FORMULAS[(arch.loss, arch.outputs > 1)],
            "layer_formula": "z[l] = a[l-1] @ w[l] + b[l]; a[0] = x; a[l] = activation(z[l]) for hidden layers; "
                             "the last layer's z are the outputs",
            "parameter_order": "for l = 1..L: w[l] (shape layers[l-1] x layers[l], row-major: w[l][i,j] from "
                               "unit i of layer l-1 to unit j of layer l), then b[l]",
            "parameter_names": arch.names(),
            "data": {"x": self.X.tolist(), "label": self.labels.tolist()},
            "theta_star": self.theta_star.tolist(),
            "theta_star_point": list(self.theta_point),
            "axes": {"mode": "weights" if ax.weights else "slice", "names": list(ax.names),
                     "weights": list(ax.weights) if ax.weights else None, "seed": ax.slice_seed,
                     "normalization": None if ax.weights else "filter (biases ignored)", "how": how},
            "point_to_parameters": "theta = origin + x * d1 + y * d2",
            "origin": ax.origin.tolist(),
            "d1": ax.d1.tolist(),
            "d2": ax.d2.tolist(),
        }


LOSS_FORMULAS = {
    ("cross-entropy", False): "mean over examples of softplus(z) - y*z (binary cross-entropy of the logit z)",
    ("cross-entropy", True): "mean over examples of logsumexp(z) - z[y] (softmax cross-entropy)",
    ("squared", False): "mean over examples of (z - y)**2",
    ("squared", True): "mean over examples and outputs of (z - onehot(y))**2",
}


def work(arch: Architecture, rows: int) -> int:
    """What one hiker's value costs: per example, a multiply-add per parameter and about ten for each hidden
    unit's activation (limited by MAX_WORK)."""
    return rows * (arch.size + ACTIVATION_WORK * sum(arch.layers[1:-1]))
