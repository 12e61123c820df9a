#!/usr/bin/env bash
# Remakes docs/screenshots with the real scenes, through the `hiker` command itself:
#   - the README's pictures at the default size (1280x720);
#   - every scene at 1024x640, 1280x720 and 1920x1080 in docs/screenshots/scenes/.
# Run from the repo root with the game installed: bash tools/screenshots.sh
set -euo pipefail
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset GRADIENT_HIKER_HOME XDG_DATA_HOME
out=docs/screenshots
mkdir -p "$out/scenes"
fresh() { HOME="$(mktemp -d)"; export HOME; }  # a throw-away home: no progress, the usual ~/.local/share path
settings() { mkdir -p "$HOME/.local/share/gradient-hiker"; echo "$1" > "$HOME/.local/share/gradient-hiker/settings.json"; }

# Walk into Twin Valleys' deeper valley: sled west, then follow the slope, shorten the stride, declare.
RESULTS_KEYS=1,left,left,left,left,down,g,g,g,g,g,g,-,-,-,g,g,g,g,g,return
# Two Moons, a network's loss: follow the slope into the hollow of poor classifiers, declare (the results show the
# decision boundary of the network the hiker's weights give).
NETWORK_KEYS=g,g,g,g,g,g,g,g,g,g,g,g,return

shoot() {  # shoot NAME SIZE ARGS...: one picture of a scene at a size
  local name=$1 size=$2
  shift 2
  fresh
  if [[ $name == *blindfolded* ]]; then settings '{"tutorial_done": true, "play_mode": "blindfolded"}'
  elif [[ $name != tutorial* ]]; then settings '{"tutorial_done": true}'; fi
  hiker "$@" --size "$size" --screenshot "$out/scenes/$name-$size.png"
}

for size in 1024x640 1280x720 1920x1080; do
  shoot title "$size" --frames 90
  shoot tutorial "$size" --keys t,left,p --frames 20
  shoot settings "$size" --keys o --frames 10
  shoot level-select "$size" play --frames 60
  shoot play "$size" play twin-valleys --keys g,g,left,p --frames 20
  shoot play-lesson-card "$size" play cliff-edge --frames 10
  shoot play-blindfolded "$size" play the-needle --keys g,g,2,p --frames 20
  shoot pause "$size" play twin-valleys --keys g,escape --frames 10
  shoot confirm "$size" play twin-valleys --keys g,escape,down,down,down,return --frames 12
  shoot lesson "$size" play alpine-range --keys g,i --frames 10
  shoot help "$size" play twin-valleys --keys h --frames 10
  shoot results "$size" play twin-valleys --keys "$RESULTS_KEYS" --frames 140
  shoot race "$size" race classic-himmelblau --watch --frames 300
  shoot race-nine "$size" race cliff-edge --watch --opt gd --opt gd:lr=0.05 --opt momentum --opt momentum:lr=0.01 \
    --opt nesterov --opt adam --opt adam:lr=0.5 --opt rmsprop --opt sgd --frames 700
  shoot race-basins "$size" race classic-six-hump-camel --watch --keys b --frames 420
  shoot race-network "$size" race two-moons --watch --frames 300
  shoot results-network "$size" play two-moons --keys "$NETWORK_KEYS" --frames 140
done

# The README's pictures (1280x720).
cp "$out/scenes/title-1280x720.png" "$out/title.png"
cp "$out/scenes/tutorial-1280x720.png" "$out/tutorial.png"
cp "$out/scenes/level-select-1280x720.png" "$out/level-select.png"
cp "$out/scenes/play-1280x720.png" "$out/play.png"
cp "$out/scenes/results-1280x720.png" "$out/results.png"
cp "$out/scenes/race-1280x720.png" "$out/race.png"
cp "$out/scenes/race-basins-1280x720.png" "$out/race-basins.png"
fresh
hiker race the-long-valley --watch --keys =,= --frames 400 --screenshot "$out/race-long-valley.png"
hiker race the-long-valley --gif "$out/long-valley.gif" --plot "$out/long-valley-loss.png" > /dev/null
# The editor: a newcomer digs a trap for Adam (a wide well in the middle, a deep narrow shaft in a corner), names
# it and describes it, at three window sizes. Typed text goes through the same --keys (shift+a is "A").
typed() { python3 -c 'import sys; print(",".join("space" if c == " " else "comma" if c == "," else
  ("shift+" + c.lower()) if c.isupper() else c for c in sys.argv[1]))' "$1"; }
trap_keys="space,shift+left,shift+left,shift+left,shift+down,shift+down,shift+down,space,[,[,=,=,=,=,=,="
trap_keys="$trap_keys,tab,tab,tab,tab,return,backspace,backspace,backspace,backspace,$(typed "Adam's Trap"),return"
trap_keys="$trap_keys,down,return,$(typed 'Everyone rolls into the wide bowl. The true bottom is a narrow shaft.')"
trap_keys="$trap_keys,return,tab,tab,tab,space"
for size in 1024x640 1280x720 1920x1080; do
  hiker edit --template bowl --keys "$trap_keys" --frames 420 --size "$size" --screenshot "$out/editor-$size.png"
done
