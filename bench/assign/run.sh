#!/usr/bin/env bash
# Runs matching.Assign and scipy side by side on the same generated instances, checks that the
# optimal totals agree within the stated precision (1e-6 per pair: scores are optimised as
# round(score × 1e6)), and prints time ratios (medians of REPEAT runs each).
#
#   bench/assign/run.sh            all instances (dense 1000²/2000²/5000², campaign, sparse)
#   QUICK=1 bench/assign/run.sh    skip dense 5000²
#   CITY=1  bench/assign/run.sh    also the city-scale campaign under /usr/bin/time -v
#
# Instances go to a temporary directory (override with DIR=...), never into the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEAT=${REPEAT:-5}
DIR=${DIR:-$(mktemp -d /tmp/jxassign.XXXXXX)}
BIN="$DIR/assign"
go build -o "$BIN" ./bench/assign
python3 -c 'import scipy, numpy' 2>/dev/null || { echo "need scipy and numpy: pip install scipy numpy" >&2; exit 1; }
[ -f "$DIR/dense1000.jxa" ] || "$BIN" -gen "$DIR"
names="dense1000 dense2000 dense5000 campaign2000x500 sparse20000x5000"
[ -n "${QUICK:-}" ] && names="dense1000 dense2000 campaign2000x500 sparse20000x5000"
printf '%-20s %-10s %10s %10s %8s  %-s\n' instance go-method go-s scipy-s ratio totals
for n in $names; do
	g=$("$BIN" -solve "$DIR/$n.jxa" -repeat "$REPEAT")
	p=$(python3 bench/assign/scipy_assign.py "$DIR/$n.jxa" --repeat "$REPEAT")
	python3 - "$g" "$p" <<'PY'
import json, sys
g, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
tol = 1e-6 * max(g["pairs"], p["pairs"], 1) + 1e-9
ok = abs(g["total"] - p["total"]) <= tol
print(f'{g["instance"]:<20} {g["method"]:<10} {g["median_s"]:10.3f} {p["median_s"]:10.3f} {g["median_s"]/p["median_s"]:8.3f}  '
      f'{"equal" if ok else "DIFFER"} (go {g["total"]:.6f} / {g["pairs"]} pairs, scipy {p["total"]:.6f} / {p["pairs"]} pairs; scipy: {p["method"]})')
if not ok:
    sys.exit(1)
PY
done
if [ -n "${CITY:-}" ]; then
	/usr/bin/time -v "$BIN" -city 2> "$DIR/city.time"
	grep -E 'Elapsed|Maximum resident|User time|System time' "$DIR/city.time"
fi
