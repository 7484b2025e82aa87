#!/usr/bin/env bash
# The fault suite (issue 24): the five services, each its own process, on a three-node RabbitMQ
# cluster (every queue a quorum queue) and PostgreSQL (the family plan on a cluster of its own, so
# that it alone can be stopped), under a steady load of referrals, through six faults: a broker
# node killed and restarted, a rolling restart of the three nodes, a consumer killed while handling,
# a consumer stopped with SIGTERM, a broker node paused for 20 s, the family plan's database away
# for 10 s. After each, every referral taken must be applied exactly once by every consumer with
# nothing unsent, parked or in an error queue. Prints each fault's figures (docs/reliability.md)
# and "N passed, N failed". About 7 minutes; FAULTS_RATE (referrals a second, 10) and
# FAULTS_SECONDS (the load of each fault, 40, at most 60) change it.
#   deploy/faults.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~paused]
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"

tmp=$(mktemp -d /tmp/coordination-faults.XXXXXX)
chmod 755 "$tmp"
family_plan_postgres=
cleanup() {
  trap - INT TERM EXIT
  stop_rabbitmq_cluster
  stop_postgres
  [ -n "$family_plan_postgres" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$family_plan_postgres/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_dotnet || exit 1
ensure_rabbitmq || exit 1
ensure_postgres || exit 1
start_rabbitmq_cluster "$tmp/rabbitmq" || exit 1
# The family plan's cluster first (start_postgres names the last one it started for stop_postgres).
start_postgres "$tmp/postgres-family-plan" || exit 1
family_plan_postgres=$tmp/postgres-family-plan
family_plan_port=$POSTGRES_PORT
start_postgres "$tmp/postgres" || exit 1

export COORDINATION_FAULTS_RABBITMQ_NODES="$RABBITMQ_CLUSTER_NODES"
export COORDINATION_FAULTS_RABBITMQ_PORTS="$RABBITMQ_CLUSTER_PORTS"
export COORDINATION_FAULTS_RABBITMQ_MANAGEMENT_PORTS="$RABBITMQ_CLUSTER_MANAGEMENT_PORTS"
export COORDINATION_FAULTS_RABBITMQ_DIR="$tmp/rabbitmq"
export COORDINATION_POSTGRES="Host=127.0.0.1;Port=$POSTGRES_PORT;Username=postgres"
export COORDINATION_FAULTS_FAMILY_PLAN_POSTGRES="Host=127.0.0.1;Port=$family_plan_port;Username=postgres"
export COORDINATION_FAULTS_FAMILY_PLAN_PGDATA="$family_plan_postgres"
export COORDINATION_FAULTS_PG_BIN="$PG_BIN"
export COORDINATION_FAULTS_RATE="${FAULTS_RATE:-10}" COORDINATION_FAULTS_SECONDS="${FAULTS_SECONDS:-40}"
export COORDINATION_FAULTS_REPORT="$tmp/report.md"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "building"
if ! dotnet build "$root/Coordination.sln" -c Release -nologo -v quiet >"$tmp/build.log" 2>&1; then
  tail -n 40 "$tmp/build.log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

log "running the faults ($COORDINATION_FAULTS_RATE referrals a second for $COORDINATION_FAULTS_SECONDS s each)"
mkdir -p "$root/.artifacts"
test_log="$root/.artifacts/faults.log"
dotnet test "$root/tests/Faults.Tests" -c Release --no-build -nologo --logger "trx;LogFileName=faults.trx" --logger "console;verbosity=detailed" \
  --results-directory "$tmp/results" "$@" >"$test_log" 2>&1
status=$?
# Each failure with its message; the whole output stays in .artifacts/faults.log.
grep -E -A 12 "^\s+Failed [A-Z]" "$test_log" | head -n 80
trx=$(ls "$tmp/results"/*.trx 2>/dev/null | head -n 1)
passed=$(grep -o 'passed="[0-9]*"' "$trx" 2>/dev/null | head -n 1 | tr -dc '0-9')
failed=$(grep -o 'failed="[0-9]*"' "$trx" 2>/dev/null | head -n 1 | tr -dc '0-9')
echo
echo "Referrals sent at ${COORDINATION_FAULTS_RATE}/s for ${COORDINATION_FAULTS_SECONDS} s under each fault:"
cat "$COORDINATION_FAULTS_REPORT" 2>/dev/null
echo
echo "${passed:-0} passed, ${failed:-1} failed"
exit $status
