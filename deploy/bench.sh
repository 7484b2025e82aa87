#!/usr/bin/env bash
# The benchmark: starts the platform as deploy/run.sh does (SQLite, rate limits raised for the
# run) in a folder of its own, runs bench/Coordination.Bench against it, prints the figures and
# stops everything. Bounded: about five minutes with the defaults.
#   deploy/bench.sh
# BENCH_DURATION (60 s), BENCH_WARMUP (30 s of load before the gateway run, measured apart), BENCH_CONCURRENCY (32), BENCH_STEP_SECONDS (10), BENCH_RATES
# (200,400,...), BENCH_RELAY_EVENTS (20000) change the runs; BENCH_CONSENT_CONCURRENCY (1,8),
# BENCH_CONSENT_WARMUP (200), BENCH_CONSENT_READS (3000) and BENCH_CONSENT_SECONDS (20) the plan
# reads with a consent check. BENCH_SCENARIOS picks some of relay,consent,family,gateway,direct,rates
# (default all), e.g. BENCH_SCENARIOS=consent deploy/bench.sh. Output also goes to bench/results/.
# BENCH_CONFIG=production (the default) runs the services and the gateway as shipped (deploy/run.sh
# --production: the Production environment, appsettings.json's log levels); BENCH_CONFIG=development
# as deploy/run.sh does by default, with every log level at Warning (how runs before 7 December 2026 were made).
# BENCH_PROFILE_SECONDS=20 also samples every .NET process's CPU for that long, starting
# BENCH_PROFILE_AFTER (30) seconds into the run (dotnet-trace, the repository's local tool), and
# prints each process's top frames (bench/profile_top.py); the traces stay in bench/results/.
# BENCH_KEEP_LOGS=<folder> keeps the platform's logs there when the run ends.
# BENCH_DATABASE=postgresql runs the services on a PostgreSQL cluster of the run's own (deploy/run.sh
# --postgres) instead of SQLite.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"

state=$(mktemp -d /tmp/coordination-bench.XXXXXX)
chmod 755 "$state"
platform_pid=
cleanup() {
  trap - INT TERM EXIT
  if [ -n "$platform_pid" ]; then kill -TERM "$platform_pid" 2>/dev/null || true; wait "$platform_pid" 2>/dev/null || true; fi
  [ -n "${BENCH_KEEP_LOGS:-}" ] && cp -r "$state/logs" "$BENCH_KEEP_LOGS" 2>/dev/null; rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_dotnet || exit 1
config=${BENCH_CONFIG:-production}
case $config in
  production) run_args=(--production); config_env=() ;;
  development) run_args=(); config_env=(Logging__LogLevel__Default=Warning) ;;
  *) log "BENCH_CONFIG is production or development, not $config"; exit 2 ;;
esac
case ${BENCH_DATABASE:-sqlite} in
  sqlite) ;;
  postgresql) run_args+=(--postgres) ;;
  *) log "BENCH_DATABASE is sqlite or postgresql, not $BENCH_DATABASE"; exit 2 ;;
esac
port=$(free_port)
log "starting the platform for the benchmark in the $config configuration on ${BENCH_DATABASE:-sqlite} (state in $state)"
env COORDINATION_STATE_DIR="$state" COORDINATION_GATEWAY_PORT="$port" COORDINATION_RABBITMQ_NODE="coordination-bench-$port@localhost" \
  RateLimiting__PermitLimit=100000000 RateLimiting__PerAddressPermitLimit=100000000 "${config_env[@]}" \
  "$root/deploy/run.sh" "${run_args[@]}" >"$state/run.out" 2>&1 &
platform_pid=$!
deadline=$((SECONDS + 300))
until [ -f "$state/platform.env" ]; do
  if [ $SECONDS -ge $deadline ] || ! kill -0 "$platform_pid" 2>/dev/null; then
    log "the platform did not start"; tail -n 30 "$state/run.out" >&2; exit 1
  fi
  sleep 1
done
# shellcheck disable=SC1091
source "$state/platform.env"
# The tokens are signed with the run's own key in the production configuration.
[ -n "${SIGNING_KEY_FILE:-}" ] && COORDINATION_SIGNING_KEY=$(cat "$SIGNING_KEY_FILE") && export COORDINATION_SIGNING_KEY

mkdir -p "$root/bench/results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/bench/results/$stamp.txt"
profile_pid=
if [ -n "${BENCH_PROFILE_SECONDS:-}" ]; then
  (cd "$root" && dotnet tool restore >/dev/null)
  profiles="$root/bench/results/profile-$stamp"
  mkdir -p "$profiles"
  log "sampling each process's CPU for ${BENCH_PROFILE_SECONDS} s, ${BENCH_PROFILE_AFTER:-30} s into the run; traces in $profiles"
  (
    sleep "${BENCH_PROFILE_AFTER:-30}"
    for entry in ${PIDS//,/ }; do
      name=${entry%%=*} pid=${entry#*=}
      [ "$name" = RabbitMQ ] && continue
      (cd "$root" && dotnet tool run dotnet-trace -- collect -p "$pid" --profile dotnet-sampled-thread-time --duration "$(printf '00:00:%02d' "$BENCH_PROFILE_SECONDS")" \
        --format speedscope -o "$profiles/$name.nettrace") >"$profiles/$name.log" 2>&1 &
    done
    wait
  ) &
  profile_pid=$!
fi
log "running the benchmark ($config configuration); results also in $out"
echo "configuration: $config" >"$out"
# The consent scenario's parent: the client token's BSN and the referred parent are one person.
parent_bsn=999900006
BENCH_GATEWAY="http://127.0.0.1:$GATEWAY_PORT" \
BENCH_REFERRAL="http://127.0.0.1:$PORT_Referral" \
BENCH_TOKEN=$("$root/deploy/token.sh" gp agb=01012345) \
BENCH_TOKEN_PARENTS_GP=$("$root/deploy/token.sh" gp agb=01099999) \
BENCH_PARENT_BSN=$parent_bsn \
BENCH_TOKEN_PARENT=$("$root/deploy/token.sh" client bsn=$parent_bsn) \
BENCH_TOKEN_MUNICIPALITY=$("$root/deploy/token.sh" municipality municipality=0599) \
BENCH_DATA="$state/data" \
BENCH_RABBIT_PORT=$RABBITMQ_PORT \
BENCH_RABBIT_MANAGEMENT="http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT" \
BENCH_PIDS="$PIDS" \
  dotnet "$root/bench/Coordination.Bench/bin/Release/net10.0/Coordination.Bench.dll" | tee -a "$out"
if [ -n "$profile_pid" ]; then
  wait "$profile_pid" || true
  python3 "$root/bench/profile_top.py" "$profiles" | tee -a "$out"
fi
