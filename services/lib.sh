# shellcheck shell=bash
# Common bash for Renvoi's launchers (services/kafka/kafka.sh, services/opensearch/opensearch.sh, ./renvoi).
# Source it; it defines functions and two variables and runs nothing else:
#   RENVOI_REPO   the repository root (derived from this file's location)
#   RENVOI_STATE  where every process keeps its state, pid and log (default $RENVOI_REPO/.renvoi)
# Everything here talks to 127.0.0.1 only and stops processes only by the PID it recorded.

RENVOI_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RENVOI_STATE="${RENVOI_STATE:-$RENVOI_REPO/.renvoi}"
export RENVOI_STATE

rv_info() { printf '[renvoi] %s\n' "$*" >&2; }
rv_warn() { printf '[renvoi] warning: %s\n' "$*" >&2; }
rv_die() { printf '[renvoi] error: %s\n' "$*" >&2; exit 1; }

# rv_pid PIDFILE: print the PID recorded in PIDFILE if that process is alive; status 1 otherwise.
rv_pid() {
  local f="$1" pid
  [[ -s "$f" ]] || return 1
  pid="$(tr -dc '0-9' <"$f")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

# rv_port_open PORT: status 0 if something accepts TCP connections on 127.0.0.1:PORT (never hangs).
rv_port_open() {
  # shellcheck disable=SC2016 # $1 expands in the child bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# rv_http_ok URL: status 0 if GET URL answers 200.
rv_http_ok() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" 2>/dev/null)" || true
  [[ "$code" == 200 ]]
}

# rv_require_free NAME PORT [VAR]: exit 1 with a clear message if PORT is already taken.
rv_require_free() {
  local name="$1" port="$2" var="${3:-}"
  if rv_port_open "$port"; then
    rv_die "$name: port $port on 127.0.0.1 is already in use by another process (not started by Renvoi's $name)." \
      "Stop that process${var:+ or choose another port with $var=...}."
  fi
}

# rv_log_tail LOGFILE [N]: print the last N lines of LOGFILE to stderr.
rv_log_tail() {
  local log="$1" n="${2:-40}"
  if [[ -s "$log" ]]; then
    printf -- '----- last %s lines of %s -----\n' "$n" "$log" >&2
    tail -n "$n" "$log" >&2
    printf -- '-----\n' >&2
  else
    printf '[renvoi] (no log at %s)\n' "$log" >&2
  fi
}

# rv_rotate_log LOGFILE: keep the previous run's log as LOGFILE.1 so readiness checks see only this run.
rv_rotate_log() {
  [[ -e "$1" ]] && mv -f "$1" "$1.1"
  : >"$1"
}

# rv_wait NAME TIMEOUT_S LOGFILE PIDFILE CHECK...: run CHECK until it succeeds (status 0), the process
# in PIDFILE dies (when PIDFILE is given and exists), or TIMEOUT_S passes; on failure prints the log tail.
rv_wait() {
  local name="$1" timeout="$2" log="$3" pidfile="$4"
  shift 4
  local start=$SECONDS
  while ((SECONDS - start < timeout)); do
    if "$@"; then
      rv_info "$name is ready ($((SECONDS - start)) s)"
      return 0
    fi
    if [[ -n "$pidfile" && -s "$pidfile" ]] && ! rv_pid "$pidfile" >/dev/null; then
      rv_warn "$name exited while starting"
      rv_log_tail "$log"
      return 1
    fi
    sleep 1
  done
  rv_warn "$name not ready after ${timeout} s"
  rv_log_tail "$log"
  return 1
}

# rv_stop NAME PIDFILE: TERM the recorded PID, wait up to 20 s, then KILL; remove PIDFILE. No-op if not running.
rv_stop() {
  local name="$1" pidfile="$2" pid i
  if ! pid="$(rv_pid "$pidfile")"; then
    rm -f "$pidfile"
    rv_info "$name is not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    rv_warn "$name (pid $pid) still running after 20 s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$pidfile"
  rv_info "$name stopped (pid $pid)"
}

# rv_status NAME PIDFILE PORT [HEALTH]: one line: name, running/stopped, pid, port[, healthy yes/no].
# HEALTH is a URL (healthy = GET answers 200) or "tcp" (healthy = the port accepts connections).
rv_status() {
  local name="$1" pidfile="$2" port="$3" check="${4:-}" pid state health=""
  if pid="$(rv_pid "$pidfile")"; then state=running; else state=stopped; pid=-; fi
  if [[ -n "$check" ]]; then
    health=" healthy=no"
    if [[ "$state" == running ]]; then
      if [[ "$check" == tcp ]]; then
        rv_port_open "$port" && health=" healthy=yes"
      else
        rv_http_ok "$check" && health=" healthy=yes"
      fi
    fi
  fi
  printf '%-15s %-8s pid=%-8s port=%s%s\n' "$name" "$state" "$pid" "$port" "$health"
}

# rv_start_bg NAME PORT PORT_VAR -- COMMAND...: start COMMAND in the background with its output in
# $RENVOI_STATE/NAME/NAME.log and its PID in $RENVOI_STATE/NAME/NAME.pid.
#  - already running (recorded PID alive): no-op, status 0 (the caller's wait still checks readiness);
#  - PORT taken by another process: clear error naming PORT_VAR (the env knob), exit 1.
rv_start_bg() {
  local name="$1" port="$2" port_var="$3"
  shift 3
  [[ "${1:-}" == -- ]] && shift
  local dir="$RENVOI_STATE/$name"
  local pidfile="$dir/$name.pid" log="$dir/$name.log" pid
  mkdir -p "$dir"
  if pid="$(rv_pid "$pidfile")"; then
    rv_info "$name already running (pid $pid, port $port)"
    return 0
  fi
  rm -f "$pidfile"
  rv_require_free "$name" "$port" "$port_var"
  rv_rotate_log "$log"
  # setsid: the process outlives the launcher's terminal and is not hit by its Ctrl-C.
  # Without job control the background child is not a group leader, so setsid execs in place and $! is the PID.
  setsid "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  rv_info "$name starting (pid $!, port $port, log $log)"
}

# rv_start_java NAME PORT PORT_VAR HEALTH_URL TIMEOUT_S JAR [JAVA_ARGS...]: the generic "start a java process with
# pid + log, refuse a busy port, wait for its health URL". JAVA_ARGS go before -jar; set RV_APP_ARGS
# (an array) for arguments after the jar; set RV_NO_WAIT=1 to return without waiting (then call
# rv_wait_http). Returns 2 (and skips) if JAR does not exist.
rv_start_java() {
  local name="$1" port="$2" port_var="$3" url="$4" timeout="$5" jar="$6"
  shift 6
  if [[ ! -f "$jar" ]]; then
    rv_warn "$name: skipped, $jar is missing (build it with ./renvoi build)"
    return 2
  fi
  local -a app_args=()
  if declare -p RV_APP_ARGS >/dev/null 2>&1; then app_args=("${RV_APP_ARGS[@]}"); fi
  rv_start_bg "$name" "$port" "$port_var" -- java "$@" -jar "$jar" "${app_args[@]}"
  [[ "${RV_NO_WAIT:-}" == 1 ]] && return 0
  rv_wait_http "$name" "$url" "$timeout"
}

# rv_wait_http NAME URL TIMEOUT_S: wait until GET URL answers 200 for a process started by rv_start_bg.
rv_wait_http() {
  local name="$1" url="$2" timeout="$3"
  rv_wait "$name" "$timeout" "$RENVOI_STATE/$name/$name.log" "$RENVOI_STATE/$name/$name.pid" rv_http_ok "$url"
}

# rv_java_home: the JDK home of `java` (JAVA_HOME if it holds a java, else resolved from PATH).
rv_java_home() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME"
    return 0
  fi
  local j
  j="$(command -v java)" || rv_die "java not found on PATH (Java 17 is required)"
  j="$(readlink -f "$j")"
  printf '%s\n' "${j%/bin/java}"
}

# rv_mvn ARGS...: Maven offline first (fast, no network), quietly; when something is missing (a fresh machine),
# says so in one line and runs online, where Maven downloads what it needs.
rv_mvn() {
  local log
  log="$(mktemp)"
  if mvn -o "$@" >"$log" 2>&1; then
    rm -f "$log" # callers build quietly: nothing worth showing when it worked
    return 0
  fi
  if grep -qE "offline mode|has not been downloaded|Could not resolve|Non-resolvable" "$log"; then
    rv_info "build: some dependencies are not on this machine yet; downloading them from Maven Central"
    rm -f "$log"
    mvn "$@"
  else
    cat "$log" >&2 # a real build error: show it
    rm -f "$log"
    return 1
  fi
}
