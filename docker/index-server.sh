#!/bin/sh
# An index server is a Ray driver, and a Ray driver needs a raylet on its own node: join the
# cluster with no CPUs (so no tagging actor lands here), then run the server in the foreground.
set -eu
ray start --address="$GRAPHDRIVE_RAY_ADDRESS" --num-cpus=0 --disable-usage-stats
exec java -Xmx"${GRAPHDRIVE_INDEX_HEAP:-2g}" -Dray.code-search-path=/opt/graphdrive/lib -cp '/opt/graphdrive/lib/*' \
  io.graphdrive.index.IndexServerMain --data /data --port 8080 --name "$GRAPHDRIVE_NAME"
