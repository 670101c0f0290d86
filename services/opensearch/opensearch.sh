#!/usr/bin/env bash
# OpenSearch 2.19.1 + k-NN (lucene engine) for development and tests, assembled from Maven artifacts.
#   services/opensearch/opensearch.sh up|down|status|wait|logs [-f]
# Env: OPENSEARCH_PORT (9200), OPENSEARCH_TRANSPORT_PORT (OPENSEARCH_PORT+100), RENVOI_STATE (<repo>/.renvoi),
#      OPENSEARCH_JAVA_OPTS ("-Xms1g -Xmx1g"), OPENSEARCH_WAIT_TIMEOUT (120 s).
# State: $RENVOI_STATE/opensearch/{home,data,logs,opensearch.pid}. The first 'up' installs the home from
# services/opensearch/target (building it if needed), adds the lang-painless and analysis-common modules and
# the k-NN plugin. A home installed before analysis-common was added is installed again (its data is kept).
# OpenSearch refuses to run as root: as root, a system user 'opensearch' is created once and runs it.
set -euo pipefail
# shellcheck source=services/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"

OPENSEARCH_PORT="${OPENSEARCH_PORT:-9200}"
OPENSEARCH_TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-$((OPENSEARCH_PORT + 100))}"
OPENSEARCH_WAIT_TIMEOUT="${OPENSEARCH_WAIT_TIMEOUT:-120}"
OS_VERSION=2.19.1
OS_USER=opensearch

MODULE="$RENVOI_REPO/services/opensearch"
TARGET="$MODULE/target"
DIST="$TARGET/opensearch-$OS_VERSION"
DIR="$RENVOI_STATE/opensearch"
HOME_DIR="$DIR/home"
DATA="$DIR/data"
LOGS="$DIR/logs"
PIDFILE="$DIR/opensearch.pid"
LOG="$DIR/opensearch.log" # stdout/stderr of the launcher; the server's own log is $LOGS/<cluster>.log
CLUSTER=renvoi
URL="http://127.0.0.1:$OPENSEARCH_PORT"

as_root() { [[ "$(id -u)" == 0 ]]; }

# Run a command as the user that owns OpenSearch's files.
run_as_os() {
  if as_root; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi
}

ensure_built() {
  if [[ ! -x "$DIST/bin/opensearch" || ! -f "$TARGET/lang-painless/plugin-descriptor.properties" ||
    ! -f "$TARGET/analysis-common/plugin-descriptor.properties" ]] ||
    ! compgen -G "$TARGET/plugins/opensearch-knn-*.zip" >/dev/null; then
    rv_info "opensearch: $TARGET incomplete, building services/opensearch"
    rv_mvn -q -B -f "$RENVOI_REPO/pom.xml" -pl services/opensearch package
  fi
}

ensure_user() {
  as_root || return 0
  if ! id -u "$OS_USER" >/dev/null 2>&1; then
    rv_info "opensearch: creating system user '$OS_USER' (OpenSearch refuses to run as root)"
    useradd -r -M -s /usr/sbin/nologin "$OS_USER" 2>/dev/null || useradd -r -M "$OS_USER"
  fi
}

# As root, the opensearch user must be able to traverse every parent of the state dir.
ensure_traversable() {
  as_root || return 0
  local d="$DIR"
  while [[ "$d" != / && -n "$d" ]]; do
    d="$(dirname "$d")"
    if ! runuser -u "$OS_USER" -- test -x "$d" 2>/dev/null; then
      rv_info "opensearch: chmod o+x $d so the '$OS_USER' user can reach $DIR"
      chmod o+x "$d"
    fi
  done
}

install_home() {
  [[ -f "$HOME_DIR/.renvoi-installed" && -d "$HOME_DIR/modules/analysis-common" ]] && return 0
  local t0=$SECONDS zip
  rv_info "opensearch: installing $HOME_DIR (distribution + lang-painless + analysis-common + k-NN)"
  rm -rf "$HOME_DIR"
  mkdir -p "$DIR"
  cp -a "$DIST" "$HOME_DIR"
  mkdir -p "$HOME_DIR/modules/lang-painless"
  cp -a "$TARGET/lang-painless/." "$HOME_DIR/modules/lang-painless/"
  mkdir -p "$HOME_DIR/modules/analysis-common"
  cp -a "$TARGET/analysis-common/." "$HOME_DIR/modules/analysis-common/"
  zip="$(compgen -G "$TARGET/plugins/opensearch-knn-*.zip" | head -n 1)"
  OPENSEARCH_JAVA_HOME="$(rv_java_home)" OPENSEARCH_PATH_CONF="$HOME_DIR/config" \
    "$HOME_DIR/bin/opensearch-plugin" install --batch "file://$zip" >"$DIR/plugin-install.log" 2>&1 ||
    { rv_log_tail "$DIR/plugin-install.log"; rv_die "opensearch: k-NN plugin install failed"; }
  touch "$HOME_DIR/.renvoi-installed"
  rv_info "opensearch: installed in $((SECONDS - t0)) s"
}

ready() { rv_http_ok "$URL/"; }

cmd_up() {
  local pid
  if pid="$(rv_pid "$PIDFILE")"; then
    rv_info "opensearch already running (pid $pid, port $OPENSEARCH_PORT)"
    return 0
  fi
  rm -f "$PIDFILE"
  rv_require_free opensearch "$OPENSEARCH_PORT" OPENSEARCH_PORT
  rv_require_free opensearch-transport "$OPENSEARCH_TRANSPORT_PORT" OPENSEARCH_TRANSPORT_PORT
  ensure_built
  ensure_user
  install_home
  mkdir -p "$DATA" "$LOGS"
  if as_root; then
    ensure_traversable
    chown -R "$OS_USER:" "$DIR"
  fi
  rv_rotate_log "$LOG"
  if as_root; then chown "$OS_USER:" "$LOG"; fi
  local java_home
  java_home="$(rv_java_home)"
  # Run from the home: jvm.options writes gc logs and heap dumps to paths relative to the working dir.
  (
    cd "$HOME_DIR"
    export OPENSEARCH_JAVA_HOME="$java_home"
    export OPENSEARCH_JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms1g -Xmx1g}"
    export OPENSEARCH_PATH_CONF="$HOME_DIR/config"
    unset JAVA_HOME
    run_as_os env OPENSEARCH_JAVA_HOME="$OPENSEARCH_JAVA_HOME" OPENSEARCH_JAVA_OPTS="$OPENSEARCH_JAVA_OPTS" \
      OPENSEARCH_PATH_CONF="$OPENSEARCH_PATH_CONF" \
      "$HOME_DIR/bin/opensearch" -d -p "$PIDFILE" \
      -E cluster.name="$CLUSTER" \
      -E node.name=renvoi-1 \
      -E discovery.type=single-node \
      -E http.host=127.0.0.1 -E transport.host=127.0.0.1 \
      -E http.port="$OPENSEARCH_PORT" -E transport.port="$OPENSEARCH_TRANSPORT_PORT" \
      -E path.data="$DATA" -E path.logs="$LOGS" \
      -E cluster.routing.allocation.disk.threshold_enabled=false \
      -E action.auto_create_index=true \
      >>"$LOG" 2>&1 </dev/null
  ) || { rv_log_tail "$LOG"; rv_log_tail "$LOGS/$CLUSTER.log"; rv_die "opensearch failed to start"; }
  local i
  for ((i = 0; i < 20; i++)); do [[ -s "$PIDFILE" ]] && break; sleep 0.5; done
  rv_info "opensearch starting (pid $(cat "$PIDFILE" 2>/dev/null || echo '?'), port $OPENSEARCH_PORT, logs $LOGS)"
}

cmd_wait() {
  rv_wait opensearch "$OPENSEARCH_WAIT_TIMEOUT" "$LOGS/$CLUSTER.log" "$PIDFILE" ready
}

case "${1:-}" in
  up) cmd_up ;;
  wait) cmd_wait ;;
  down) rv_stop opensearch "$PIDFILE" ;;
  status) rv_status opensearch "$PIDFILE" "$OPENSEARCH_PORT" "$URL/" ;;
  logs) if [[ "${2:-}" == -f ]]; then tail -n 100 -F "$LOGS/$CLUSTER.log"; else tail -n 100 "$LOGS/$CLUSTER.log"; fi ;;
  *) echo "usage: $0 up|down|status|wait|logs [-f]" >&2; exit 2 ;;
esac
