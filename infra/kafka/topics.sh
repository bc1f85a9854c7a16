#!/usr/bin/env bash
# Creates Gatevault's topics (and converges the settings of existing ones) with kafka-topics (kafka-tools) and
# kafka-configs (kafka_2.13), 4.1.2. Safe to run again. Retention choices: infra/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BOOTSTRAP="${GATEVAULT_KAFKA_BOOTSTRAP:-127.0.0.1:9092}"
REPLICATION_FACTOR=1
DRY_RUN=false
KAFKA_HOME_DIR=""

usage() {
  cat <<EOF
Usage: infra/kafka/topics.sh [--bootstrap-server HOST:PORT] [--replication-factor N]
                             [--kafka-home DIR] [--dry-run]

Creates the Gatevault topics that are missing and sets the retention settings of all of them.
Partitions, retention and clean-up policy are those of the services' topic catalogue
(libs/stream-support GatevaultTopics; e2e checks that both agree). Services create missing topics
themselves at start-up; this script is for operators who create topics up front (no create rights
for services) or want to converge the settings of existing topics.
  --bootstrap-server   default \$GATEVAULT_KAFKA_BOOTSTRAP or 127.0.0.1:9092
  --replication-factor default 1 (the single-node broker); use 3 on a real cluster.
  --kafka-home         use DIR/bin/kafka-topics.sh and kafka-configs.sh of a Kafka distribution
                       (e.g. /opt/kafka in the apache/kafka image, as docker-compose.yml does)
                       instead of the Maven Central jars of broker.sh.
  --dry-run            print the topics and settings, touch nothing.
EOF
}

fail() {
  echo "topics.sh: $*" >&2
  exit 1
}

while (($#)); do
  case "$1" in
    --bootstrap-server) [[ $# -ge 2 ]] || fail "--bootstrap-server needs a value"; BOOTSTRAP="$2"; shift 2 ;;
    --bootstrap-server=*) BOOTSTRAP="${1#*=}"; shift ;;
    --replication-factor) [[ $# -ge 2 ]] || fail "--replication-factor needs a value"; REPLICATION_FACTOR="$2"; shift 2 ;;
    --replication-factor=*) REPLICATION_FACTOR="${1#*=}"; shift ;;
    --kafka-home) [[ $# -ge 2 ]] || fail "--kafka-home needs a value"; KAFKA_HOME_DIR="$2"; shift 2 ;;
    --kafka-home=*) KAFKA_HOME_DIR="${1#*=}"; shift ;;
    --dry-run) DRY_RUN=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) fail "unknown option '$1' (see --help)" ;;
  esac
done
[[ "$REPLICATION_FACTOR" =~ ^[1-9][0-9]*$ ]] \
  || fail "--replication-factor must be a positive number, got '$REPLICATION_FACTOR'"

DAY=86400000
# name | partitions | topic configs. Same values as GatevaultTopics (libs/stream-support), which
# the services provision from; the reasons are in infra/README.md ("Topics and retention").
TOPICS=(
  "gatevault.commands|3|cleanup.policy=delete,retention.ms=$((7 * DAY))"
  "gatevault.changes.raw|6|cleanup.policy=delete,retention.ms=$((1 * DAY))"
  "gatevault.snapshots.raw|6|cleanup.policy=delete,retention.ms=$((1 * DAY))"
  "gatevault.artifacts.sealed|6|cleanup.policy=delete,retention.ms=$((7 * DAY))"
  "gatevault.replicas|3|cleanup.policy=delete,retention.ms=$((30 * DAY))"
  "gatevault.verifications|3|cleanup.policy=delete,retention.ms=$((30 * DAY))"
  "gatevault.deletions|3|cleanup.policy=delete,retention.ms=-1"
  "gatevault.audit|3|cleanup.policy=delete,retention.ms=$((400 * DAY))"
  "gatevault.capture.versions|3|cleanup.policy=compact,retention.ms=-1"
  "gatevault.capture.changes|3|cleanup.policy=compact,retention.ms=-1"
  "gatevault.capture.heartbeats|3|cleanup.policy=compact,retention.ms=-1"
  "_gatevault_schemas|1|cleanup.policy=compact,retention.ms=-1"
)

if $DRY_RUN; then
  for entry in "${TOPICS[@]}"; do
    IFS='|' read -r name partitions configs <<<"$entry"
    echo "$name partitions=$partitions replication-factor=$REPLICATION_FACTOR $configs"
  done
  exit 0
fi

# kafka-topics / kafka-configs: from a Kafka distribution if given, else from broker.sh's jars.
if [[ -n "$KAFKA_HOME_DIR" ]]; then
  [[ -x "$KAFKA_HOME_DIR/bin/kafka-topics.sh" ]] \
    || fail "$KAFKA_HOME_DIR/bin/kafka-topics.sh not found; --kafka-home must be a Kafka distribution."
  kafka_topics() { "$KAFKA_HOME_DIR/bin/kafka-topics.sh" "$@"; }
  kafka_configs() { "$KAFKA_HOME_DIR/bin/kafka-configs.sh" "$@"; }
else
  CLASSPATH_GLOB="$("$SCRIPT_DIR/broker.sh" prepare)"
  JAVA=("${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m -XX:TieredStopAtLevel=1
    -Dlog4j2.configurationFile="$SCRIPT_DIR/tools-log4j2.properties" -cp "$CLASSPATH_GLOB")
  kafka_topics() { "${JAVA[@]}" org.apache.kafka.tools.TopicCommand "$@"; }
  kafka_configs() { "${JAVA[@]}" kafka.admin.ConfigCommand "$@"; }
fi

existing="$(kafka_topics --bootstrap-server "$BOOTSTRAP" --list)" \
  || fail "cannot list topics on $BOOTSTRAP; is the broker running (infra/kafka/broker.sh status)?"

for entry in "${TOPICS[@]}"; do
  IFS='|' read -r name partitions configs <<<"$entry"
  if grep -qxF "$name" <<<"$existing"; then
    # Converge the settings of a topic created earlier (partitions are only ever added by hand).
    kafka_configs --bootstrap-server "$BOOTSTRAP" \
      --alter --entity-type topics --entity-name "$name" --add-config "$configs" >/dev/null \
      || fail "could not set $configs on $name"
    echo "kept    $name ($configs)"
  else
    config_args=()
    IFS=',' read -r -a pairs <<<"$configs"
    for pair in "${pairs[@]}"; do config_args+=(--config "$pair"); done
    kafka_topics --bootstrap-server "$BOOTSTRAP" --create \
      --if-not-exists --topic "$name" --partitions "$partitions" \
      --replication-factor "$REPLICATION_FACTOR" "${config_args[@]}" >/dev/null \
      || fail "could not create $name"
    echo "created $name (partitions=$partitions, $configs)"
  fi
done
