#!/usr/bin/env bash
# Link-checker benchmark over SciFact abstracts served locally (see README.md beside this file).
#   bench/link-checker/run.sh            500 documents, 5 % dead, 5 % flapping, 5 % changed
#   DOCS=5183 SHARE=0.1 bench/link-checker/run.sh
# Starts its own test Kafka and OpenSearch through ./renvoi test (ports TEST_KAFKA_PORT, TEST_OPENSEARCH_PORT).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${OUT:-$REPO/bench/link-checker/results-latest.txt}"
CORPUS="${CORPUS:-$REPO/../shared/eval/scifact/corpus.jsonl}"
cd "$REPO"
./renvoi test -pl common,link-checker -Dtest=LinkCheckerBench -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dbench.docs=${DOCS:-500}" "-Dbench.share=${SHARE:-0.05}" "-Dbench.corpus=$CORPUS" "-Dbench.out=$OUT" "$@"
cat "$OUT"
