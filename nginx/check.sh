#!/usr/bin/env bash
# Renders graphdrive.conf.template the way `graphdrive up` does, checks it with `nginx -t`, then
# runs it for a few seconds in front of two tiny Python upstreams on loopback: round robin,
# failover when one dies, JSON 502 when both are gone, JSON 413 for a large body, uploads unlimited.
# Needs Debian's nginx, python3 and curl. Usage: nginx/check.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); up1=$(free_port); up2=$(free_port)

upstreams="        server 127.0.0.1:$up1 max_fails=1 fail_timeout=5s;
        server 127.0.0.1:$up2 max_fails=1 fail_timeout=5s;"
PREFIX="$work" PORT="$port" UPSTREAMS="$upstreams" python3 - "$here/graphdrive.conf.template" "$work/nginx.conf" <<'PY'
import os, sys
text = open(sys.argv[1]).read()
for key in ("PREFIX", "PORT", "UPSTREAMS"):
    text = text.replace("${" + key + "}", os.environ[key])
open(sys.argv[2], "w").write(text)
PY

nginx -t -p "$work/" -c "$work/nginx.conf" -e "$work/error.log"

cat > "$work/upstream.py" <<'PY'
import http.server, json, sys
name = sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        body = json.dumps({"server": name, "method": self.command, "bytes": n}).encode()
        self.send_response(202 if self.command == "POST" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = do_PUT = answer
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$work/upstream.py" "$up1" one & pids+=($!); p1=$!
python3 "$work/upstream.py" "$up2" two & pids+=($!); p2=$!
nginx -p "$work/" -c "$work/nginx.conf" -e "$work/error.log" & pids+=($!)

url="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$url/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done

fail() { echo "FAIL: $*"; cat "$work/error.log" || true; exit 1; }
seen=$(for _ in 1 2 3 4; do curl -sf "$url/api/v1/tags"; echo; done | sort -u | tr -d '\n')
[[ $seen == *'"one"'* && $seen == *'"two"'* ]] || fail "round robin: $seen"
echo "ok: round robin reaches both upstreams"

head -c 5000000 /dev/zero > "$work/upload.bin"
out=$(curl -s -w ' %{http_code}' -T "$work/upload.bin" "$url/api/v1/files/content?path=/big.bin")
[[ $out == *'"bytes": 5000000'*' 200' ]] || fail "upload past nginx's 2 MB limit: $out"
echo "ok: an upload over 2 MB streams through to the index server"

kill "$p1"; wait "$p1" 2>/dev/null || true
for _ in 1 2 3 4; do
  curl -sf "$url/api/v1/tags" | grep -q '"two"' || fail "GET failover"
  curl -sf -X POST -H 'Content-Type: application/json' -d '{"type":"CREATED","path":"/a.txt"}' \
    "$url/api/v1/events" | grep -q '"two"' || fail "POST failover"
done
echo "ok: GET and POST fail over to the live upstream"

kill "$p2"; wait "$p2" 2>/dev/null || true
sleep 0.2
out=$(curl -s -w ' %{http_code}' "$url/api/v1/tags")
[[ $out == *'"error"'*' 502' ]] || fail "no upstream: $out"
echo "ok: JSON 502 when no upstream answers"

out=$(head -c 3000000 /dev/zero | curl -s -w ' %{http_code}' -X POST --data-binary @- "$url/api/v1/events")
[[ $out == *'"error"'*' 413' ]] || fail "large body: $out"
echo "ok: JSON 413 for a body over 2 MB"
echo "nginx check: 5 passed, 0 failed"
