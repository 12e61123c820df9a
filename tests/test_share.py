"""Share codes and packs: every kind of level travels as one line and comes back identical; hostile codes and
packs give one clear error and write nothing; ids stay unique."""

import base64
import io
import stat
import zipfile
import zlib
from dataclasses import replace

import numpy as np
import pytest

from engine.level import all_levels, check_file, find_entry, load_spec, prepare, user_levels_dir
from engine.level.design import new_level, with_id
from engine.level.pack import MAX_ENTRIES, MAX_ENTRY_BYTES, make_pack, read_pack
from engine.level.share import CHAT_LIMIT, MAGIC, PREFIX, ZDICT, ShareError, decode, encode, install, read_code
from engine.level.writer import save
from game.cli import main

KINDS = {  # one built-in level of every kind
    "formula": "twin-valleys", "function": "classic-himmelblau", "wells": "the-needle",
    "heightmap": "alpine-range", "data-csv": "study-hours", "data-inline": "the-exam",
    "network-slice": "two-moons", "network-weights": "xor-net",
}


def files_in(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def same_level(a, b):
    """Same landscape values everywhere (a dense grid, exact), same minimum, same rules."""
    la, lb = prepare(a), prepare(b)
    _, _, P = la.domain.grid(97)
    va, ga = la.landscape.value_and_grad(P)
    vb, gb = lb.landscape.value_and_grad(P)
    assert np.array_equal(va, vb) and np.array_equal(ga, gb)
    assert la.minimum.value == lb.minimum.value and la.minimum.points == lb.minimum.points
    assert la.minimum.tolerance == lb.minimum.tolerance
    assert a.rules == b.rules and a.race == b.race and a.start == b.start and a.goal == b.goal


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_travels_as_one_line_and_comes_back_identical(kind, capsys):
    original = find_entry(KINDS[kind]).spec
    assert main(["share", KINDS[kind]]) == 0
    code = capsys.readouterr().out
    assert code.count("\n") == 1 and code.startswith(PREFIX)
    code = code.strip()
    assert all(c.isalnum() or c in "-_:" for c in code)  # URL-safe
    assert read_code(code) == original
    # Importing the built-in itself writes nothing (it is already there) ...
    assert main(["import", code]) == 0
    assert "already there: " + original.id in capsys.readouterr().out
    assert files_in(user_levels_dir()) == []
    # ... a friend's level (a new id) is written into the user folder, with its image or CSV
    theirs = with_id(original.with_(info=replace(original.info, title="A friend's level")), f"shared-{kind}")
    assert main(["import", encode(theirs)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"imported: shared-{kind} -> ")
    path = user_levels_dir() / f"shared-{kind}.toml"
    again = load_spec(path)
    assert again == theirs
    same_level(again, original)
    assert check_file(path).level.id == f"shared-{kind}"
    # the same code twice: no duplicate
    assert main(["import", encode(theirs)]) == 0
    assert "already there" in capsys.readouterr().out
    assert len([p for p in files_in(user_levels_dir()) if p.suffix == ".toml"]) == 1


def test_share_codes_fit_in_a_chat_message_as_the_docs_say():
    import re
    from pathlib import Path

    from engine.level.design import paint

    docs = " ".join((Path(__file__).resolve().parents[1] / "docs" / "levels.md").read_text().split())
    lengths = {e.id: len(encode(e.spec)) for e in all_levels() if e.builtin}
    big = {k: v for k, v in lengths.items() if v > CHAT_LIMIT}
    # Alpine Range's 16-bit fractal image is 97 KB of detail no lossless coding shrinks below ~65 KB:
    # it travels as a pack (or a file of codes). Every other built-in level fits in one chat message.
    assert set(big) == {"alpine-range"}
    small = [v for k, v in lengths.items() if k not in big]
    bound = int(re.search(r"code is shorter than (\d+) characters", docs).group(1))
    assert max(small) < bound
    alpine = int(re.search(r"so its code is about ([\d,]+) characters", docs).group(1).replace(",", ""))
    assert abs(lengths["alpine-range"] - alpine) < 0.02 * alpine
    # a 64x64 map painted in the editor (40 dabs of every brush) still fits
    spec = new_level("heightmap")
    land = spec.landscape
    rng = np.random.default_rng(0)
    for k in range(40):
        at = tuple(rng.uniform(0, 10, 2))
        land = replace(land, gray=paint(land.gray, land.domain, at, 0.6, 0.04, ("raise", "lower", "smooth")[k % 3]))
    assert len(encode(spec.with_(landscape=land))) <= CHAT_LIMIT


def test_import_from_stdin_and_a_file_of_codes(tmp_path, capsys, monkeypatch):
    a, b = with_id(new_level("bowl"), "from-stdin"), with_id(new_level("data"), "from-file")
    monkeypatch.setattr("sys.stdin", io.StringIO(encode(a) + "\n"))
    assert main(["import", "-"]) == 0
    codes = tmp_path / "codes.txt"
    codes.write_text(f"# two levels\n{encode(b)}\n\n{encode(a)}\n")
    assert main(["import", str(codes)]) == 0
    out = capsys.readouterr().out
    assert "imported: from-stdin" in out and "imported: from-file" in out and "already there: from-stdin" in out


def test_an_id_that_is_taken_gets_a_free_one():
    mine = with_id(new_level("bowl"), "twin-valleys")  # not the built-in Twin Valleys, only its id
    done = install([mine])
    assert done[0].id == "twin-valleys-2" and not done[0].existed
    assert check_file(done[0].path).level.spec.landscape == mine.landscape


# --------------------------------------------------------------------------- hostile codes


def code_of(payload: bytes, zdict: bool = True) -> str:
    z = zlib.compressobj(9, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY, *([ZDICT] if zdict else []))
    return PREFIX + base64.urlsafe_b64encode(z.compress(payload) + z.flush()).decode().rstrip("=")


def container(*files) -> bytes:
    out = MAGIC + bytes([len(files)])
    for name, data in files:
        raw = name.encode()
        out += bytes([len(raw)]) + raw + len(data).to_bytes(4, "big") + data
    return out


GOOD = encode(new_level("bowl"))
TOML = new_level("bowl")


def heightmap_toml(image: str) -> bytes:
    return (f'[level]\nid = "evil"\ntitle = "Evil"\n[landscape]\nkind = "heightmap"\nimage = "{image}"\n'
            'domain = { x = [0, 1], y = [0, 1] }\n').encode()


def hostile_codes():
    from engine.level.writer import dumps

    toml = dumps(with_id(TOML, "evil")).encode()
    flipped = []
    for i in (len(PREFIX) + 3, len(GOOD) // 2, len(GOOD) - 3):
        c = GOOD[i]
        flipped.append(GOOD[:i] + ("A" if c != "A" else "B") + GOOD[i + 1:])
    bomb = code_of(container(("level.toml", b"#" * (20 * 1024 * 1024))))
    return {
        "empty": ("", "not a Gradient Hiker share code"),
        "bad-prefix": ("hello" + GOOD[len(PREFIX):], "not a Gradient Hiker share code"),
        "other-game": ("https://example.com/" + GOOD, "not a Gradient Hiker share code"),
        "future-version": ("hiker2:" + GOOD[len(PREFIX):], "version '2' is not supported"),
        "truncated": (GOOD[:len(GOOD) // 2], "cut short"),
        "truncated-by-one": (GOOD[:-1], None),
        "bit-flip-0": (flipped[0], "damaged"),
        "bit-flip-1": (flipped[1], "damaged"),
        "bit-flip-2": (flipped[2], "damaged"),
        "not-base64": (GOOD[:20] + "!*" + GOOD[22:], "not part of a share code"),
        "extra-after-end": (GOOD + "AAAA", None),
        "bomb": (bomb, "more than"),
        "too-long": (PREFIX + "A" * 2_000_001, "at most"),
        "no-magic": (code_of(b"just text"), "holds no level"),
        "zero-files": (code_of(MAGIC + b"\0"), "holds 0 files"),
        "three-files": (code_of(container(("level.toml", toml), ("a.png", b"x"), ("b.csv", b"y"))), "at most 2"),
        "dotdot-name": (code_of(container(("level.toml", toml), ("../evil.png", b"x"))), "not allowed"),
        "slash-name": (code_of(container(("level.toml", toml), ("sub/evil.png", b"x"))), "not allowed"),
        "first-not-level": (code_of(container(("evil.png", b"x"))), "does not start with a level"),
        "lying-size": (code_of(MAGIC + b"\x01\x0alevel.toml" + (10**5).to_bytes(4, "big") + b"x"), "incomplete"),
        "huge-size": (code_of(MAGIC + b"\x01\x0alevel.toml" + (10**6).to_bytes(4, "big") + b"x"), "the limit is"),
        "bad-toml": (code_of(container(("level.toml", b"[level\nid = 3"))), "TOML syntax error"),
        "escaping-image": (code_of(container(("level.toml", heightmap_toml("../../etc/x.png")))),
                           "leaves the level's folder"),
        "unused-file": (code_of(container(("level.toml", toml), ("extra.png", b"x"))), "does not use"),
        "python-in-formula": (code_of(container(("level.toml", toml.replace(
            b"0.5*(x**2 + y**2)", b"__import__('os').system('echo hi')")))), "in the formula"),
        "fake-image": (code_of(container(("level.toml", heightmap_toml("m.png")), ("m.png", b"%!PS-Adobe-3.0"))),
                       "m.png"),
    }


@pytest.mark.parametrize("name", sorted(hostile_codes()))
def test_hostile_codes_give_one_clear_error_and_write_nothing(name, capsys):
    code, message = hostile_codes()[name]
    with pytest.raises(ShareError) as err:
        read_code(code)
    assert "\n" not in str(err.value) and len(str(err.value)) < 400
    if message:
        assert message in str(err.value)
    if code:
        assert main(["import", code]) == 2
        errs = capsys.readouterr().err
        assert errs.startswith("hiker: error: ") and errs.count("\n") == 1
    assert files_in(user_levels_dir()) == []


def test_a_bomb_stops_at_the_cap_without_unpacking_it_all():
    import tracemalloc

    bomb = code_of(container(("level.toml", b"\0" * (200 * 1024 * 1024))))
    assert len(bomb) < 400_000
    tracemalloc.start()
    with pytest.raises(ShareError, match="more than"):
        decode(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 40 * 1024 * 1024  # the 200 MB never exist


def test_a_bad_file_of_codes_writes_none_of_them(tmp_path, capsys):
    codes = tmp_path / "codes.txt"
    codes.write_text(encode(with_id(TOML, "good-one")) + "\n" + GOOD[:-10] + "\n")
    assert main(["import", str(codes)]) == 2
    assert "code 2 of 2" in capsys.readouterr().err
    assert files_in(user_levels_dir()) == []


# --------------------------------------------------------------------------- packs


def write_levels(folder):
    folder.mkdir(parents=True, exist_ok=True)
    a = with_id(new_level("heightmap"), "course-hills")
    b = with_id(new_level("data"), "course-points")
    b = b.with_(landscape=b.landscape.__class__(b.landscape.rows, b.landscape.domain, "points.csv"))
    save(a, folder / "one.toml")
    save(b, folder / "two.toml")
    return a, b


def test_pack_and_import_a_course(tmp_path, capsys):
    a, b = write_levels(tmp_path / "course")
    assert main(["pack", str(tmp_path / "course"), "-o", str(tmp_path / "course.zip")]) == 0
    assert "packed 2 levels" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "course.zip") as zf:
        assert sorted(zf.namelist()) == ["course-hills.png", "course-hills.toml", "course-points.csv",
                                         "course-points.toml"]
    assert main(["import", str(tmp_path / "course.zip")]) == 0
    out = capsys.readouterr().out
    assert "imported: course-hills" in out and "imported: course-points" in out
    got = {s.id: s for s in (load_spec(p) for p in user_levels_dir().glob("*.toml"))}
    same_level(got["course-hills"], a)
    assert got["course-points"].landscape.rows == b.landscape.rows
    assert main(["import", str(tmp_path / "course.zip")]) == 0
    assert capsys.readouterr().out.count("already there") == 2
    # the same folder gives the same bytes
    again, _ = make_pack(tmp_path / "course")
    assert again == (tmp_path / "course.zip").read_bytes()


def zip_with(entries, tmp_path):
    zip_with.n = getattr(zip_with, "n", 0) + 1
    path = tmp_path / f"bad{zip_with.n}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for entry in entries:
            if isinstance(entry, zipfile.ZipInfo):
                zf.writestr(entry, b"target")
            else:
                zf.writestr(*entry)
    return path


def good_level_bytes(lid="ok-level"):
    from engine.level.writer import dumps

    return dumps(with_id(TOML, lid)).encode()


def symlink_entry():
    info = zipfile.ZipInfo("link.toml")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def hostile_packs(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ok.toml", good_level_bytes())
        zf.writestr("big.png", b"\0" * (MAX_ENTRY_BYTES + 10))
    liar = tmp_path / "liar.zip"  # the header claims a small size; the data is a bomb
    with zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ok.toml", good_level_bytes())
        zf.writestr("huge.png", b"\0" * (MAX_ENTRY_BYTES * 2))
    raw = bytearray(liar.read_bytes())
    big = (MAX_ENTRY_BYTES * 2).to_bytes(4, "little")
    raw = raw.replace(big, (100).to_bytes(4, "little"))
    liar.write_bytes(bytes(raw))
    return {
        "dotdot": (zip_with([("../evil.toml", good_level_bytes())], tmp_path), "points outside"),
        "absolute": (zip_with([("/etc/evil.toml", good_level_bytes())], tmp_path), "points outside"),
        "backslash": (zip_with([("..\\evil.toml", good_level_bytes())], tmp_path), "not allowed"),
        "symlink": (zip_with([("ok.toml", good_level_bytes()), symlink_entry()], tmp_path), "symbolic link"),
        "bomb": (bomb, "at most"),
        "lying-header": (liar, None),
        "too-many": (zip_with([(f"l{i}.toml", b"") for i in range(MAX_ENTRIES + 1)], tmp_path), "entries"),
        "no-levels": (zip_with([("readme.txt", b"hi")], tmp_path), "no level files"),
        "not-a-zip": (tmp_path / "fake.zip", None),
        "one-bad-level": (zip_with([("ok.toml", good_level_bytes()), ("bad.toml", b"[level]\nid = 'x'\n")],
                                   tmp_path), "bad.toml"),
        "duplicate": (zip_with([("A.toml", good_level_bytes()), ("a.TOML", good_level_bytes())], tmp_path), "twice"),
    }


@pytest.mark.parametrize("name", ["dotdot", "absolute", "backslash", "symlink", "bomb", "lying-header", "too-many",
                                  "no-levels", "not-a-zip", "one-bad-level", "duplicate"])
def test_hostile_packs_give_one_clear_error_and_write_nothing(name, tmp_path, capsys):
    (tmp_path / "fake.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    path, message = hostile_packs(tmp_path)[name]
    with pytest.raises(ShareError) as err:
        read_pack(path)
    assert "\n" not in str(err.value)
    if message:
        assert message in str(err.value)
    code = main(["import", str(path)])
    err_text = capsys.readouterr().err
    assert code == 2 and err_text.count("\n") == 1 and err_text.startswith("hiker: error: ")
    assert files_in(user_levels_dir()) == []
    assert not (tmp_path.parent / "evil.toml").exists()


def test_pack_refuses_a_broken_folder(tmp_path, capsys):
    folder = tmp_path / "course"
    write_levels(folder)
    (folder / "broken.toml").write_text("[level]\nid = 'x'\n")
    assert main(["pack", str(folder), "-o", str(tmp_path / "c.zip")]) == 2
    assert "broken.toml" in capsys.readouterr().err and not (tmp_path / "c.zip").exists()


# --------------------------------------------------------------------------- unique ids


def test_check_refuses_an_id_another_level_uses(tmp_path, capsys):
    copy = tmp_path / "copy.toml"
    copy.write_text(find_entry("twin-valleys").path.read_text())
    assert main(["check", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "id 'twin-valleys' is already used by" in out and "levels/twin-valleys.toml" in out
    assert out.startswith(f"{copy}:2:1: error: [level].id:")
    assert main(["check", str(find_entry("twin-valleys").path)]) == 0  # the built-in itself is fine


def test_the_level_list_marks_a_duplicate_broken_instead_of_merging(capsys):
    folder = user_levels_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(find_entry("twin-valleys").path.read_text())
    entries = [e for e in all_levels() if e.path.parent == folder]
    assert len(entries) == 1 and entries[0].spec is None
    assert "already used by" in entries[0].error.first.message
    assert sum(e.id == "twin-valleys" and e.spec is not None for e in all_levels()) == 1
    assert main(["levels"]) == 0
    assert "BROKEN" in capsys.readouterr().out
