#!/usr/bin/env bash
# Link-checker benchmark over SciFact abstracts served locally (see README.md beside this file).
#   bench/link-checker/run.sh            standard (500 documents, 5 % dead, 5 % flapping 503, 5 % changed),
#                                        flapping (500 more, 10 % answer 404/403 once), host-404 (200 pages of one host)
#   DOCS=5183 SHARE=0.1 MODES=standard bench/link-checker/run.sh
# Starts its own test Kafka and OpenSearch through ./renvoi test (ports TEST_KAFKA_PORT, TEST_OPENSEARCH_PORT),
# or uses running ones when TEST_KAFKA (host:port) and TEST_OPENSEARCH (URL) are set.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${OUT:-$REPO/bench/link-checker/results-latest.txt}"
JSON="${JSON:-$REPO/bench/results/link-checker.json}"
CORPUS="${CORPUS:-$REPO/../shared/eval/scifact/corpus.jsonl}"
cd "$REPO"
args=(-Dtest=LinkCheckerBench -Dsurefire.failIfNoSpecifiedTests=false -Drenvoi.profiled-tests.skip=true
  "-Dbench.docs=${DOCS:-500}" "-Dbench.share=${SHARE:-0.05}" "-Dbench.modes=${MODES:-standard,flapping,host-404}"
  "-Dbench.host-pages=${HOST_PAGES:-200}" "-Dbench.corpus=$CORPUS" "-Dbench.out=$OUT" "-Dbench.json=$JSON")
if [[ -n "${TEST_KAFKA:-}" && -n "${TEST_OPENSEARCH:-}" ]]; then
  mvn -B -o verify -pl link-checker "-Drenvoi.test.kafka=$TEST_KAFKA" "-Drenvoi.test.opensearch=$TEST_OPENSEARCH" "${args[@]}" "$@"
else
  ./renvoi test -pl common,link-checker "${args[@]}" "$@"
fi
cat "$OUT"
