#!/bin/sh
# Renders the template for the container: upstreams from GRAPHDRIVE_UPSTREAMS (host:port, space
# separated), port from GRAPHDRIVE_PORT, and listening on all interfaces instead of loopback so the
# published port reaches it.
set -eu
prefix=/var/lib/graphdrive-nginx
mkdir -p "$prefix"
upstreams=""
for server in $GRAPHDRIVE_UPSTREAMS; do
  upstreams="$upstreams        server $server max_fails=1 fail_timeout=5s;\n"
done
awk -v prefix="$prefix" -v port="${GRAPHDRIVE_PORT:-8080}" -v upstreams="$(printf "$upstreams")" '
  { gsub(/\$\{PREFIX\}/, prefix); gsub(/\$\{PORT\}/, port); gsub(/\$\{UPSTREAMS\}/, upstreams);
    sub(/listen 127\.0\.0\.1:/, "listen "); print }
' /etc/graphdrive/graphdrive.conf.template > "$prefix/nginx.conf"
exec nginx -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/error.log"
