#!/usr/bin/env bash
# A standalone single-node Kafka broker (KRaft, broker + controller in one process) built from
# Maven Central jars - no Docker, no Kafka download. See infra/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"
LIB_DIR="$SCRIPT_DIR/target/lib"
LIB_STAMP="$LIB_DIR/.gatevault-complete"
HOST=127.0.0.1
NODE_ID=1
DEFAULT_PORT=9092
DEFAULT_DATA_DIR="${GATEVAULT_KAFKA_DATA_DIR:-$REPO_ROOT/.gatevault/kafka}"
READY_TIMEOUT_SECONDS="${GATEVAULT_KAFKA_READY_TIMEOUT:-90}"
STOP_TIMEOUT_SECONDS="${GATEVAULT_KAFKA_STOP_TIMEOUT:-60}"
# ~350 MB RSS with this heap on a developer machine; raise it for real load.
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true}"

usage() {
  cat <<EOF
Usage: infra/kafka/broker.sh <command> [options]

Runs a single-node Kafka 4.1.2 broker (KRaft, process.roles=broker,controller) as its own
process, from jars fetched from Maven Central through the project's Maven wrapper.
Every listener binds 127.0.0.1 only.

Commands:
  start    Start in the background, wait until it serves clients, print the bootstrap servers.
           Starting a running broker just prints its bootstrap servers.
  stop     Stop the broker whose pid is in <data-dir>/broker.pid (nothing else is ever killed).
  status   Print whether the broker of <data-dir> runs; exit 0 if it does, 3 if not.
  run      Run in the foreground (Ctrl-C stops it).
  prepare  Only fetch the jars into infra/kafka/target/lib and print the classpath.
  --help   This text.

Options:
  --port N             client port (default: the port of the previous start, else $DEFAULT_PORT)
  --controller-port N  KRaft controller port (default: remembered, else the next free port > port)
  --data-dir D         data directory (default: \$GATEVAULT_KAFKA_DATA_DIR or .gatevault/kafka)

The data directory keeps everything: topics and records (kraft-logs/), the generated
server.properties, the remembered ports and cluster id (broker-state.properties), broker.pid and
the log (broker.log). A restart on the same data directory keeps all topics and records.

Environment: JAVA_HOME, KAFKA_HEAP_OPTS (default "$KAFKA_HEAP_OPTS"), KAFKA_JVM_OPTS,
GATEVAULT_KAFKA_READY_TIMEOUT (seconds, default 90), GATEVAULT_KAFKA_STOP_TIMEOUT (default 60).
EOF
}

fail() {
  echo "broker.sh: $*" >&2
  exit 1
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    fail "no java found: install a JDK 17+ or set JAVA_HOME."
  fi
}

# Fetches kafka_2.13, kafka-tools and their runtime dependencies once. Offline first, so a machine
# with a warm ~/.m2 never touches the network; online only if something is missing.
ensure_classpath() {
  if [[ -f "$LIB_STAMP" && "$LIB_STAMP" -nt "$POM" ]]; then
    return
  fi
  local mvnw="$REPO_ROOT/mvnw"
  [[ -x "$mvnw" ]] || fail "the Maven wrapper $mvnw is missing or not executable."
  echo "broker.sh: fetching the Kafka jars into $LIB_DIR (once) ..." >&2
  rm -rf "$LIB_DIR"
  if ! (cd "$REPO_ROOT" && "$mvnw" -q -B -o -f "$POM" dependency:copy-dependencies >/dev/null 2>&1); then
    (cd "$REPO_ROOT" && "$mvnw" -q -B -f "$POM" dependency:copy-dependencies) >&2 \
      || fail "could not fetch the Kafka jars with $mvnw -f $POM; check access to Maven Central."
  fi
  touch "$LIB_STAMP"
}

classpath() {
  echo "$LIB_DIR/*"
}

port_in_use() {
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

valid_port() {
  [[ "$1" =~ ^[0-9]+$ ]] && ((10#$1 >= 1 && 10#$1 <= 65535))
}

# Kafka cluster ids are 16 random bytes in URL-safe base64 without padding (what
# `kafka-storage random-uuid` prints); generated here to save a JVM start.
random_cluster_id() {
  local id
  while true; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* ]] && { echo "$id"; return; }
  done
}

state_value() {
  local key="$1" file="$DATA_DIR/broker-state.properties"
  [[ -f "$file" ]] || return 0
  sed -n "s/^$key=//p" "$file" | tail -n 1
}

parse_options() {
  PORT=""
  CONTROLLER_PORT=""
  DATA_DIR="$DEFAULT_DATA_DIR"
  while (($#)); do
    case "$1" in
      --port) [[ $# -ge 2 ]] || fail "--port needs a value"; PORT="$2"; shift 2 ;;
      --port=*) PORT="${1#*=}"; shift ;;
      --controller-port) [[ $# -ge 2 ]] || fail "--controller-port needs a value"; CONTROLLER_PORT="$2"; shift 2 ;;
      --controller-port=*) CONTROLLER_PORT="${1#*=}"; shift ;;
      --data-dir) [[ $# -ge 2 ]] || fail "--data-dir needs a value"; DATA_DIR="$2"; shift 2 ;;
      --data-dir=*) DATA_DIR="${1#*=}"; shift ;;
      -h|--help) usage; exit 0 ;;
      *) fail "unknown option '$1' (see --help)" ;;
    esac
  done
  [[ -z "$PORT" ]] || valid_port "$PORT" || fail "--port must be a number 1-65535, got '$PORT'"
  [[ -z "$CONTROLLER_PORT" ]] || valid_port "$CONTROLLER_PORT" \
    || fail "--controller-port must be a number 1-65535, got '$CONTROLLER_PORT'"
  mkdir -p "$DATA_DIR" || fail "cannot create the data directory $DATA_DIR; choose a writable one with --data-dir."
  DATA_DIR="$(cd "$DATA_DIR" && pwd)"
  PID_FILE="$DATA_DIR/broker.pid"
  CONFIG_FILE="$DATA_DIR/server.properties"
  LOG_FILE="$DATA_DIR/broker.log"
  CONSOLE_FILE="$DATA_DIR/broker-console.log"
  KRAFT_DIR="$DATA_DIR/kraft-logs"
}

# The pid in the pid file, if that process is still this data directory's broker. A stale pid
# (the broker died, the pid was reused) is never trusted.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -d '[:space:]' <"$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "kafka.Kafka $CONFIG_FILE" || return 1
  fi
  echo "$pid"
}

resolve_ports() {
  local remembered_port remembered_controller
  remembered_port="$(state_value port)"
  remembered_controller="$(state_value controller.port)"
  PORT="${PORT:-${remembered_port:-$DEFAULT_PORT}}"
  if [[ -n "$remembered_controller" && -n "$CONTROLLER_PORT" && "$CONTROLLER_PORT" != "$remembered_controller" ]]; then
    fail "$DATA_DIR was formatted with controller port $remembered_controller; the KRaft quorum keeps" \
      "that endpoint, so start it with --controller-port $remembered_controller (or use a new --data-dir)."
  fi
  CONTROLLER_PORT="${CONTROLLER_PORT:-$remembered_controller}"
  if [[ -z "$CONTROLLER_PORT" ]]; then
    CONTROLLER_PORT=$((PORT + 1))
    while port_in_use "$CONTROLLER_PORT" && ((CONTROLLER_PORT < PORT + 100)); do
      CONTROLLER_PORT=$((CONTROLLER_PORT + 1))
    done
  fi
  [[ "$PORT" != "$CONTROLLER_PORT" ]] || fail "--port and --controller-port must differ (both $PORT)."
  port_in_use "$PORT" && fail "port $HOST:$PORT is already in use; stop that process or choose --port."
  port_in_use "$CONTROLLER_PORT" \
    && fail "controller port $HOST:$CONTROLLER_PORT is already in use; stop that process or choose --controller-port."
  CLUSTER_ID="$(state_value cluster.id)"
  CLUSTER_ID="${CLUSTER_ID:-$(random_cluster_id)}"
  cat >"$DATA_DIR/broker-state.properties" <<EOF
# Remembered by infra/kafka/broker.sh so restarts find the same cluster.
port=$PORT
controller.port=$CONTROLLER_PORT
cluster.id=$CLUSTER_ID
EOF
}

# Regenerated on every start from the remembered state, so a newer broker.sh applies its settings.
write_server_properties() {
  cat >"$CONFIG_FILE" <<EOF
# Generated by infra/kafka/broker.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=$NODE_ID
controller.quorum.bootstrap.servers=$HOST:$CONTROLLER_PORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KRAFT_DIR

# One node: every internal topic has exactly one replica.
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Gatevault creates its topics explicitly (infra/kafka/topics.sh) with their retention.
auto.create.topics.enable=false
# Consumer groups start at once instead of waiting 3 s for more members that never come.
group.initial.rebalance.delay.ms=0
# Room for ~1 MB Avro chunks plus headers and batch overhead.
message.max.bytes=2097152
EOF
}

format_storage_if_new() {
  if [[ -f "$KRAFT_DIR/meta.properties" ]]; then
    return
  fi
  echo "broker.sh: formatting $KRAFT_DIR (cluster id $CLUSTER_ID) ..." >&2
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several options, split on purpose
  "$(java_bin)" $KAFKA_HEAP_OPTS -Dlog4j2.configurationFile="$SCRIPT_DIR/tools-log4j2.properties" \
    -cp "$(classpath)" kafka.tools.StorageTool format \
    --config "$CONFIG_FILE" --cluster-id "$CLUSTER_ID" --standalone >>"$CONSOLE_FILE" 2>&1 \
    || { tail -n 20 "$CONSOLE_FILE" >&2; fail "formatting $KRAFT_DIR failed (output in $CONSOLE_FILE)."; }
}

prepare_start() {
  resolve_ports
  ensure_classpath
  write_server_properties
  format_storage_if_new
}

broker_command() {
  # shellcheck disable=SC2206 # the option strings are meant to split into words
  BROKER_CMD=("$(java_bin)" $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS
    -Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2.properties"
    -Dkafka.logs.dir="$DATA_DIR"
    -cp "$(classpath)" kafka.Kafka "$CONFIG_FILE")
}

bootstrap_servers() {
  echo "$HOST:${PORT:-$(state_value port)}"
}

log_size() {
  if [[ -f "$LOG_FILE" ]]; then stat -c %s "$LOG_FILE"; else echo 0; fi
}

# Ready = the broker logged "Kafka Server started" in this run and its client port accepts
# connections. Reading the log saves starting a second JVM just to ask.
wait_until_ready() {
  local pid="$1" offset="$2" deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      echo "---- last lines of $LOG_FILE / $CONSOLE_FILE ----" >&2
      tail -n 30 "$LOG_FILE" "$CONSOLE_FILE" >&2 2>/dev/null || true
      fail "the broker (pid $pid) exited during start-up; its log is above and in $DATA_DIR."
    fi
    if [[ -f "$LOG_FILE" ]] && tail -c +"$((offset + 1))" "$LOG_FILE" | grep -q "Kafka Server started" \
      && port_in_use "$PORT"; then
      return 0
    fi
    sleep 0.2
  done
  echo "---- last lines of $LOG_FILE ----" >&2
  tail -n 30 "$LOG_FILE" >&2 2>/dev/null || true
  stop_pid "$pid"
  fail "the broker did not become ready within ${READY_TIMEOUT_SECONDS}s and was stopped; see $LOG_FILE."
}

stop_pid() {
  local pid="$1" deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
  kill -TERM "$pid" 2>/dev/null || true
  # SIGTERM makes Kafka shut down cleanly (flush, close logs), so the next start needs no recovery.
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "broker.sh: broker (pid $pid) still running after ${STOP_TIMEOUT_SECONDS}s; sending SIGKILL." >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    echo "broker.sh: already running (pid $pid), data in $DATA_DIR" >&2
    bootstrap_servers
    return 0
  fi
  rm -f "$PID_FILE"
  prepare_start
  broker_command
  local offset started=$SECONDS
  offset="$(log_size)"
  echo "==== start $(date -Is) ====" >>"$CONSOLE_FILE"
  # setsid: the broker outlives this script and the terminal's Ctrl-C; nohup + redirections: it
  # holds no pipe of the caller open (a harness reading our output sees EOF when we exit).
  if command -v setsid >/dev/null 2>&1; then
    setsid nohup "${BROKER_CMD[@]}" </dev/null >>"$CONSOLE_FILE" 2>&1 &
  else
    nohup "${BROKER_CMD[@]}" </dev/null >>"$CONSOLE_FILE" 2>&1 &
  fi
  pid=$!
  echo "$pid" >"$PID_FILE"
  wait_until_ready "$pid" "$offset"
  echo "broker.sh: Kafka ready on $(bootstrap_servers) in $((SECONDS - started))s (pid $pid, data in $DATA_DIR, log $LOG_FILE)" >&2
  bootstrap_servers
}

cmd_run() {
  local pid
  if pid="$(running_pid)"; then
    fail "the broker of $DATA_DIR already runs (pid $pid); stop it first."
  fi
  prepare_start
  broker_command
  echo "broker.sh: running Kafka on $(bootstrap_servers) in the foreground (pid $$), log $LOG_FILE" >&2
  echo "$$" >"$PID_FILE"
  exec "${BROKER_CMD[@]}"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    if [[ -f "$PID_FILE" ]]; then
      rm -f "$PID_FILE"
      echo "broker.sh: not running (removed the stale pid file $PID_FILE)" >&2
    else
      echo "broker.sh: not running (no $PID_FILE)" >&2
    fi
    return 0
  fi
  stop_pid "$pid"
  echo "broker.sh: stopped (pid $pid); data kept in $DATA_DIR" >&2
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running pid=$pid bootstrap=$(bootstrap_servers) data=$DATA_DIR"
    return 0
  fi
  echo "not running data=$DATA_DIR"
  return 3
}

main() {
  local command="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$command" in
    start) parse_options "$@"; cmd_start ;;
    stop) parse_options "$@"; cmd_stop ;;
    status) parse_options "$@"; cmd_status ;;
    run) parse_options "$@"; cmd_run ;;
    prepare) ensure_classpath; classpath ;;
    -h|--help|help) usage ;;
    "") usage >&2; exit 2 ;;
    *) echo "broker.sh: unknown command '$command'" >&2; usage >&2; exit 2 ;;
  esac
}

main "$@"
