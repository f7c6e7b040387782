#!/usr/bin/env bash
# Start the development Elasticsearch node in the background (see README.md here) and wait until it is ready.
# Idempotent: when our node is already up on $ES_PORT this prints its address and exits 0.
#   ES_PORT (9200)  ES_HEAP (maximum heap: 1g; at least 512m)  ES_START_TIMEOUT (120 s)  ES_JAVA (java)
#   ES_VAR (var/elasticsearch: the node's config, data, logs and pid file; another folder runs another node)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VAR=${ES_VAR:-$ROOT/var/elasticsearch}
TARGET="$HERE/target"
PORT=${ES_PORT:-9200}
HEAP=${ES_HEAP:-1g}
TIMEOUT=${ES_START_TIMEOUT:-120}
JAVA=${ES_JAVA:-java}
PIDFILE="$VAR/elasticsearch.pid"
LOG="$VAR/logs/kb-dev.log"
URL="http://127.0.0.1:$PORT"

running() { # our node's pid from the pid file, if that process is alive and is our launcher
    local pid
    pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kb.es.Launcher' && echo "$pid"
}

health() { # the cluster status (green/yellow/red), or nothing while the node does not answer
    # No -f: when green is not reached within the timeout the answer is a 408 that still carries the status.
    curl -sS --max-time 5 "$URL/_cluster/health?wait_for_status=green&timeout=1s" 2>/dev/null |
        grep -o '"status":"[a-z]*"' | cut -d'"' -f4 || true
}

die() { # a refusal before starting anything
    echo "elasticsearch: $1" >&2
    exit 1
}

fail() { # a node that did not come up: the message and the end of its logs
    echo "elasticsearch: $1" >&2
    for f in "$LOG" "$VAR/logs/stdout.log"; do
        [ -s "$f" ] && { echo "--- last lines of $f" >&2; tail -n 30 "$f" | cut -c1-400 >&2; }
    done
    exit 1
}

stale() { # the jars are missing or older than their sources
    [ ! -f "$TARGET/.built" ] || [ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$TARGET/.built" -print -quit)" ]
}

if pid=$(running); then
    # One var/elasticsearch holds one node: the running one must be the one asked for.
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "-Ehttp.port=$PORT " ||
        die "our node already runs as pid $pid on another port; make elasticsearch-stop first"
    stale && echo "elasticsearch: ops/elasticsearch changed since this node was built: make elasticsearch-stop elasticsearch to rebuild"
    status=$(health)
    [ -n "$status" ] && { echo "elasticsearch: already running on $URL (pid $pid, status $status)"; exit 0; }
    echo "elasticsearch: pid $pid is starting; waiting for it"
else
    if curl -fsS --max-time 2 "$URL" >/dev/null 2>&1; then
        die "something else already answers on $URL; stop it or set ES_PORT"
    fi
    if stale; then # offline first, so that a warm ~/.m2 needs no network
        # Another node (another ES_VAR) runs from these jars: a clean build would pull them from under it.
        other=$(pgrep -f -- "-cp $TARGET/kb-es-launcher.jar" | head -1 || true)
        [ -z "$other" ] || die "ops/elasticsearch changed, but a node built from it runs as pid $other: stop it first"
        echo "elasticsearch: building the node with Maven (ops/elasticsearch/pom.xml)"
        mvn -q -o -f "$HERE/pom.xml" clean package >/dev/null 2>&1 || mvn -q -f "$HERE/pom.xml" clean package
        touch "$TARGET/.built"
    fi
    mkdir -p "$VAR/config" "$VAR/data" "$VAR/logs" "$VAR/tmp"
    cp "$HERE/config/elasticsearch.yml" "$HERE/config/log4j2.properties" "$VAR/config/"
    : >"$VAR/logs/stdout.log"
    # The flags are the ones Elastic's launcher passes (SystemJvmOptions), less those for its own distribution.
    # The server runs on the module path as in the distribution: transport-netty4 is a named module that needs it.
    setsid "$JAVA" \
        -Xms512m -Xmx"$HEAP" -XX:+UseG1GC -Xss1m -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$VAR/tmp" \
        -XX:-OmitStackTraceInFastThrow -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djava.locale.providers=CLDR \
        -Djava.io.tmpdir="$VAR/tmp" -Djna.nosys=true \
        -Des.networkaddress.cache.ttl=60 -Des.networkaddress.cache.negative.ttl=10 \
        -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
        -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true \
        -Dkb.es.config="$VAR/config" -Dkb.es.modules="$TARGET/modules" \
        --module-path "$TARGET/lib" --add-modules=ALL-MODULE-PATH --add-modules=jdk.net \
        -cp "$TARGET/kb-es-launcher.jar" kb.es.Launcher \
        -Ecluster.name=kb-dev -Enode.name=kb-dev-1 -Epath.home="$VAR" -Epath.data="$VAR/data" \
        -Epath.logs="$VAR/logs" -Ehttp.port="$PORT" \
        </dev/null >>"$VAR/logs/stdout.log" 2>&1 &
    pid=$!
    echo "$pid" >"$PIDFILE"
    echo "elasticsearch: starting pid $pid on $URL (logs in $VAR/logs/)"
fi

start=$SECONDS
while :; do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; fail "the node exited while starting"; }
    status=$(health)
    case "$status" in
    green)
        echo "elasticsearch: ready on $URL (green, $((SECONDS - start)) s)"
        exit 0 ;;
    yellow)
        # One node cannot hold replicas: indexes made with number_of_replicas >= 1 stay yellow, yet all their data is there.
        echo "elasticsearch: ready on $URL (yellow: every primary shard is active; replica shards cannot be assigned on one node)"
        exit 0 ;;
    esac
    [ $((SECONDS - start)) -ge "$TIMEOUT" ] && fail "not ready on $URL after $TIMEOUT s (status: ${status:-no answer}); it is still running as pid $pid"
    sleep 1
done
