#!/usr/bin/env bash
# Runs the whole platform on this machine: RabbitMQ on loopback, the five services, the portal
# and the gateway in front of them, on SQLite (default) or PostgreSQL. Ctrl-C or SIGTERM stops everything.
#   deploy/run.sh              SQLite files under .run/data
#   deploy/run.sh --postgres   a local PostgreSQL cluster under .run/postgres
#   deploy/run.sh --demo       and loads the families of scenarios 1 and 2 through the API, to sign in and find work
#   deploy/run.sh --production the services and the gateway in the Production environment, as shipped: tokens
#                              signed with a key made for the run ($state/signing-key; deploy/token.sh signs with it
#                              when COORDINATION_SIGNING_KEY holds it), no demo directory. The portal stays in
#                              Development for its sign-in page (there is no OpenID Connect provider here).
# COORDINATION_GATEWAY_PORT sets the gateway port (default 5080); COORDINATION_STATE_DIR the folder
# for data, logs and the broker (default .run). It writes $state/platform.env with every port and pid.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"

provider=sqlite
demo=0
production=0
for arg in "$@"; do
  case $arg in
    --postgres) provider=postgresql ;;
    --demo) demo=1 ;;
    --production) production=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

gateway_port=${COORDINATION_GATEWAY_PORT:-5080}
state=${COORDINATION_STATE_DIR:-$root/.run}
mkdir -p "$state/logs" "$state/data"
pids=()
pid_list=""

cleanup() {
  trap - INT TERM EXIT
  log "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_rabbitmq
  stop_postgres
  log "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_tools
ensure_dotnet
ensure_rabbitmq
[ "$provider" = postgresql ] && ensure_postgres

if (exec 3<>"/dev/tcp/127.0.0.1/$gateway_port") 2>/dev/null; then
  log "port $gateway_port is taken; set COORDINATION_GATEWAY_PORT"; exit 1
fi

start_rabbitmq "$state/rabbitmq" "${COORDINATION_RABBITMQ_NODE:-coordination@localhost}"
if [ "$provider" = postgresql ]; then
  start_postgres "$state/postgres"
fi

log "building"
dotnet build "$root/Coordination.sln" -c Release -nologo -v quiet >"$state/logs/build.log" 2>&1 || { tail -n 40 "$state/logs/build.log" >&2; exit 1; }

# How a host is configured: Development with the development key and the demo directory, or
# Production as shipped with a key made for this run. The portal's sign-in page is Development's.
if [ "$production" = 1 ]; then
  signing_key=$(openssl rand -hex 32)
  (umask 077 && echo "$signing_key" >"$state/signing-key")
  host_env=(ASPNETCORE_ENVIRONMENT=Production Auth__SigningKey="$signing_key")
  portal_env=(ASPNETCORE_ENVIRONMENT=Development Auth__AllowDevelopmentKey=true Auth__SigningKey="$signing_key")
else
  host_env=(ASPNETCORE_ENVIRONMENT=Development Auth__AllowDevelopmentKey=true Directory__DemoData=true)
  portal_env=("${host_env[@]}")
fi

declare -A cluster_of=([Referral]=referral [Consent]=consent [FamilyPlan]=family-plan [MdoScheduling]=mdo-scheduling [FundingRoute]=funding-route)
proxy_env=()
# Each host runs in its own folder, its content root, so that its appsettings.json is read.
start_service() {
  local name=$1 port=$2 dll=$3; shift 3
  (cd "$(dirname "$dll")" && exec env "${host_env[@]}" ASPNETCORE_URLS="http://127.0.0.1:$port" \
      OpenApi__PublicBaseUrl="http://127.0.0.1:$gateway_port" \
      RabbitMq__Host=127.0.0.1 RabbitMq__Port="$RABBITMQ_PORT" "$@" \
      dotnet "$dll") >"$state/logs/$name.log" 2>&1 &
  pids+=($!)
  pid_list="$pid_list,$name=$!"
}

db_env_of() {
  db_env=(Database__Provider="$provider" Database__DataFolder="$state/data")
  if [ "$provider" = postgresql ]; then
    db_env+=(Database__ConnectionString="Host=127.0.0.1;Port=$POSTGRES_PORT;Username=postgres;Database=coordination_${cluster_of[$1]//-/_}")
  fi
}

# The topology step: every queue and binding of the platform exists before any service publishes,
# so an event with a subscriber that has not started yet waits in that subscriber's queue.
log "declaring the platform's queues"
db_env_of Referral
env "${host_env[@]}" RabbitMq__Host=127.0.0.1 RabbitMq__Port="$RABBITMQ_PORT" "${db_env[@]}" \
  dotnet "$root/services/Referral/Referral.Api/bin/Release/net10.0/Referral.Api.dll" topology >"$state/logs/topology.log" 2>&1 \
  || { tail -n 20 "$state/logs/topology.log" >&2; exit 1; }

for service in Referral Consent FamilyPlan MdoScheduling FundingRoute; do
  port=$(free_port)
  db_env_of "$service"
  start_service "$service" "$port" "$root/services/$service/$service.Api/bin/Release/net10.0/$service.Api.dll" "${db_env[@]}"
  proxy_env+=("ReverseProxy__Clusters__${cluster_of[$service]}__Destinations__primary__Address=http://127.0.0.1:$port/")
  eval "port_$service=$port"
done
# The portal is reached through the gateway only, and reaches the services through the gateway only.
port_Portal=$(free_port)
proxy_env+=("ReverseProxy__Clusters__portal__Destinations__primary__Address=http://127.0.0.1:$port_Portal/")
# The portal calls the API on behalf of its users: the gateway limits each user's address, which the portal forwards.
proxy_env+=("Gateway__KnownProxies__0=127.0.0.1")
start_service Portal "$port_Portal" "$root/portal/Coordination.Portal/bin/Release/net10.0/Coordination.Portal.dll" \
  "${portal_env[@]}" Portal__GatewayUrl="http://127.0.0.1:$gateway_port/"
# The FHIR edge, like the portal, is reached through the gateway and calls the API through it, with its caller's token.
port_FhirEdge=$(free_port)
proxy_env+=("ReverseProxy__Clusters__fhir-edge__Destinations__primary__Address=http://127.0.0.1:$port_FhirEdge/")
start_service FhirEdge "$port_FhirEdge" "$root/services/FhirEdge/FhirEdge.Api/bin/Release/net10.0/FhirEdge.Api.dll" \
  FhirEdge__GatewayUrl="http://127.0.0.1:$gateway_port/" FhirEdge__SpecificationCache="$state/fhir-specification"
start_service Gateway "$gateway_port" "$root/gateway/Coordination.Gateway/bin/Release/net10.0/Coordination.Gateway.dll" "${proxy_env[@]}"

wait_healthy() {
  local name=$1 url=$2 deadline=$((SECONDS + 120))
  until curl -sf "$url" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then log "$name is not healthy; see $state/logs/$name.log"; tail -n 20 "$state/logs/$name.log" >&2; exit 1; fi
    sleep 0.5
  done
}
for service in Referral Consent FamilyPlan MdoScheduling FundingRoute; do
  port_var=port_$service
  wait_healthy "$service" "http://127.0.0.1:${!port_var}/health/ready"
done
wait_healthy Portal "http://127.0.0.1:$port_Portal/health/ready"
wait_healthy FhirEdge "http://127.0.0.1:$port_FhirEdge/health/ready"
wait_healthy Gateway "http://127.0.0.1:$gateway_port/health"

if [ "$demo" = 1 ]; then
  log "loading the demo families (scenarios 1 and 2) through the gateway"
  env "${portal_env[@]}" Portal__GatewayUrl="http://127.0.0.1:$gateway_port/" \
    dotnet "$root/portal/Coordination.Portal/bin/Release/net10.0/Coordination.Portal.dll" demo >"$state/logs/demo.log" 2>&1 \
    || { log "the demo data could not be loaded; see $state/logs/demo.log"; tail -n 5 "$state/logs/demo.log" >&2; exit 1; }
fi

{
  echo "GATEWAY_PORT=$gateway_port"
  [ "$production" = 1 ] && echo "SIGNING_KEY_FILE=$state/signing-key"
  echo "RABBITMQ_PORT=$RABBITMQ_PORT"
  echo "RABBITMQ_MANAGEMENT_PORT=$RABBITMQ_MANAGEMENT_PORT"
  for service in Referral Consent FamilyPlan MdoScheduling FundingRoute Portal FhirEdge; do port_var=port_$service; echo "PORT_$service=${!port_var}"; done
  beam=$("$RABBITMQ_BIN/rabbitmqctl" -n "$RABBITMQ_NODE" eval 'list_to_integer(os:getpid()).' 2>/dev/null | tr -dc '0-9' || true)
  postmaster=$([ "$provider" = postgresql ] && head -n 1 "$state/postgres/data/postmaster.pid" 2>/dev/null || true)
  echo "PIDS=${pid_list#,}${beam:+,RabbitMQ=$beam}${postmaster:+,PostgreSQL=$postmaster}"
} > "$state/platform.env.tmp"
mv "$state/platform.env.tmp" "$state/platform.env"

cat <<MSG

Coordination is running on $provider$([ "$production" = 1 ] && echo " in the Production configuration (tokens: COORDINATION_SIGNING_KEY=\$(cat $state/signing-key) deploy/token.sh ...)").
  Portal:    http://127.0.0.1:$gateway_port/ (sign in as a demo user: a GP, a parent, ...)
  Gateway:   http://127.0.0.1:$gateway_port
  API docs:  http://127.0.0.1:$gateway_port/docs (OpenAPI: /openapi/v1.json)
  Token:     TOKEN=\$(deploy/token.sh gp agb=01012345)
  Try:       curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$gateway_port/api/referrals/00000000-0000-0000-0000-000000000000
  Logs:      $state/logs
Ctrl-C stops everything.
MSG

wait -n "${pids[@]}" || true
log "a process ended; see $state/logs"
exit 1
