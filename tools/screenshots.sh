#!/usr/bin/env bash
# Remakes the README's screenshots with the real scenes, through the `hiker` command itself.
# Run from the repo root with the game installed: bash tools/screenshots.sh
set -euo pipefail
# A throw-away home: no saved progress, and the level list shows the usual ~/.local/share path.
HOME="$(mktemp -d)"
export HOME SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset GRADIENT_HIKER_HOME XDG_DATA_HOME
out=docs/screenshots
hiker --frames 120 --screenshot "$out/title.png"
hiker play --frames 60 --screenshot "$out/level-select.png"
hiker play twin-valleys --keys g,g,left,g,down,p --frames 20 --screenshot "$out/play.png"
# Walk west into the deeper valley, shorten the stride near its narrow floor, follow the slope, declare.
hiker play twin-valleys --keys left,left,left,left,left,down,down,down,down,g,g,g,-,-,-,-,-,-,g,g,g,g,g,g,g,g,return \
  --frames 160 --screenshot "$out/results.png"
hiker race classic-himmelblau --watch --frames 300 --screenshot "$out/race.png"
hiker race classic-six-hump-camel --watch --keys b --frames 420 --screenshot "$out/race-basins.png"
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
