#!/usr/bin/env bash
# Runs every test: unit, integration on SQLite and PostgreSQL, end to end through the gateway,
# the portal in Debian's chromium, against a RabbitMQ, a PostgreSQL cluster and a Redis it starts on loopback in a temporary folder and
# stops again. Ends with "N passed, N failed, N skipped"; exits non-zero on any failure.
#   deploy/test.sh [extra dotnet test arguments, e.g. --filter Category=Unit]
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"

tmp=$(mktemp -d /tmp/coordination-test.XXXXXX)
chmod 755 "$tmp"
cleanup() {
  trap - INT TERM EXIT
  stop_rabbitmq
  stop_postgres
  stop_redis
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_dotnet || exit 1
ensure_rabbitmq || exit 1
ensure_postgres || exit 1
ensure_redis || exit 1
ensure_chromium || { echo "0 passed, 1 failed"; exit 1; }
# Api.Tests lints every OpenAPI document with Spectral; MdoScheduling.Tests reads the invitations
# with ical.js as a second parser. A tool that cannot be installed is a failed run.
ensure_node_tool "$root/tools/spectral" Spectral || { echo "0 passed, 1 failed"; exit 1; }
ensure_node_tool "$root/tools/icaljs" ical.js || { echo "0 passed, 1 failed"; exit 1; }
start_rabbitmq "$tmp/rabbitmq" || exit 1
start_postgres "$tmp/postgres" || exit 1
start_redis "$tmp/redis" || exit 1

export COORDINATION_RABBITMQ="amqp://guest:guest@127.0.0.1:$RABBITMQ_PORT/"
export COORDINATION_RABBITMQ_MANAGEMENT="http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT"
export COORDINATION_POSTGRES="Host=127.0.0.1;Port=$POSTGRES_PORT;Username=postgres"
export COORDINATION_REDIS="127.0.0.1:$REDIS_PORT"
# Infrastructure is here: a test that cannot reach it fails instead of reporting itself skipped.
export COORDINATION_REQUIRE_INFRASTRUCTURE=1
export COORDINATION_SPECTRAL="$root/tools/spectral/node_modules/.bin/spectral"
export COORDINATION_ICALJS="$root/tools/icaljs"
# The portal's browser tests save a screenshot of every page they visit here (not committed).
export COORDINATION_ARTIFACTS="$root/.artifacts"
rm -rf "$root/.artifacts/screenshots"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "building"
if ! dotnet build "$root/Coordination.sln" -c Release -nologo -v quiet >"$tmp/build.log" 2>&1; then
  grep -E "error|Error" "$tmp/build.log" | sort -u | head -n 40 >&2
  echo "0 passed, 1 failed"
  exit 1
fi

log "testing"
dotnet test "$root/Coordination.sln" -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$tmp/results" "$@" 2>&1 | tee "$tmp/test.log" \
  | awk '/^[[:space:]]+(Passed|Skipped) |^(Passed|Failed)!/ { failing = 0; print; next }
         /^[[:space:]]*(bad input|burst:|access matrix:)/ { print; next }
         /^[[:space:]]+Failed / { failing = 1 }
         failing || /error/ { print }' || true
status=${PIPESTATUS[0]}

counter() { grep -ho "$1=\"[0-9]*\"" "$tmp"/results/*.trx 2>/dev/null | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
total=$(counter total); executed=$(counter executed); passed=$(counter passed); failed=$(counter failed)
skipped=$((total - executed))
if [ "$total" -eq 0 ]; then
  log "no test ran"
  failed=$((failed + 1))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  log "dotnet test exited with $status"
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
