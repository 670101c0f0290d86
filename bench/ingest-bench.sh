#!/usr/bin/env bash
# Ingest throughput: fetch + extract + chunk (SafeFetcher over a loopback server) vs extract + chunk alone,
# over the SciFact corpus, one page per document. Prints one JSON line.
# Usage: bench/ingest-bench.sh [corpus.jsonl] [maxDocs]
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="${1:-$REPO/../shared/eval/scifact/corpus.jsonl}"
cd "$REPO"
mvn -B -o -q package -DskipTests -pl common >&2
mvn -B -o -q dependency:build-classpath -pl common -Dmdep.outputFile="$REPO/common/target/bench.classpath" >&2
# nodelay: the JDK test server otherwise sends headers and body in two segments and Nagle adds ~40 ms per page.
exec java -Xmx1g -Dsun.net.httpserver.nodelay=true -cp "$REPO/common/target/classes:$(cat "$REPO/common/target/bench.classpath")" \
  "$REPO/bench/IngestBench.java" "$CORPUS" "${2:-2147483647}" 2>/dev/null
