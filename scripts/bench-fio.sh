#!/usr/bin/env bash
# fio through the mounted drive beside a folder on local disk, interleaved over rounds; prints medians.
# Usage: scripts/bench-fio.sh DRIVE_DIR LOCAL_DIR [ROUNDS] [SIZE]   (e.g. graphdrive-data/drive /var/tmp 3 512M)
set -euo pipefail
if [ $# -lt 2 ] || [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
  sed -n '2,3p' "$0" | sed 's/^# //'
  exit 2
fi
command -v fio >/dev/null || { echo "bench-fio: fio is not installed (apt-get install fio)" >&2; exit 1; }
DRIVE="$1"; LOCAL="$2"; ROUNDS="${3:-3}"; SIZE="${4:-512M}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"; rm -f "$DRIVE/bench-fio.bin" "$LOCAL/bench-fio.bin"' EXIT

# name rw bs extra: one fio job; prints MB/s for sequential jobs, IOPS for 4 KiB random ones.
job() {
  local dir="$1" name="$2" rw="$3" bs="$4"
  fio --name="$name" --filename="$dir/bench-fio.bin" --rw="$rw" --bs="$bs" --size="$SIZE" --ioengine=psync \
      --end_fsync=1 --runtime=30 --time_based=0 --output-format=json --output="$OUT/$name.json" >/dev/null
  python3 - "$OUT/$name.json" "$rw" <<'EOF'
import json, sys
job = json.load(open(sys.argv[1]))["jobs"][0]
side = job["write"] if "write" in sys.argv[2] else job["read"]
print(f'{side["iops"]:.0f}' if sys.argv[2].startswith("rand") else f'{side["bw_bytes"] / 1e6:.1f}')
EOF
}

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS" >&2
  for where in local drive; do
    dir="$LOCAL"; [ "$where" = drive ] && dir="$DRIVE"
    echo "seq-write-MB/s $where $(job "$dir" seqw write 1M)" >> "$OUT/results"
    # Drop the page cache so that reads come from the file system, not memory.
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    echo "seq-read-MB/s $where $(job "$dir" seqr read 1M)" >> "$OUT/results"
    echo "rand-4k-write-IOPS $where $(job "$dir" randw randwrite 4k)" >> "$OUT/results"
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    echo "rand-4k-read-IOPS $where $(job "$dir" randr randread 4k)" >> "$OUT/results"
    rm -f "$dir/bench-fio.bin"
  done
done
echo "fio, $SIZE file, $ROUNDS rounds; median (min, max)"
python3 - "$OUT/results" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    metric, where, value = line.split()
    rows.setdefault((metric, where), []).append(float(value))
for (metric, where), values in rows.items():
    print(f"{metric:22} {where:6} {statistics.median(values):10.1f}  ({min(values):.1f}, {max(values):.1f})")
EOF
