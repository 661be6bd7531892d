#!/usr/bin/env bash
# While a bulk copy of N small text files into the drive is being tagged, drops one file at a time into the drive
# and times from its write until a full-text search finds it; prints each time, the median and the p95. Then, with
# the tagging still going on, times SEARCHES searches of each kind a person makes (by words inside, by meaning).
# Usage: scripts/bench-priority.sh [WORKDIR] [N] [DROPS]   (defaults /tmp/graphdrive-bench-priority 10000 20;
# SEARCHES=30; starts its own `graphdrive up --workers 1` on a free port and stops it at the end)
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,5p' "$0" | sed 's/^# //'; exit 2; fi
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
W="${1:-/tmp/graphdrive-bench-priority}"; N="${2:-10000}"; DROPS="${3:-20}"; SEARCHES="${SEARCHES:-30}"
rm -rf "$W"; mkdir -p "$W/src"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$ROOT/graphdrive" up --data "$W/data" --port "$PORT" --workers 1 > "$W/up.log" 2>&1 &
UP=$!
trap 'kill -TERM $UP 2>/dev/null || true; wait $UP 2>/dev/null || true' EXIT
until grep -q 'up: web UI' "$W/up.log"; do kill -0 $UP || { cat "$W/up.log"; exit 1; }; sleep 1; done
TOKEN=$(cat "$W/data/api-token"); API="http://127.0.0.1:$PORT/api/v1"; DRIVE="$W/data/drive"
api() { curl -s -H "Authorization: Bearer $TOKEN" "$API$1"; }
count() { api /stats | python3 -c 'import json, sys; print(sum(json.load(sys.stdin)["files"].values()))'; }
pending() { api /stats | python3 -c 'import json, sys; print(json.load(sys.stdin)["files"].get("PENDING", 0))'; }

words=(river mountain forest cat dog violin piano garden kitchen recipe bread soup train engine rocket planet)
for ((i = 0; i < N; i++)); do
  dir="$W/src/part$((i % 10))"; [ -d "$dir" ] || mkdir -p "$dir"
  w1=${words[$((i % ${#words[@]}))]}; w2=${words[$(((i / 7) % ${#words[@]}))]}
  line="Note $i about the $w1 and the $w2: the $w1 was near the $w2 again today, number $i."
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "$line"; done > "$dir/note-$i.txt"
done
start=$(date +%s.%N); cp -r "$W/src" "$DRIVE/import"
echo "copied $N files into the drive in $(echo "$(date +%s.%N) - $start" | bc) s; waiting until the graph holds them" >&2
until [ "$(count)" -ge "$N" ]; do sleep 1; done
echo "all $N in the graph after $(echo "$(date +%s.%N) - $start" | bc) s; $(pending) PENDING" >&2

mkdir -p "$DRIVE/mine"; times=()
for ((i = 1; i <= DROPS; i++)); do
  word="zanzibar${i}x$RANDOM"; backlog=$(pending)
  t0=$(date +%s.%N)
  echo "A note I dropped in by hand about $word and the kitchen sink." > "$DRIVE/mine/drop-$i.txt"
  until api "/search?text=$word" | grep -q "drop-$i.txt"; do sleep 0.05; done
  t=$(echo "$(date +%s.%N) - $t0" | bc); times+=("$t")
  # Where the time went: until the server recorded the event (journal and intake), until its result began to
  # land (queue and tagging), and the rest (landing and the search).
  split=$(api "/files?path=/mine/drop-$i.txt" | python3 -c '
import datetime, json, sys
f, t0, t = json.load(sys.stdin), float(sys.argv[1]), float(sys.argv[2])
at = lambda k: datetime.datetime.fromisoformat(f[k].replace("Z", "+00:00")).timestamp()
print("recorded %.2f s, tagged %.2f s, found %.2f s" % (at("updatedAt") - t0, at("taggedAt") - t0, t))' "$t0" "$t")
  printf 'drop %2d: searchable after %.2f s (%s files PENDING behind it; %s)\n' "$i" "$t" "$backlog" "$split"
  sleep 2
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {
  p95 = a[int(0.95 * NR + 0.999)]; printf "%d drops: median %.2f s, p95 %.2f s, max %.2f s\n", NR, a[int((NR + 1) / 2)], p95, a[NR] }'

# Searches while the import is still being tagged: each timed by curl, one after the other.
for kind in "text=river%20garden" "q=a%20recipe%20for%20bread%20soup"; do
  for ((i = 1; i <= SEARCHES; i++)); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$API/search?$kind&limit=20"
  done | sort -n | awk -v kind="${kind%%=*}" -v left="$(pending)" '{a[NR] = $1} END {
    printf "%d searches by %s while %d files wait for tagging: median %.0f ms, p95 %.0f ms\n", NR,
      (kind == "q" ? "meaning" : "words inside"), left, 1000 * a[int((NR + 1) / 2)], 1000 * a[int(0.95 * NR + 0.999)] }'
done
