# shellcheck shell=bash
# Access control for the bench scripts (source it after services/lib.sh). Every /api/v1 request needs
# Authorization: Bearer <key>; a benchmark that starts services gives them a fresh bootstrap admin key per run.

# bench_admin_key: a new bootstrap admin key for this run, made as ./renvoi up makes one (rvk_ + base64url of 32
# random bytes), exported as RENVOI_AUTH_ADMIN_KEY: the services started after this read it from their environment
# (renvoi.auth.admin-key) and the drivers send it (io.renvoi.bench.BenchAuth). Environment only, never on a
# command line (ps shows those); call it after Kafka and OpenSearch are up, so that they do not inherit it.
bench_admin_key() {
  RENVOI_AUTH_ADMIN_KEY="rvk_$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')"
  export RENVOI_AUTH_ADMIN_KEY
}
