"""Network levels: a small network's loss as a landscape. Its value against a forward pass worked by hand, its
exact gradient against central differences and against torch autograd of the same network written again in
torch, unbiased mini-batches, the data generators, the filter-normalized slice, the file format's located
errors, and `hiker inspect --json` as enough to recompute the loss outside the game."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

import engine.network as network
from engine.datasets2d import GENERATORS, generate
from engine.landscapes import Domain
from engine.level import check_file, find_level, parse_level
from engine.level.prepare import build_landscape
from engine.network import Architecture, Axes, NetworkLandscape, ParamNameError, filter_normalized_directions, train
from game.cli import main

# --------------------------------------------------------------------------- helpers


def landscape(layers=(2, 5, 3, 1), activation="tanh", loss="cross-entropy", axes=("slice", 2), data="moons",
              size=30, seed=0, domain=((-1.5, 1.5), (-1.5, 1.5))) -> NetworkLandscape:
    arch = Architecture(tuple(layers), activation, loss)
    X, y = generate(data, size, 0.2, seed)
    y = y % arch.classes if arch.outputs == 1 else (y + (np.arange(len(y)) % 3 == 0)) % arch.outputs
    theta = train(arch, X, y, 40, 0.05, seed)
    ax = Axes.random_slice(arch, theta, axes[1]) if axes[0] == "slice" else Axes.two_weights(arch, theta, *axes)
    return NetworkLandscape(arch, X, y, theta, ax, Domain(*domain))


CONFIGS = {  # every activation, every loss, one output and several, a slice and weights in any layer
    "tanh-ce-slice": dict(),
    "relu-ce-weights": dict(activation="relu", axes=("w[1][0,2]", "b[1][4]")),
    "sigmoid-squared-slice": dict(activation="sigmoid", loss="squared", axes=("slice", 5)),
    "tanh-softmax-weights-deep": dict(layers=(2, 4, 3), axes=("w[2][1,2]", "b[2][0]")),
    "relu-softmax-slice": dict(layers=(2, 6, 4, 3), activation="relu", axes=("slice", 7)),
    "sigmoid-squared-multi": dict(layers=(2, 3, 2), activation="sigmoid", loss="squared",
                                  axes=("w[2][0,1]", "w[1][1,2]")),
    "no-hidden-layer": dict(layers=(2, 1), axes=("w[1][0,0]", "b[1][0]"), data="circles"),
}


def points(land: NetworkLandscape, n: int = 12, seed: int = 1) -> np.ndarray:
    d = land.domain
    P = d.uniform(np.random.default_rng(seed), n)
    return np.vstack([P, [land.theta_point]])


# --------------------------------------------------------------------------- the value, by hand


def tiny() -> NetworkLandscape:
    """Two examples, a 2-2-1 relu network with round numbers; the map's axes are w[1][0,0] and b[2][0]."""
    arch = Architecture((2, 2, 1), "relu", "squared")
    X = np.array([[1.0, 2.0], [-1.0, 0.0]])
    y = np.array([1, 0])
    #            w[1] (from input i to unit j)     b[1]        w[2]        b[2]
    theta = np.array([1.0, -1.0, 0.5, 2.0,          0.0, -1.0,  0.5, -1.0,  0.25])
    axes = Axes.two_weights(arch, theta, "w[1][0,0]", "b[2][0]")
    return NetworkLandscape(arch, X, y, theta, axes, Domain((-3, 3), (-3, 3)))


def test_the_value_is_the_forward_pass_worked_by_hand():
    land = tiny()
    # Example 1, x = (1, 2):  z1 = x @ w[1] + b[1] = (1*1 + 2*0.5 + 0, 1*(-1) + 2*2 - 1) = (2, 2); relu -> (2, 2)
    #                         z2 = 2*0.5 + 2*(-1) + 0.25 = -0.75
    # Example 2, x = (-1, 0): z1 = (-1*1 + 0, -1*(-1) + 0 - 1) = (-1, 0); relu -> (0, 0)
    #                         z2 = 0 + 0 + 0.25 = 0.25
    # Squared loss, the mean over the two examples: ((-0.75 - 1)**2 + (0.25 - 0)**2) / 2 = (3.0625 + 0.0625) / 2
    v, g = land.value_and_grad(np.array([[1.0, 0.25]]))  # the map point (w[1][0,0], b[2][0]) = (1, 0.25)
    assert v[0] == pytest.approx(1.5625, abs=1e-15)
    # d/db[2][0] = mean of 2 (z2 - y) = (2*(-1.75) + 2*0.25) / 2 = -1.5
    # d/dw[1][0,0]: only example 1 passes unit 0 (z = 2 > 0): 2*(-1.75)/2 * w[2][0,0] * x1 = -1.75 * 0.5 * 1
    assert g[0] == pytest.approx([-0.875, -1.5], abs=1e-15)
    np.testing.assert_array_equal(land.logits((1.0, 0.25), land.X)[:, 0], [-0.75, 0.25])


def test_cross_entropy_by_hand():
    land = tiny()
    ce = NetworkLandscape(Architecture((2, 2, 1), "relu", "cross-entropy"), land.X, land.labels,
                          land.theta_star, land.axes, land.domain)
    # The same logits -0.75 and 0.25; binary cross-entropy softplus(z) - y z, averaged:
    # (log(1 + e^-0.75) + 0.75 + log(1 + e^0.25)) / 2
    said = (math.log(1 + math.exp(-0.75)) + 0.75 + math.log(1 + math.exp(0.25))) / 2
    assert ce.value(np.array([[1.0, 0.25]]))[0] == pytest.approx(said, rel=1e-14)
    # Three outputs, softmax cross-entropy: one example with logits (1, 2, 3) and label 0:
    # logsumexp - z[0] = log(e + e^2 + e^3) - 1
    arch = Architecture((2, 3), "tanh", "cross-entropy")
    theta = np.array([0, 0, 0, 0, 0, 0, 1, 2, 3], dtype=float)  # zero weights, biases 1, 2, 3
    three = NetworkLandscape(arch, np.array([[0.3, -0.2]]), np.array([0]), theta,
                             Axes.two_weights(arch, theta, "b[1][0]", "b[1][1]"), Domain((-5, 5), (-5, 5)))
    said = math.log(math.e + math.e**2 + math.e**3) - 1
    assert three.value(np.array([[1.0, 2.0]]))[0] == pytest.approx(said, rel=1e-14)


# --------------------------------------------------------------------------- the gradient


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_gradient_against_central_differences(name):
    land = landscape(**CONFIGS[name])
    P = points(land)
    v, G = land.value_and_grad(P)
    assert np.isfinite(v).all() and np.allclose(land.value(P), v, rtol=1e-13, atol=1e-15)
    h = 1e-6
    for k in range(2):
        e = np.zeros(2)
        e[k] = h
        fd = (land.value(P + e) - land.value(P - e)) / (2 * h)
        np.testing.assert_allclose(G[:, k], fd, rtol=1e-5, atol=1e-7)


def torch_loss(recipe: dict, x, y, data_x=None, data_label=None):
    """The network's loss, written again in torch from the documented layout (not from the engine's code)."""
    import torch
    import torch.nn.functional as F

    t64 = torch.float64
    theta = (torch.tensor(recipe["origin"], dtype=t64) + x * torch.tensor(recipe["d1"], dtype=t64)
             + y * torch.tensor(recipe["d2"], dtype=t64))
    a = torch.tensor(recipe["data"]["x"] if data_x is None else data_x, dtype=t64)
    labels = torch.tensor(recipe["data"]["label"] if data_label is None else data_label)
    sizes = recipe["layers"]
    act = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}[recipe["activation"]]
    pos = 0
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        w = theta[pos:pos + fan_in * fan_out].reshape(fan_in, fan_out)  # row-major, from unit i to unit j
        pos += fan_in * fan_out
        b = theta[pos:pos + fan_out]
        pos += fan_out
        a = F.linear(a, w.T, b)  # torch's Linear keeps (out, in)
        if layer < len(sizes) - 1:
            a = act(a)
    assert pos == len(theta)
    if recipe["loss"] == "squared":
        target = labels.to(t64)[:, None] if sizes[-1] == 1 else F.one_hot(labels, sizes[-1]).to(t64)
        return F.mse_loss(a, target)
    if sizes[-1] == 1:
        return F.binary_cross_entropy_with_logits(a[:, 0], labels.to(t64))
    return F.cross_entropy(a, labels)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_gradient_against_torch_autograd(name):
    import torch

    land = landscape(**CONFIGS[name])
    recipe = land.recipe()
    P = points(land, 6)
    v, G = land.value_and_grad(P)
    for (px, py), value, grad in zip(P, v, G, strict=True):
        x = torch.tensor(px, dtype=torch.float64, requires_grad=True)
        y = torch.tensor(py, dtype=torch.float64, requires_grad=True)
        loss = torch_loss(recipe, x, y)
        loss.backward()
        assert value == pytest.approx(loss.item(), rel=1e-12, abs=1e-14)
        assert grad == pytest.approx([x.grad.item(), y.grad.item()], rel=1e-9, abs=1e-12)


def test_chunks_and_out_buffers_give_the_same_numbers(monkeypatch):
    land = landscape()
    P = land.domain.uniform(np.random.default_rng(3), 500)
    v, G = land.value_and_grad(P)
    monkeypatch.setattr(network, "CHUNK_BYTES", 4096)  # a few hikers per chunk
    assert land._chunk(land.size) < 10
    v2, G2 = np.empty(500), np.empty((500, 2))
    out = land.value_and_grad(P, out=(v2, G2))
    assert out[0] is v2 and out[1] is G2
    np.testing.assert_allclose(v2, v, rtol=1e-14)
    np.testing.assert_allclose(G2, G, rtol=1e-12, atol=1e-15)
    buf = np.empty(500)
    assert land.value(P, out=buf) is buf
    np.testing.assert_allclose(buf, v, rtol=1e-14)


def test_temporaries_stay_under_the_budget():
    land = landscape(layers=(2, 64, 64, 1), size=200)
    rows = land.size
    per_hiker = land._bytes_per_row * rows
    assert land._chunk(rows) * per_hiker <= network.CHUNK_BYTES <= 64 * 2**20


def test_minibatches_of_many_hikers_on_many_examples_stay_under_the_budget():
    import tracemalloc

    land = landscape(layers=(2, 3, 1), size=2000)
    P = land.domain.uniform(np.random.default_rng(0), 10_000)  # unchunked: 160 MB a temporary
    tracemalloc.start()
    try:
        land.stochastic_grad(P, np.random.default_rng(1), 1, 0.0)
        land.value_and_grad(P)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20


# --------------------------------------------------------------------------- mini-batches


def test_minibatch_gradients_are_real_batches_and_unbiased():
    land = landscape(size=40)
    p = np.array([[0.3, -0.4]])
    full = land.grad(p)[0]
    # One hiker's batch: the same draw as the engine makes, then the exact gradient of those examples' mean loss.
    rng = np.random.default_rng(11)
    g = land.stochastic_grad(p, rng, 8, 0.0)[0]
    idx = np.argsort(np.random.default_rng(11).random((1, land.size)), axis=1)[0, :8]
    sub = NetworkLandscape(land.arch, land.X[idx], land.labels[idx], land.theta_star, land.axes, land.domain)
    np.testing.assert_allclose(g, sub.grad(p)[0], rtol=1e-12)
    assert not np.allclose(g, full)
    # The mean over many batches is the full gradient, within four standard errors.
    n = 20_000
    G = land.stochastic_grad(np.repeat(p, n, axis=0), np.random.default_rng(5), 8, 0.0)
    err = G.std(axis=0) / math.sqrt(n)
    assert np.all(np.abs(G.mean(axis=0) - full) < 4 * err), (G.mean(axis=0), full, err)
    # A batch of all the examples is the full gradient.
    np.testing.assert_allclose(land.stochastic_grad(p, rng, 10_000, 0.0)[0], full, rtol=1e-13)


# --------------------------------------------------------------------------- data, directions, names


@pytest.mark.parametrize("name", GENERATORS)
def test_generators_are_deterministic_and_shaped(name):
    X, y = generate(name, 101, 0.1, 7)
    X2, y2 = generate(name, 101, 0.1, 7)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert X.shape == (101, 2) and y.shape == (101,) and X.dtype == float and y.dtype == np.int64
    assert (y == 0).sum() == 50 and (y == 1).sum() == 51
    assert not np.array_equal(generate(name, 101, 0.1, 8)[0], X)
    clean, labels = generate(name, 200, 0.0, 3)
    r = np.hypot(clean[:, 0], clean[:, 1])
    if name == "moons":
        np.testing.assert_allclose(r[labels == 0], 1.0)
        np.testing.assert_allclose(np.hypot(clean[labels == 1, 0] - 1, clean[labels == 1, 1] - 0.5), 1.0)
    elif name == "circles":
        np.testing.assert_allclose(r[labels == 0], 1.0)
        np.testing.assert_allclose(r[labels == 1], 0.5)
    elif name == "xor":
        assert np.all(np.abs(clean) >= 0.1) and np.all(np.abs(clean) <= 1)
        np.testing.assert_array_equal(labels, (clean[:, 0] * clean[:, 1] < 0).astype(int))
    else:
        assert r.max() <= 1.0 and r.min() > 0
        np.testing.assert_allclose(clean[labels == 1], -clean[labels == 0])  # half a turn apart


def test_filter_normalized_directions_follow_li_et_al():
    arch = Architecture((2, 6, 4, 1))
    theta = arch.init(3)
    d1, d2 = filter_normalized_directions(arch, theta, 9)
    again = filter_normalized_directions(arch, theta, 9)
    np.testing.assert_array_equal(d1, again[0])
    assert not np.allclose(d1, d2)
    for d in (d1, d2):
        for (dw, db), (w, _) in zip(arch.unpack(d), arch.unpack(theta), strict=True):
            # each unit's incoming weights (a filter) as long as the same unit's weights in theta; biases out
            np.testing.assert_allclose(np.linalg.norm(dw, axis=0), np.linalg.norm(w, axis=0), rtol=1e-9)
            assert not db.any()


def test_parameter_names():
    arch = Architecture((2, 8, 1))
    names = arch.names()
    assert len(names) == arch.size == 33
    assert [arch.index(n) for n in names] == list(range(33))
    assert arch.index("w[1][0,3]") == 3 and arch.index(" b[2][0] ") == 32 and arch.index("w[2][7, 0]") == 31
    for bad, said in (("w[3][0,0]", "there is no layer 3"), ("w[1][2,0]", "indices run to w[1][1,7]"),
                      ("b[1][8]", "layer 1 has 8 units"), ("w1[0,3]", "is not a parameter name"),
                      ("b[1][0,1]", "a bias has one index"), ("w[1][0]", "a weight has two indices")):
        with pytest.raises(ParamNameError, match=said.replace("[", r"\[").replace("]", r"\]")):
            arch.index(bad)


BAD = '''[level]
id = "bad-net"
title = "Bad"

[landscape]
kind = "network"
layers = [2, 8, 1]
activation = "tahn"
data = [[0, 0, 0], [1, 1, 2]]
axes = {{ weights = {weights} }}
train = {{ steps = 10, rate = 1 }}
domain = {{ x = [-1, 1], y = [-1, 1] }}
'''


def test_located_errors(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(BAD.format(weights='["w[3][0,0]", "b[1][9]"]'))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    for said in (":8:1: error: [landscape].activation: unknown activation 'tahn' (hint: did you mean 'tanh'?)",
                 ":9:1: error: [landscape].data: row 2 has the label 2; labels are whole numbers from 0 to 1",
                 ":11:23: error: [landscape.train].rate: unknown key 'rate'",
                 ":10:10: error: [landscape.axes].weights: 'w[3][0,0]': there is no layer 3",
                 ":10:10: error: [landscape.axes].weights: 'b[1][9]': layer 1 has 8 units"):
        assert said in out, out
    path.write_text(BAD.format(weights='["w[1][0,0]", "w[1][0, 0]"]').replace("tahn", "tanh").replace(
        "1, 1, 2", "1, 1, 1").replace(", rate = 1", ""))
    assert main(["check", str(path)]) == 1
    assert "are the same parameter" in capsys.readouterr().out
    for text, said in (
        ('layers = [2, 8, 1]', 'layers = [3, 8, 1]', ), ):
        path.write_text(BAD.format(weights='["w[1][0,0]", "b[2][0]"]').replace(text, said))
        assert main(["check", str(path)]) == 1
        assert "the first size is the number of inputs" in capsys.readouterr().out


@pytest.mark.parametrize("change, said", [
    ('layers = [2, 64, 64, 1]', "parameters; the limit is 1000"),
    ('layers = [2]', "a network lists 2 to 6"),
    ('layers = [2, 8, 9]', "the last size is the number of outputs"),
    ('data = [[0, 0, 0], [1, 1, 1]]\ncsv = "x.csv"', "exactly one of 'data', 'csv' or 'dataset'"),
    ('data = [[0, 0]]', "row 1 is [0, 0]"),
    ('axes = { slice = 1, weights = ["w[1][0,0]", "b[2][0]"] }', "exactly one of 'weights' or 'slice'"),
    ('theta = [1, 2]', "2 numbers; this network has 33 parameters"),
    ('dataset = { generate = "spiral", size = 3000 }', "unknown data set 'spiral'"),
    ('loss = "mse"', "unknown loss 'mse'"),
])
def test_bad_network_levels_are_refused_with_a_reason(tmp_path, capsys, change, said):
    text = BAD.format(weights='["w[1][0,0]", "b[2][0]"]').replace("tahn", "tanh").replace("1, 1, 2", "1, 1, 1")
    text = text.replace(", rate = 1", "")
    key = change.split(" =")[0]
    lines = [line for line in text.splitlines() if not line.startswith(key + " =")]
    if key == "theta":
        lines = [line for line in lines if not line.startswith("train =")]
    if key in ("dataset", "layers"):
        lines = [line for line in lines if not line.startswith("data =")] + (
            ["data = [[0, 0, 0], [1, 1, 1]]"] if key == "layers" else [])
    path = tmp_path / "bad.toml"
    path.write_text("\n".join(lines[:6] + [change] + lines[6:]) + "\n")
    assert main(["check", str(path)]) == 1
    assert said in capsys.readouterr().out


def test_a_csv_is_read_through_the_level_loader(tmp_path, capsys):
    (tmp_path / "pts.csv").write_text("x1,x2,label\n0,0,0\n1,1,1\n0.5,-1,1\n# a comment\n-1,0.5,0\n")
    path = tmp_path / "net.toml"
    path.write_text(BAD.format(weights='["w[1][0,0]", "b[2][0]"]').replace("tahn", "tanh").replace(
        ", rate = 1", "").replace("data = [[0, 0, 0], [1, 1, 2]]", 'csv = "pts.csv"'))
    land = check_file(path).level.landscape
    np.testing.assert_array_equal(land.X, [[0, 0], [1, 1], [0.5, -1], [-1, 0.5]])
    np.testing.assert_array_equal(land.labels, [0, 1, 1, 0])
    (tmp_path / "pts.csv").write_text("x1,x2,label\n0,0,0\n1,1\n")
    assert main(["check", str(path)]) == 1
    assert "pts.csv line 3: expected three numbers (x1, x2, label)" in capsys.readouterr().out
    path.write_text(path.read_text().replace("pts.csv", "../pts.csv"))
    assert main(["check", str(path)]) == 1
    assert "leaves the level's folder" in capsys.readouterr().out


def test_a_stored_theta_is_used_as_it_is():
    level = find_level("xor-net")
    theta = level.landscape.theta_star
    text = re.sub(r"(?m)^train = .*$", f"theta = {json.dumps(theta.tolist())}", level.source.read_text())
    spec = parse_level(text, "stored.toml", level.source)
    assert spec.landscape.theta == tuple(theta.tolist())
    land = build_landscape(spec.landscape)
    _, _, P = level.domain.grid(9)
    np.testing.assert_array_equal(land.value(P), level.landscape.value(P))


# --------------------------------------------------------------------------- the built-in levels


@pytest.mark.parametrize("lid", ["two-moons", "xor-net"])
def test_the_trained_weights_are_near_the_bottom_of_the_map(lid):
    level = find_level(lid)
    land, m = level.landscape, level.minimum
    at_theta = float(land.value(np.array([land.theta_point]))[0])
    assert m.source == "found" and m.value <= at_theta + 1e-12
    # The search's lowest point is a hair from theta* and no lower than a tolerance below it.
    assert at_theta - m.value < m.tolerance
    assert math.dist(m.points[0], land.theta_point) < 0.05 * land.domain.diagonal
    assert land.accuracy(m.points[0]) >= 0.99
    # The search found the same lowest point that L-BFGS from theta* reaches (the trained net is at a minimum
    # of the full network, so theta* is almost stationary on the map).
    assert np.linalg.norm(land.grad(np.array([land.theta_point]))[0]) < 0.05


def test_the_lessons_of_the_two_levels():
    """Two Moons: full-batch descent settles in a hollow of poor classifiers, mini-batches reach the trained
    basin. The XOR Net: the unit is saturated at the start, plain descent crawls, the others arrive."""
    from engine.race import Race

    moons = find_level("two-moons")
    race = Race(moons.landscape, moons.lineup(), moons.start(), moons.race.steps, moons.minimum, moons.race.seed).run()
    ends = {r.name: r for r in race.racers}
    for name in ("gd", "momentum", "adam"):
        final = ends[name].hikers.x[0]
        assert ends[name].hikers.cost[0] > 1 and moons.landscape.accuracy(final) < 0.8, name
    assert ends["sgd"].reached_at is not None and moons.landscape.accuracy(ends["sgd"].hikers.x[0]) == 1.0
    xor = find_level("xor-net")
    land = xor.landscape
    (w1, b1), _ = land.arch.unpack(land.parameters(np.array([xor.start()]))[0])
    unit = np.tanh(land.X @ w1 + b1)[:, 0]
    assert np.mean(unit < -0.95) >= 0.9 and np.all(unit < -0.7)  # saturated: stuck near -1
    race = Race(land, xor.lineup(), xor.start(), xor.race.steps, xor.minimum, xor.race.seed).run()
    ends = {r.name: r for r in race.racers}
    assert ends["gd"].reached_at is None and land.accuracy(ends["gd"].hikers.x[0]) < 0.8
    assert ends["gd"].hikers.path_length[0] < 0.2 * ends["adam"].hikers.path_length[0]
    for name in ("momentum", "adam", "rmsprop"):
        assert ends[name].reached_at is not None and land.accuracy(ends[name].hikers.x[0]) >= 0.99, name


# --------------------------------------------------------------------------- hiker inspect


@pytest.mark.parametrize("lid", ["two-moons", "xor-net"])
def test_inspect_json_is_enough_to_recompute_the_loss(lid, capsys):
    import torch

    assert main(["inspect", lid, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    net = doc["network"]
    assert doc["kind"] == "network" and doc["spec"]["landscape"]["kind"] == "network"
    assert len(net["theta_star"]) == len(net["parameter_names"]) == len(net["d1"]) == len(net["d2"])
    # NumPy, from the JSON alone: theta = origin + x d1 + y d2, the layers in the documented order.
    X = np.array(net["data"]["x"])
    labels = np.array(net["data"]["label"])

    def numpy_loss(x, y):
        theta = np.array(net["origin"]) + x * np.array(net["d1"]) + y * np.array(net["d2"])
        a, pos, sizes = X, 0, net["layers"]
        for layer, (fi, fo) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
            w = theta[pos:pos + fi * fo].reshape(fi, fo)
            b = theta[pos + fi * fo:pos + fi * fo + fo]
            pos += fi * fo + fo
            a = a @ w + b
            if layer < len(sizes) - 1:
                a = np.tanh(a)
        z = a[:, 0]
        assert net["loss"] == "cross-entropy" and net["activation"] == "tanh" and sizes[-1] == 1
        return float(np.mean(np.logaddexp(0, z) - labels * z))

    for x, y in ((0.1, -0.2), (1.5, 1.2), tuple(doc["minimum"]["points"][0]), tuple(net["theta_star_point"])):
        assert main(["eval", lid, repr(x), repr(y), "--json"]) == 0
        said = json.loads(capsys.readouterr().out)
        assert numpy_loss(x, y) == pytest.approx(said["cost"], rel=1e-12)
        tx = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        ty = torch.tensor(y, dtype=torch.float64, requires_grad=True)
        loss = torch_loss(net, tx, ty)
        loss.backward()
        assert loss.item() == pytest.approx(said["cost"], rel=1e-12)
        assert said["grad"] == pytest.approx([tx.grad.item(), ty.grad.item()], rel=1e-8, abs=1e-12)
    assert numpy_loss(*net["theta_star_point"]) == pytest.approx(net["theta_star_cost"], rel=1e-12)
    theta_at = np.array(net["origin"]) + np.array(net["theta_star_point"]) @ np.array([net["d1"], net["d2"]])
    np.testing.assert_allclose(theta_at, net["theta_star"], rtol=1e-15, atol=1e-15)


def test_inspect_prints_a_summary_and_other_kinds_as_json(capsys):
    assert main(["inspect", "two-moons"]) == 0
    out = capsys.readouterr().out
    assert "2 -> 8 -> 1 (tanh), 33 parameters" in out and "120 examples" in out and "seed 1" in out
    assert main(["inspect", "study-hours", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["kind"] == "data" and len(doc["data"]) == 24 and "network" not in doc
    assert main(["inspect", "twin-valleys"]) == 0
    assert 'kind = "formula"' in capsys.readouterr().out


# --------------------------------------------------------------------------- travel and the editor


def test_a_csv_network_level_travels_as_a_share_code(tmp_path):
    from engine.level import load_spec
    from engine.level.share import encode, read_code

    (tmp_path / "pts.csv").write_text("x1,x2,label\n0,0,0\n1,1,1\n0.5,-1,1\n-1,0.5,0\n")
    path = tmp_path / "net.toml"
    path.write_text(BAD.format(weights='["w[1][0,0]", "b[2][0]"]').replace("tahn", "tanh").replace(
        ", rate = 1", "").replace("data = [[0, 0, 0], [1, 1, 2]]", 'csv = "pts.csv"'))
    spec = load_spec(path)
    assert read_code(encode(spec)) == spec


def test_the_editor_opens_a_network_level_and_edits_its_numbers():
    from conftest import InlineJobs

    from game.launch import new_app

    app = new_app(size=(1280, 720), jobs=InlineJobs())
    app.settings.tutorial_done = True
    try:
        entry_level = find_level("two-moons")
        scene = app.make("editor", entry_level.spec, None)
        app.push(scene)
        for _ in range(3):
            app.tick(1 / 60)
        assert scene.spec.kind == "network"
    finally:
        app.close()


def test_check_reports_the_network_and_where_its_trained_weights_lie(capsys):
    from engine.level import builtin_dir

    assert main(["check", str(builtin_dir() / "two-moons.toml")]) == 0
    out = capsys.readouterr().out
    said = re.search(r": ok: two-moons \(network\), .* global minimum ([\d.e-]+) found by search at 1 point\(s\); a "
                     r"2-8-1 tanh network, 33 parameters, 120 examples: its trained weights \(0, 0\) lie ([\d.e-]+) "
                     r"above that minimum", out)
    assert said, out
    level = find_level("two-moons")
    assert float(said.group(2)) == pytest.approx(
        float(level.landscape.value(np.zeros((1, 2)))[0]) - level.minimum.value, rel=1e-2)


def test_the_editor_fields_edit_a_network_level():
    from engine.level import find_entry
    from engine.level.design import check_spec
    from game.scenes.editor_fields import fields_for

    spec = find_entry("xor-net").spec
    fields = {f.key: f for f in fields_for(spec)}
    assert fields["net-layers"].get(spec) == "2, 4, 1" and fields["net-axes"].get(spec) == "w[1][0,0]  w[1][1,0]"
    assert fields["net-generate"].get(spec) == "xor" and fields["net-train-seed"].get(spec) == "1"
    smaller = fields["net-layers"].set(spec, "2, 3, 1")
    assert smaller.landscape.layers == (2, 3, 1) and check_spec(smaller) == []
    bad = fields["net-axes"].set(spec, "w[1][0,5] b[2][0]")
    assert any("w[1] is 2×4" in f.message for f in check_spec(bad))
    sliced = fields["net-axes"].set(spec, "slice 3")
    assert sliced.landscape.axes.slice == 3 and check_spec(sliced) == []
    noisier = fields["net-noise"].set(spec, "0.3")
    assert noisier.landscape.dataset.noise == 0.3 and check_spec(noisier) == []
    assert check_spec(fields["net-activation"].set(spec, "relu")) == []
    assert check_spec(fields["net-loss"].set(spec, "hinge"))  # refused with the checker's message
