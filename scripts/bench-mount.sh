#!/usr/bin/env bash
# The mount on SQLite and on Redis metadata side by side, with no server behind them (events are journaled, not
# tagged): graphdrive bench-io on each, fio on each, and cp -r of 10,000 small files to local disk and to each.
# Usage: scripts/bench-mount.sh [WORKDIR]   (default /tmp/graphdrive-bench-mount; needs redis-server and fio)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,4p' "$0" | sed 's/^# //'; exit 2; fi
W="${1:-/tmp/graphdrive-bench-mount}"
rm -rf "$W"; mkdir -p "$W"/sqlite/data "$W"/sqlite/mnt "$W"/redis/data "$W"/redis/mnt "$W"/local
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 5
  redis-cli -s "$W/redis/redis.sock" shutdown nosave >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "juicefs.meta=sqlite3://$W/sqlite/data/meta.db" > "$W/sqlite/data/graphdrive.properties"
echo "juicefs.meta=unix://$W/redis/redis.sock?db=1" > "$W/redis/data/graphdrive.properties"
redis-server --port 0 --unixsocket "$W/redis/redis.sock" --unixsocketperm 700 --dir "$W/redis" --save '' \
  --appendonly yes --appendfsync everysec --daemonize yes >/dev/null
for m in sqlite redis; do
  echo bench > "$W/$m/data/api-token"
  GRAPHDRIVE_URL=http://127.0.0.1:9 "$ROOT/graphdrive" mount --data "$W/$m/data" "$W/$m/mnt" > "$W/$m/mount.log" 2>&1 &
  pids+=($!)
done
for m in sqlite redis; do
  for _ in $(seq 1 60); do grep -q 'mounted the drive' "$W/$m/mount.log" && break; sleep 1; done
done

for m in sqlite redis; do
  echo "== bench-io, $m metadata"
  GRAPHDRIVE_URL=http://127.0.0.1:9 "$ROOT/graphdrive" bench-io --data "$W/$m/data" --mount "$W/$m/mnt" \
    --size-mb 512 --small-files 3000 --rounds 3 2>&1 | grep -v WARN | tail -10
done
for m in sqlite redis; do
  echo "== fio, $m metadata"
  "$ROOT/scripts/bench-fio.sh" "$W/$m/mnt" "$W/local" 3 512M 2>&1 | tail -9
done

echo "== cp -r of 10,000 small files, seconds"
SRC="$W/src"
for d in $(seq 0 9); do
  mkdir -p "$SRC/part$d"
  for i in $(seq 0 999); do echo "note $d-$i about the river and the mountain, number $i" > "$SRC/part$d/n$i.txt"; done
done
for round in 1 2 3; do
  for t in local sqlite redis; do
    dst="$W/$t/mnt/copy"; [ "$t" = local ] && dst="$W/local/copy"
    sync; start=$(date +%s.%N); cp -r "$SRC" "$dst"; sync
    echo "round $round $t $(echo "$(date +%s.%N) - $start" | bc)"
    rm -rf "$dst"
  done
done
