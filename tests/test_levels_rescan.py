"""Opening the level list again re-validates only the files that changed (engine/level/registry.py): a
change is seen by the bytes of the level and of every file it names, never by timestamps."""

import os

import pytest
from hostile.make_corpus import formula, heightmap, level, noise_png

from engine.level import all_levels, builtin_dir


def bowl(lid, title="A"):
    return level(formula("x*x + y*y"), id=lid, title=title)


def height_map(lid="map"):
    return level(heightmap("map.png"), id=lid, title="Map")


def entry(lid):
    return next(e for e in all_levels() if not e.builtin and e.id == lid)


def rewrite_keeping_times(path, text):
    """Same size, same modification time: only the bytes tell the change."""
    st = os.stat(path)
    assert len(text.encode()) == st.st_size
    path.write_text(text)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_an_unchanged_file_is_not_validated_again_and_a_changed_one_is(user_home):
    folder = user_home / "levels"
    folder.mkdir(parents=True)
    path = folder / "a.toml"
    path.write_text(bowl("a", "First"))
    first = entry("a")
    assert entry("a") is first  # remembered: the same value, not a new parse
    rewrite_keeping_times(path, bowl("a", "Other"))
    assert entry("a").spec.info.title == "Other"
    path.write_text("[level\n")
    broken = next(e for e in all_levels() if e.path == path)
    assert broken.spec is None and "TOML" in str(broken.error)
    path.unlink()
    assert not [e for e in all_levels() if e.path == path]


def test_a_change_to_a_file_the_level_names_is_seen(user_home):
    folder = user_home / "levels"
    folder.mkdir(parents=True)
    image = folder / "map.png"
    image.write_bytes(noise_png(16, 16, seed=1))
    (folder / "map.toml").write_text(height_map())
    first = entry("map").spec.landscape.gray
    st = os.stat(image)
    image.write_bytes(noise_png(16, 16, seed=2))  # other pixels, the same size and time
    os.utime(image, ns=(st.st_atime_ns, st.st_mtime_ns))
    second = entry("map").spec.landscape.gray
    assert second != first
    image.unlink()
    gone = next(e for e in all_levels() if e.path == folder / "map.toml")
    assert gone.spec is None and "not found" in str(gone.error)
    image.write_bytes(noise_png(16, 16, seed=1))
    assert entry("map").spec.landscape.gray == first


def test_a_named_file_reached_through_a_link_is_seen_when_the_link_moves(user_home):
    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "one.png").write_bytes(noise_png(16, 16, seed=1))
    (folder / "two.png").write_bytes(noise_png(16, 16, seed=2))
    os.symlink("one.png", folder / "map.png")
    (folder / "map.toml").write_text(height_map())
    first = entry("map").spec.landscape.gray
    os.unlink(folder / "map.png")
    os.symlink("two.png", folder / "map.png")
    assert entry("map").spec.landscape.gray != first


def test_the_built_in_levels_are_the_same_whether_remembered_or_not(user_home):
    from engine.level.registry import forget_scans

    remembered = all_levels()
    forget_scans()
    fresh = all_levels()
    assert [e.spec for e in remembered] == [e.spec for e in fresh]
    assert len(fresh) == len(list(builtin_dir().glob("*.toml")))


def test_a_level_found_by_its_id_after_its_id_changed_in_place(user_home):
    from engine.level import find_entry

    folder = user_home / "levels"
    folder.mkdir(parents=True)
    path = folder / "a.toml"
    path.write_text(bowl("first", "A"))
    assert find_entry("first").path == path
    rewrite_keeping_times(path, bowl("other", "A"))
    assert find_entry("other").path == path
    with pytest.raises(KeyError):
        find_entry("first")


def test_an_unexpected_failure_is_not_remembered(user_home, monkeypatch):
    import engine.level.registry as registry

    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "a.toml").write_text(bowl("a", "First"))
    real = registry.parse_level

    def once(text, file, *args, **kwargs):
        if not file.endswith("a.toml"):
            return real(text, file, *args, **kwargs)
        monkeypatch.setattr(registry, "parse_level", real)
        raise MemoryError("a busy moment")

    monkeypatch.setattr(registry, "parse_level", once)
    broken = next(e for e in all_levels() if e.path == folder / "a.toml")
    assert broken.spec is None and "MemoryError" in str(broken.error)
    assert entry("a").spec.info.title == "First"  # validated again: the same bytes, a good level


def test_a_missing_file_that_becomes_a_link_out_of_the_folder_says_so(user_home, tmp_path):
    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "map.toml").write_text(height_map())
    first = next(e for e in all_levels() if e.path == folder / "map.toml")
    assert "not found" in str(first.error)
    (tmp_path / "elsewhere.png").write_bytes(noise_png(16, 16))
    os.symlink(tmp_path / "elsewhere.png", folder / "map.png")
    second = next(e for e in all_levels() if e.path == folder / "map.toml")
    assert "leaves the level's folder" in str(second.error)


def test_heightmaps_are_remembered_up_to_a_budget_of_pixels(user_home, monkeypatch):
    import engine.level.registry as registry

    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "map.png").write_bytes(noise_png(16, 16))
    (folder / "map.toml").write_text(height_map())
    (folder / "a.toml").write_text(bowl("a", "First"))
    monkeypatch.setattr(registry, "REMEMBERED_PIXEL_BYTES", 16 * 16 * 8 - 1)  # one byte short of the map
    first_map, first_a = entry("map"), entry("a")
    assert entry("a") is first_a  # remembered
    assert entry("map") is not first_map and entry("map").spec == first_map.spec  # read again, the same


def test_the_scans_of_the_last_few_folders_are_remembered(tmp_path, monkeypatch):
    import engine.level.registry as registry

    homes = []
    for k in range(5):
        home = tmp_path / f"home{k}"
        (home / "levels").mkdir(parents=True)
        (home / "levels" / "a.toml").write_text(bowl("a", f"Home {k}"))
        homes.append(home)
    first = {}
    builtin = None
    for home in homes:  # the built-in pack is scanned each time: it stays the most recent, never dropped
        monkeypatch.setenv("GRADIENT_HIKER_HOME", str(home))
        first[home] = entry("a")
        builtin = builtin or next(e for e in all_levels() if e.builtin)
        assert next(e for e in all_levels() if e.builtin) is builtin
    assert len(registry._SCANS) == registry.REMEMBERED_FOLDERS
    for home in homes[::-1]:
        monkeypatch.setenv("GRADIENT_HIKER_HOME", str(home))
        again = entry("a")
        assert again.spec == first[home].spec
        # the built-in pack and the three homes scanned last are remembered; older ones are read again
        assert (again is first[home]) == (home in homes[-(registry.REMEMBERED_FOLDERS - 1):]), home.name
        assert next(e for e in all_levels() if e.builtin) is builtin


def test_the_pixel_budget_counts_every_heightmap_kept_and_only_heightmaps(user_home, monkeypatch):
    import engine.level.registry as registry

    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "map.png").write_bytes(noise_png(16, 16))
    for name, lid in (("a-map", "map-a"), ("c-map", "map-c")):
        (folder / f"{name}.toml").write_text(height_map(lid))
    (folder / "b.toml").write_text(bowl("b", "Formula"))
    monkeypatch.setattr(registry, "REMEMBERED_PIXEL_BYTES", 16 * 16 * 8)  # exactly one map
    first = {lid: entry(lid) for lid in ("map-a", "b", "map-c")}
    assert entry("map-a") is first["map-a"]  # the first map fits exactly
    assert entry("b") is first["b"]  # a formula level costs no pixels
    assert entry("map-c") is not first["map-c"]  # the second map is over the budget: read again


def test_a_lookup_by_id_scans_only_files_it_has_not_seen_in_these_bytes(user_home, monkeypatch):
    import engine.level.registry as registry
    from engine.level import find_entry

    folder = user_home / "levels"
    folder.mkdir(parents=True)
    for k in range(3):
        (folder / f"l{k}.toml").write_text(bowl(f"l{k}", "A"))
    scanned = []
    real = registry.declared_id
    monkeypatch.setattr(registry, "declared_id", lambda text: scanned.append(text) or real(text))
    assert find_entry("l2").path == folder / "l2.toml"
    first = len(scanned)
    assert first >= 3  # every built-in level, then l0, l1, l2
    assert find_entry("l2").path == folder / "l2.toml" and len(scanned) == first  # all remembered
    rewrite_keeping_times(folder / "l1.toml", bowl("l9", "A"))
    assert find_entry("l9").path == folder / "l1.toml" and len(scanned) == first + 1  # only the changed one
    monkeypatch.setattr(registry, "REMEMBERED_IDS", 2)
    registry.forget_scans()
    find_entry("l2")
    assert len(registry._IDS) <= 2  # bounded: the memo starts again when full
