#!/usr/bin/env bash
# Regenerate the README's screenshots with the app itself (--screenshot / --demo) on a virtual screen.
# Usage: scripts/readme-screenshots.sh [OUT_DIR]   (default: resources/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
OUT=${1:-resources/screenshots}
mkdir -p "$OUT"
XVFB=(xvfb-run -a -s "-screen 0 1600x1200x24 +extension GLX +render")
# the `make run` demo: six optimizers racing on Rosenbrock for 5 s
"${XVFB[@]}" "$PY" -m gdexplorer --demo 5 --screenshot "$OUT/rosenbrock-race.png" --size 1600x1000
# seed 004's escape from the local minimum: gd with the seed's learning rate on the function it really descends
"${XVFB[@]}" "$PY" -m gdexplorer --screenshot "$OUT/seed004-1d.png" -f seed004_exact --start -1 \
    --optimizer gd --lr 1.000542 --steps 20 --size 1600x1000
# Himmelblau: two optimizers from one start, its four minima marked
"${XVFB[@]}" "$PY" -m gdexplorer --screenshot "$OUT/himmelblau-starts.png" -f himmelblau --start -0.5,-0.5 \
    --optimizer gd,adam --lr 0.01 --steps 200 --size 1600x1000
# a small screen: the whole race at 1280x720
"${XVFB[@]}" "$PY" -m gdexplorer --screenshot "$OUT/all-optimizers-1280x720.png" -f rosenbrock \
    --optimizer all --steps 300 --size 1280x720
# the interface in simplified Chinese (View > Language; here --language for one start)
"${XVFB[@]}" "$PY" -m gdexplorer --language zh_CN --screenshot "$OUT/himmelblau-zh_CN.png" -f himmelblau \
    --start -0.5,-0.5 --optimizer gd,momentum,adam --steps 150 --size 1600x1000
