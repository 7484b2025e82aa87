#!/usr/bin/env bash
# Shared by run.sh, test.sh, bench.sh and faults.sh: install and start RabbitMQ (one node or a
# cluster of three), PostgreSQL and Redis on loopback, in a folder of our own, on free ports; stop
# them again. Sourced, not run.

RABBITMQ_BIN=/usr/lib/rabbitmq/bin
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# A TCP port nobody listens on, from a range clear of the usual services and below the system's
# ephemeral range (32768 and up), which outgoing connections take their ports from.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( (RANDOM % 12768) + 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "no free port found"
  return 1
}

# curl (health polling) and openssl (deploy/token.sh) are on Debian images; install them if not.
ensure_tools() {
  command -v curl >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1 && return 0
  log "installing curl and openssl from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl openssl >/dev/null
}

# install_server PACKAGE: a server from Debian's packages, installed without starting its
# system-wide service (it would bind every address); the scripts start their own on loopback.
install_server() {
  log "installing $1 from Debian's packages"
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  local rc=$?
  [ "$created" = 1 ] && rm -f "$policy"
  return $rc
}

ensure_rabbitmq() {
  ensure_tools || return 1
  [ -x "$RABBITMQ_BIN/rabbitmq-server" ] && return 0
  install_server rabbitmq-server
}

ensure_postgres() {
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && return 0
  install_server postgresql
  local rc=$?
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  return $rc
}

# Redis, where the portal's replicas share their sessions and key ring (Portal:Redis); the tests
# run two portals on one.
ensure_redis() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && return 0
  install_server redis-server
}

# start_redis DIR: a throw-away Redis on 127.0.0.1 that keeps nothing on disk. Sets REDIS_PORT.
start_redis() {
  local dir=$1
  mkdir -p "$dir"
  REDIS_PORT=$(free_port) || return 1
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$dir" --save "" --appendonly no \
    --daemonize no --logfile "$dir/redis.log" >/dev/null 2>&1 &
  REDIS_PID=$!
  local deadline=$((SECONDS + 30))
  until [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$REDIS_PID" 2>/dev/null; then
      log "Redis did not start; see $dir/redis.log"; tail -n 20 "$dir/redis.log" >&2; return 1
    fi
    sleep 0.2
  done
}

stop_redis() {
  [ -n "${REDIS_PID:-}" ] || return 0
  kill "$REDIS_PID" 2>/dev/null
  wait "$REDIS_PID" 2>/dev/null
  REDIS_PID=
}

# ensure_node_tool DIR NAME: the npm packages pinned in DIR/package-lock.json (Spectral in
# tools/spectral, ical.js in tools/icaljs), installed with npm ci when node_modules is missing or
# older than the lock file. Debian's npm package brings node and npm where they are missing.
# Install scripts stay off: neither tool needs one, and one of Spectral's dependencies would
# report usage from its install script.
ensure_node_tool() {
  local dir=$1 name=$2
  if [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    log "installing npm from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null || return 1
  fi
  log "installing $name (npm ci in ${dir#"$root"/})"
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >&2
}

# Debian's chromium for the portal's browser tests (Playwright drives it; it downloads no browser).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  log "installing chromium from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 && return 0
  log "the .NET 10 SDK is required (dotnet on PATH)"
  return 1
}

# start_rabbitmq DIR [NODE]: a single node bound to 127.0.0.1 with the management API, data in
# DIR. Sets RABBITMQ_PORT, RABBITMQ_MANAGEMENT_PORT and RABBITMQ_NODE.
# write_rabbitmq_node DIR NODE PORT MANAGEMENT_PORT DIST_PORT [CONFIG]: a node's configuration
# (loopback only, plus CONFIG's lines) and DIR/start.sh, which runs the node in the foreground from
# DIR (Erlang writes crash dumps into the working directory). start.sh stays, so a fault test can
# start a node it killed again.
write_rabbitmq_node() {
  local dir=$1 node=$2 port=$3 management=$4 dist=$5 extra=${6:-}
  mkdir -p "$dir/mnesia" "$dir/log"
  cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$port
management.tcp.ip = 127.0.0.1
management.tcp.port = $management
log.console = false
log.file.level = warning
$extra
CONF
  echo '[rabbitmq_management].' > "$dir/enabled_plugins"
  cat > "$dir/start.sh" <<START
#!/usr/bin/env bash
export ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_NODENAME=$node RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf \\
  RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins RABBITMQ_MNESIA_BASE=$dir/mnesia \\
  RABBITMQ_LOG_BASE=$dir/log RABBITMQ_PID_FILE=$dir/rabbitmq.pid RABBITMQ_DIST_PORT=$dist \\
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
cd "$dir" && exec "$RABBITMQ_BIN/rabbitmq-server" >>"$dir/server.out" 2>&1
START
  chmod +x "$dir/start.sh"
}

# wait_rabbitmq_node PID MANAGEMENT_PORT DIR: until the node's management API answers.
wait_rabbitmq_node() {
  local pid=$1 management=$2 dir=$3 deadline=$((SECONDS + 90))
  until curl -sf -u guest:guest "http://127.0.0.1:$management/api/overview" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then
      log "RabbitMQ did not start; see $dir/server.out and $dir/log"
      tail -n 30 "$dir/server.out" >&2
      return 1
    fi
    sleep 0.5
  done
}

start_rabbitmq() {
  local dir=$1
  pgrep -x epmd >/dev/null 2>&1 && EPMD_WAS_RUNNING=1 || EPMD_WAS_RUNNING=0
  export ERL_EPMD_ADDRESS=127.0.0.1
  RABBITMQ_PORT=$(free_port) || return 1
  RABBITMQ_MANAGEMENT_PORT=$(free_port) || return 1
  local dist_port; dist_port=$(free_port) || return 1
  RABBITMQ_NODE=${2:-coordination-$RABBITMQ_PORT@localhost}
  write_rabbitmq_node "$dir" "$RABBITMQ_NODE" "$RABBITMQ_PORT" "$RABBITMQ_MANAGEMENT_PORT" "$dist_port"
  log "starting RabbitMQ on 127.0.0.1:$RABBITMQ_PORT (management $RABBITMQ_MANAGEMENT_PORT)"
  "$dir/start.sh" &
  RABBITMQ_SERVER_PID=$!
  wait_rabbitmq_node "$RABBITMQ_SERVER_PID" "$RABBITMQ_MANAGEMENT_PORT" "$dir"
}

# start_rabbitmq_cluster DIR: three nodes on loopback (DIR/node1..3) that form one cluster by
# classic peer discovery, with cluster_partition_handling = pause_minority; they share the Erlang
# cookie of the user who starts them. Sets RABBITMQ_CLUSTER_NODES, _PORTS, _MANAGEMENT_PORTS and
# _PIDS (space-separated, node 1 first).
start_rabbitmq_cluster() {
  local dir=$1 i names=() ports=() managements=() discovery=""
  pgrep -x epmd >/dev/null 2>&1 && EPMD_WAS_RUNNING=1 || EPMD_WAS_RUNNING=0
  export ERL_EPMD_ADDRESS=127.0.0.1
  for i in 1 2 3; do
    ports+=("$(free_port)") || return 1
    managements+=("$(free_port)") || return 1
    names+=("coordination-node$i-${ports[0]}@localhost")
    discovery+="cluster_formation.classic_config.nodes.$i = ${names[$((i - 1))]}"$'\n'
  done
  RABBITMQ_CLUSTER_PIDS=""
  for i in 1 2 3; do
    local node_dir="$dir/node$i" dist; dist=$(free_port) || return 1
    write_rabbitmq_node "$node_dir" "${names[$((i - 1))]}" "${ports[$((i - 1))]}" "${managements[$((i - 1))]}" "$dist" \
      "cluster_formation.peer_discovery_backend = classic_config"$'\n'"$discovery""cluster_partition_handling = pause_minority"
    log "starting RabbitMQ node $i of 3 on 127.0.0.1:${ports[$((i - 1))]} (management ${managements[$((i - 1))]})"
    "$node_dir/start.sh" &
    RABBITMQ_CLUSTER_PIDS+="$! "
    # The first node forms the cluster; the others find it running and join.
    wait_rabbitmq_node "$!" "${managements[$((i - 1))]}" "$node_dir" || return 1
  done
  RABBITMQ_CLUSTER_NODES="${names[*]}" RABBITMQ_CLUSTER_PORTS="${ports[*]}" RABBITMQ_CLUSTER_MANAGEMENT_PORTS="${managements[*]}"
  local deadline=$((SECONDS + 60))
  until [ "$("$RABBITMQ_BIN/rabbitmqctl" -n "${names[0]}" eval 'length(rabbit_nodes:all_running()).' 2>/dev/null)" = 3 ]; do
    [ $SECONDS -ge $deadline ] && { log "the three RabbitMQ nodes did not form one cluster"; return 1; }
    sleep 1
  done
}

stop_rabbitmq_cluster() {
  [ -n "${RABBITMQ_CLUSTER_NODES:-}" ] || return 0
  local node pid
  for node in $RABBITMQ_CLUSTER_NODES; do "$RABBITMQ_BIN/rabbitmqctl" -n "$node" stop >/dev/null 2>&1; done
  for pid in $RABBITMQ_CLUSTER_PIDS; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  [ "${EPMD_WAS_RUNNING:-1}" = 0 ] && pkill -x epmd 2>/dev/null
  RABBITMQ_CLUSTER_NODES=
}

stop_rabbitmq() {
  [ -n "${RABBITMQ_NODE:-}" ] || return 0
  "$RABBITMQ_BIN/rabbitmqctl" -n "$RABBITMQ_NODE" stop >/dev/null 2>&1 || kill "${RABBITMQ_SERVER_PID:-0}" 2>/dev/null
  wait "${RABBITMQ_SERVER_PID:-0}" 2>/dev/null
  # epmd outlives the node; stop it only when this script started it.
  [ "${EPMD_WAS_RUNNING:-1}" = 0 ] && pkill -x epmd 2>/dev/null
  RABBITMQ_NODE=
}

# start_postgres DIR: a throw-away cluster on 127.0.0.1, trust auth, owned by the postgres user
# (initdb refuses to run as root). Sets POSTGRES_PORT.
start_postgres() {
  local dir=$1
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  mkdir -p "$dir"
  chown postgres "$dir"
  chmod 700 "$dir"
  POSTGRES_PORT=$(free_port) || return 1
  POSTGRES_DIR=$dir
  log "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  # start.sh stays, so a fault test can start a cluster it stopped again.
  cat > "$dir/start.sh" <<START
#!/usr/bin/env bash
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \\
  -o "-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT -k $dir -c max_connections=300 -c fsync=off" start >/dev/null
START
  chmod +x "$dir/start.sh"
  "$dir/start.sh" || { cat "$dir/server.log" >&2; return 1; }
}

stop_postgres() {
  [ -n "${POSTGRES_DIR:-}" ] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1
  POSTGRES_DIR=
}
