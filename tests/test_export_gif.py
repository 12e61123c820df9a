"""The race GIF (game/export.py save_gif): one palette for every frame, and each frame close to the picture
it was made from."""

import numpy as np
from PIL import Image, ImageSequence

from engine.level import find_level
from engine.race import Race
from game.args import lineup_from_specs
from game.export import race_frames, save_gif


def test_every_frame_of_the_gif_is_the_race_picture_in_one_shared_palette(tmp_path):
    level = find_level("twin-valleys")
    lineup = lineup_from_specs(None, level, 60)
    race = Race(level.landscape, lineup, np.array(level.spec.start, dtype=float), 60, level.minimum, seed=0,
                record_path=True).run()
    path = tmp_path / "race.gif"
    save_gif(level, race, path, size=240, frames=12)
    want = [np.asarray(img, dtype=float) for img in race_frames(level, race, 240, 12)]
    got = [np.asarray(frame.convert("RGB"), dtype=float) for frame in ImageSequence.Iterator(Image.open(path))]
    assert len(got) == len(want) == 12
    used = np.unique(np.concatenate([g.reshape(-1, 3) for g in got]), axis=0)
    assert len(used) <= 256  # every frame in the colours of one palette: nothing shifts between frames
    for a, b in zip(got, want, strict=True):
        diff = np.abs(a - b)
        assert diff.mean() < 3 and np.percentile(diff, 99) < 20
    # the trails' colours survive: the last frame's pixels that differ from the bare terrain keep their hue
    trail = np.abs(want[-1] - want[0]).sum(axis=-1) > 60
    assert trail.sum() > 200 and np.abs(got[-1][trail] - want[-1][trail]).mean() < 12
