#!/usr/bin/env bash
# Copies N small text files with `cp -r` onto local disk and into the mounted drive of a running GraphDrive, then
# waits until the graph has tagged them all; prints the copy times and the time until all are TAGGED.
# Usage: scripts/bench-import.sh DATA_DIR LOCAL_DIR [N]   (DATA_DIR of `graphdrive up`, its drive DATA_DIR/drive;
# set GRAPHDRIVE_URL when up serves on another port than 8080)
set -euo pipefail
if [ $# -lt 2 ] || [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
  sed -n '2,5p' "$0" | sed 's/^# //'
  exit 2
fi
DATA="$(readlink -f "$1")"; LOCAL="$2"; N="${3:-10000}"
DRIVE="$DATA/drive"
NAME="import-$(date +%s)"
SRC="$(mktemp -d)"
trap 'rm -rf "$SRC" "${LOCAL:?}/$NAME"' EXIT

words=(river mountain forest cat dog violin piano garden kitchen recipe bread soup train engine rocket planet
       market price budget invoice football goal match winter summer storm doctor fever)
echo "writing $N files of about 1 KB" >&2
for ((i = 0; i < N; i++)); do
  dir="$SRC/part$((i % 10))"
  [ -d "$dir" ] || mkdir -p "$dir"
  w1=${words[$((i % ${#words[@]}))]}; w2=${words[$(((i / 7) % ${#words[@]}))]}
  line="Note $i about the $w1 and the $w2: the $w1 was near the $w2 again today, number $i."
  printf '%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n' "$line" "$line" "$line" "$line" "$line" "$line" \
    "$line" "$line" "$line" "$line" "$line" "$line" > "$dir/note-$i.txt"
done

# Polled with curl rather than `graphdrive status`, whose JVM start every few seconds would take CPU from the import.
URL="${GRAPHDRIVE_URL:-http://127.0.0.1:8080}"; TOKEN="$(cat "$DATA/api-token")"
tagged() {
  curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/stats" \
    | python3 -c 'import json, sys; f = json.load(sys.stdin)["files"]; print(f.get("TAGGED", 0) + f.get("FAILED", 0))'
}
before=$(tagged)
sync
start=$(date +%s.%N); cp -r "$SRC" "$LOCAL/$NAME"; sync; local_s=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N); cp -r "$SRC" "$DRIVE/$NAME"; drive_s=$(echo "$(date +%s.%N) - $start" | bc)
echo "copied: local disk ${local_s} s, drive ${drive_s} s; waiting until all are tagged" >&2
while [ "$(tagged)" -lt $((before + N)) ]; do sleep 2; done
tagged_s=$(echo "$(date +%s.%N) - $start" | bc)
printf '%d files: cp -r local disk %.1f s, into the drive %.1f s, until all TAGGED %.1f s (%.1f files/s)\n' \
  "$N" "$local_s" "$drive_s" "$tagged_s" "$(echo "$N / $tagged_s" | bc -l)"
