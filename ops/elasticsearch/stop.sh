#!/usr/bin/env bash
# Stop the development Elasticsearch node started by start.sh; succeeds quietly when it is not running.
#   ES_VAR (var/elasticsearch): the folder of the node to stop, as given to start.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PIDFILE="${ES_VAR:-$ROOT/var/elasticsearch}/elasticsearch.pid"

pid=$(cat "$PIDFILE" 2>/dev/null || true)
if [ -z "$pid" ] || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kb.es.Launcher'; then
    rm -f "$PIDFILE"
    echo "elasticsearch: not running"
    exit 0
fi

kill -TERM "$pid"  # the launcher's shutdown hook closes the node (flushes shards, releases locks) and exits
for _ in $(seq 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; echo "elasticsearch: stopped (pid $pid)"; exit 0; }
    sleep 1
done
echo "elasticsearch: pid $pid did not stop within 60 s; killing it" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$PIDFILE"
