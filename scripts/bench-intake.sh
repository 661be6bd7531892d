#!/usr/bin/env bash
# Event intake of the embedded default, on loopback, in three parts:
# 1. `graphdrive up` (2 index servers, 1 tagging actor each); N small files copied into the drive, timed until all
#    are in the graph (recorded, not yet tagged).
# 2. wrk posts MODIFIED events for those files (repeats: the graph keeps them as they are), batches of B and single
#    events, through nginx and straight to one index server; events/s and latency percentiles per request.
# 3. up stopped; N more files copied through a mount whose server is down, so that their events wait in the journal;
#    up started again; timed from its start until the journal has drained them all into the graph.
# Usage: scripts/bench-intake.sh [WORKDIR] [N] [B]   (defaults /tmp/graphdrive-bench-intake, 10000, 500; needs wrk)
# IDLE=1 waits until the N files are tagged before part 2, so that wrk measures the intake on idle cores rather than
# beside the tagging actors.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,9p' "$0" | sed 's/^# //'; exit 2; fi
W="${1:-/tmp/graphdrive-bench-intake}"; N="${2:-10000}"; B="${3:-500}"
PORT="${PORT:-18480}"; SECONDS_EACH="${SECONDS_EACH:-20}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
rm -rf "$W"; mkdir -p "$W/src" "$W/src2"
URL="http://127.0.0.1:$PORT"
UP=""
trap '[ -z "$UP" ] || { kill -TERM $UP 2>/dev/null; wait $UP 2>/dev/null || true; }' EXIT
start_up() {
  "$ROOT/graphdrive" up --data "$W/data" --port "$PORT" --workers 1 >> "$W/up.log" 2>&1 &
  UP=$!
  for _ in $(seq 1 300); do
    curl -sf "$URL/api/v1/health" >/dev/null 2>&1 && mountpoint -q "$W/data/drive" && return
    sleep 1
  done
  echo "up did not come up; see $W/up.log" >&2; exit 1
}
stats() {
  curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/stats"
}
start_up
TOKEN="$(cat "$W/data/api-token")"
count() {
  stats | python3 -c 'import json,sys; print(sum(json.load(sys.stdin)["files"].values()))'
}
tagged() {
  stats | python3 -c 'import json,sys; f = json.load(sys.stdin)["files"]; print(f.get("TAGGED", 0) + f.get("FAILED", 0))'
}

for ((i = 0; i < N; i++)); do
  for s in src src2; do
    d="$W/$s/part$((i % 10))"; [ -d "$d" ] || mkdir -p "$d"
    printf 'Note %d about rivers and mountains, written for the intake benchmark (%s).\n' "$i" "$s" > "$d/note-$i.txt"
  done
done
start=$(date +%s.%N)
cp -r "$W/src" "$W/data/drive/in"
copied=$(echo "$(date +%s.%N) - $start" | bc)
while [ "$(count)" -lt "$N" ]; do sleep 0.5; done
recorded=$(echo "$(date +%s.%N) - $start" | bc)
printf 'cp -r of %d files into the drive: %.1f s; all in the graph after %.1f s (%.0f files/s)\n' \
  "$N" "$copied" "$recorded" "$(echo "$N / $recorded" | bc -l)"
if [ "${IDLE:-0}" = 1 ]; then
  while [ "$(tagged)" -lt "$N" ]; do sleep 2; done
  printf 'all %d tagged after %.1f s; wrk runs on idle cores\n' "$N" "$(echo "$(date +%s.%N) - $start" | bc)"
fi

# wrk's Lua: each request carries the next B paths of the N files, as MODIFIED events.
cat > "$W/events.lua" <<EOF
local n, b, i = $N, BATCH, 0
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local parts = {}
  for k = 1, b do
    local f = (i + k) % n
    parts[k] = string.format('{"type":"MODIFIED","path":"/in/part%d/note-%d.txt"}', f % 10, f)
  end
  i = i + b
  local body = b == 1 and parts[1] or ("[" .. table.concat(parts, ",") .. "]")
  return wrk.format(nil, "/api/v1/events", nil, body)
end
EOF
one_server="http://$(grep -m1 -o 'server 127.0.0.1:[0-9][0-9]*' "$W/data/run/nginx/nginx.conf" | cut -d' ' -f2)"
for target in "nginx $URL" "one-server $one_server"; do
  set -- $target
  for batch in "$B" 1; do
    sed "s/BATCH/$batch/" "$W/events.lua" > "$W/run.lua"
    out=$(wrk -t 2 -c 4 -d "${SECONDS_EACH}s" --latency -s "$W/run.lua" "$2/api/v1/events")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    printf '%-10s batch %4d: %8.0f events/s  (%s requests/s; latency p50 %s p99 %s; non-2xx %s)\n' "$1" "$batch" \
      "$(echo "$rps * $batch" | bc -l)" "$rps" "$(echo "$out" | awk '$1 == "50%" {print $2}')" \
      "$(echo "$out" | awk '$1 == "99%" {print $2}')" "${non2xx:-0}"
  done
done

# 3. The journal drains a backlog: events of N new files written while no server answered.
kill -TERM "$UP"; wait "$UP" 2>/dev/null || true; UP=""
redis-server --port 0 --unixsocket "$W/data/redis/redis.sock" --unixsocketperm 700 --dir "$W/data/redis" \
  --appendonly yes --save '' --daemonize yes > /dev/null
mkdir -p "$W/offline"
GRAPHDRIVE_URL=http://127.0.0.1:9 "$ROOT/graphdrive" mount --data "$W/data" "$W/offline" > "$W/offline.log" 2>&1 &
MOUNT=$!
for _ in $(seq 1 60); do mountpoint -q "$W/offline" && break; sleep 1; done
cp -r "$W/src2" "$W/offline/backlog"
kill -TERM "$MOUNT"; wait "$MOUNT" 2>/dev/null || true
redis-cli -s "$W/data/redis/redis.sock" shutdown > /dev/null 2>&1 || true
start=$(date +%s.%N)
start_up
healthy=$(echo "$(date +%s.%N) - $start" | bc)
while [ "$(count)" -lt $((2 * N)) ]; do sleep 0.5; done
drained=$(echo "$(date +%s.%N) - $start" | bc)
printf 'journal backlog of %d new files: up healthy after %.1f s, all in the graph after %.1f s (%.0f events/s after health)\n' \
  "$N" "$healthy" "$drained" "$(echo "$N / ($drained - $healthy)" | bc -l)"
