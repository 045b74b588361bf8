#!/usr/bin/env bash
# deploy/services.sh — real backing services for the OCOP Marketplace test suite.
#
#   deploy/services.sh install [SERVICE...]   install what is missing (idempotent, reuses downloads);
#                                             without SERVICE also Debian's chromium (browser tests)
#   deploy/services.sh start   [SERVICE...]   start on 127.0.0.1, wait until healthy, write .services/env
#   deploy/services.sh stop    [SERVICE...]   stop what start started (safe to call twice)
#   deploy/services.sh status  [SERVICE...]   one line per service
#   deploy/services.sh restart [SERVICE...]   stop, then start
#
# SERVICE is one of: postgres redis elasticsearch stripe-mock moto (default: all).
# Everything lives in .services/ at the project root (self-git-ignored). See deploy/README.md.
#
# With CI=true a service that fails to install or start makes the command exit non-zero,
# naming the service and showing the tail of its log. Otherwise a warning is printed, the
# service's variables are left out of .services/env and the tests that need it skip.
set -euo pipefail

SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
ROOT="$(cd "$(dirname "$SELF")/.." && pwd)"
SV="$ROOT/.services"
RUN="$SV/run"
LOG="$SV/log"
BIN="$SV/bin"
DATA="$SV/data"
ENV_FILE="$SV/env"
MOTO_VENV="$SV/moto-venv"

# ---- pinned versions -------------------------------------------------------------------------
ES_VERSION="8.19.7"             # org.elasticsearch.distribution.integ-test-zip:elasticsearch (Maven Central)
STRIPE_MOCK_VERSION="v0.203.0"  # github.com/stripe/stripe-mock (Go module)
MOTO_VERSION="5.2.5"            # moto[server] (PyPI)

# ---- ports (all on 127.0.0.1, away from the system defaults) ----------------------------------
HOST=127.0.0.1
PG_PORT=55432
REDIS_PORT=56379
ES_PORT=59200
ES_TRANSPORT_PORT=59300
STRIPE_PORT=12111
STRIPE_HTTPS_PORT=12112
S3_PORT=59000

# ---- start timeouts (seconds) -----------------------------------------------------------------
PG_TIMEOUT=60
REDIS_TIMEOUT=30
ES_TIMEOUT=180
STRIPE_TIMEOUT=30
MOTO_TIMEOUT=60

ES_HEAP="${OCOP_ES_HEAP:-512m}"
SVC_USER=ocopsvc                 # non-root system user that runs Elasticsearch
ALL_SERVICES=(postgres redis elasticsearch stripe-mock moto)

IS_ROOT=0
[[ $EUID -eq 0 ]] && IS_ROOT=1

# ---- small helpers ----------------------------------------------------------------------------
say()  { printf '[services] %s\n' "$*"; }
warn() { printf '[services] WARNING: %s\n' "$*" >&2; }
die()  { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }
is_ci() { [[ "${CI:-}" == true || "${CI:-}" == 1 ]]; }
now() { printf '%s' "$EPOCHREALTIME"; }
since() { LC_ALL=C awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }

# Run a command as another OS user (only when we are root; otherwise as ourselves).
as_user() {
  local u=$1; shift
  if ((IS_ROOT)) && [[ $u != root ]]; then
    setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups -- "$@"
  else
    "$@"
  fi
}

# AS=(prefix) to run an executable as another user; usable with setsid/exec, unlike as_user
as_user_prefix() {
  AS=()
  if ((IS_ROOT)) && [[ $1 != root ]]; then
    AS=(setpriv --reuid="$1" --regid="$(id -g "$1")" --init-groups --)
  fi
}

pg_user() { if ((IS_ROOT)); then echo postgres; else id -un; fi; }
es_user() { if ((IS_ROOT)); then echo "$SVC_USER"; else id -un; fi; }

# Directory for files owned by the service users (postgres data, Elasticsearch). Normally
# .services itself; if those users cannot reach it (e.g. the checkout sits under a 0700
# directory) fall back to a per-checkout folder under /var/tmp.
PRIV=""
priv_dir() {
  if [[ -n $PRIV ]]; then echo "$PRIV"; return; fi
  local ok=1 u
  if ((IS_ROOT)); then
    for u in postgres "$SVC_USER"; do
      id "$u" >/dev/null 2>&1 || continue
      as_user "$u" test -x "$SV" || ok=0
    done
  fi
  if ((ok)); then
    PRIV="$SV"
  else
    PRIV="/var/tmp/ocop-services-$(printf %s "$ROOT" | cksum | cut -d' ' -f1)"
    mkdir -p "$PRIV/data"
    chmod 755 "$PRIV" "$PRIV/data"
  fi
  echo "$PRIV"
}

es_home()  { echo "$(priv_dir)/elasticsearch-$ES_VERSION"; }
pg_data()  { echo "$(priv_dir)/data/postgres"; }

setup_dirs() {
  mkdir -p "$SV" "$RUN" "$LOG" "$BIN" "$DATA"
  chmod 755 "$SV" "$DATA"
  # keep the whole folder out of git without touching the project's .gitignore
  [[ -f $SV/.gitignore ]] || printf '*\n' >"$SV/.gitignore"
}

# newest /usr/lib/postgresql/<ver>/bin that has a server
pg_bindir() {
  local d dirs=(/usr/lib/postgresql/*/bin) i
  for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
    d=${dirs[i]}
    if [[ -x $d/postgres && -x $d/initdb && -x $d/pg_ctl ]]; then echo "$d"; return 0; fi
  done
  return 1
}

go_bin() { command -v go 2>/dev/null || { [[ -x /usr/local/go/bin/go ]] && echo /usr/local/go/bin/go; } || return 1; }

es_java_home() {
  if [[ -n ${ES_JAVA_HOME:-} ]]; then echo "$ES_JAVA_HOME"; return 0; fi
  local j
  j=$(command -v java 2>/dev/null) || return 1
  j=$(readlink -f "$j")
  echo "${j%/bin/java}"
}

# alive and not a zombie (pid 1 here may reap orphans only every few seconds)
alive() {
  local st
  kill -0 "$1" 2>/dev/null || return 1
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $st != Z* ]]
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

svc_port() {
  case $1 in
    postgres) echo $PG_PORT ;; redis) echo $REDIS_PORT ;; elasticsearch) echo $ES_PORT ;;
    stripe-mock) echo $STRIPE_PORT ;; moto) echo $S3_PORT ;;
  esac
}

# substring that must appear in /proc/<pid>/cmdline for a pid file to count as ours
svc_pattern() {
  case $1 in
    postgres) echo postgres ;; redis) echo redis-server ;; elasticsearch) echo elasticsearch ;;
    stripe-mock) echo stripe-mock ;; moto) echo moto_server ;;
  esac
}

svc_timeout() {
  case $1 in
    postgres) echo $PG_TIMEOUT ;; redis) echo $REDIS_TIMEOUT ;; elasticsearch) echo $ES_TIMEOUT ;;
    stripe-mock) echo $STRIPE_TIMEOUT ;; moto) echo $MOTO_TIMEOUT ;;
  esac
}

svc_url() {
  case $1 in
    postgres) echo "postgres://ocop:ocop@$HOST:$PG_PORT/ocop" ;;
    redis) echo "redis://$HOST:$REDIS_PORT/0" ;;
    elasticsearch) echo "http://$HOST:$ES_PORT" ;;
    stripe-mock) echo "http://$HOST:$STRIPE_PORT" ;;
    moto) echo "http://$HOST:$S3_PORT" ;;
  esac
}

svc_env() {
  case $1 in
    postgres) echo "export DATABASE_URL=$(svc_url postgres)" ;;
    redis) echo "export REDIS_URL=$(svc_url redis)" ;;
    elasticsearch) echo "export ELASTICSEARCH_URL=$(svc_url elasticsearch)" ;;
    stripe-mock) echo "export STRIPE_API_BASE=$(svc_url stripe-mock)" ;;
    moto)
      echo "export AWS_S3_ENDPOINT_URL=$(svc_url moto)"
      echo "export AWS_ACCESS_KEY_ID=test"
      echo "export AWS_SECRET_ACCESS_KEY=test"
      echo "export AWS_STORAGE_BUCKET_NAME=ocop-test"
      echo "export AWS_DEFAULT_REGION=us-east-1"
      ;;
  esac
}

# pid of a running service started by us, or failure
pid_of() {
  local f="$RUN/$1.pid" pid cmd
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$(svc_pattern "$1")"* ]] || return 1
  echo "$pid"
}

healthy() {
  local out
  case $1 in
    postgres)
      local pgbin; pgbin=$(pg_bindir) || return 1
      out=$(PGPASSWORD=ocop PGCONNECT_TIMEOUT=3 "$pgbin/psql" -h $HOST -p $PG_PORT -U ocop -d ocop \
        -Atqc 'select 1' 2>/dev/null) || return 1
      [[ $out == 1 ]] ;;
    redis)
      out=$(timeout 5 redis-cli -h $HOST -p $REDIS_PORT ping 2>/dev/null) || return 1
      [[ $out == PONG ]] ;;
    elasticsearch)
      # the integ-test distribution has no "GET /" handler, so use cluster health
      out=$(curl -sf -m 5 "http://$HOST:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null) \
        || return 1
      [[ $out == *'"status":"green"'* || $out == *'"status":"yellow"'* ]] ;;
    stripe-mock)
      curl -sf -m 5 -o /dev/null -H 'Authorization: Bearer sk_test_123' \
        "http://$HOST:$STRIPE_PORT/v1/customers" 2>/dev/null ;;
    moto)
      curl -sf -m 5 -o /dev/null "http://$HOST:$S3_PORT/moto-api/data.json" 2>/dev/null ;;
  esac
}

installed() {
  case $1 in
    postgres) pg_bindir >/dev/null ;;
    redis) command -v redis-server >/dev/null && command -v redis-cli >/dev/null ;;
    elasticsearch) [[ -f "$(es_home)/.ocop-installed" ]] ;;
    stripe-mock) [[ -x $BIN/stripe-mock && "$(cat "$BIN/.stripe-mock.version" 2>/dev/null)" == "$STRIPE_MOCK_VERSION" ]] ;;
    moto) [[ -x $MOTO_VENV/bin/moto_server && "$(cat "$MOTO_VENV/.ocop-moto-version" 2>/dev/null)" == "$MOTO_VERSION" ]] ;;
  esac
}

ensure_svc_user() {
  ((IS_ROOT)) || return 0
  id "$SVC_USER" >/dev/null 2>&1 && return 0
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$SVC_USER"
}

parse_services() {
  local s ok
  SERVICES=()
  if (($# == 0)); then SERVICES=("${ALL_SERVICES[@]}"); return; fi
  for s in "$@"; do
    ok=0
    for a in "${ALL_SERVICES[@]}"; do [[ $s == "$a" ]] && ok=1; done
    ((ok)) || die "unknown service '$s' (known: ${ALL_SERVICES[*]})"
    SERVICES+=("$s")
  done
}

wants() { local s; for s in "${SERVICES[@]}"; do [[ $s == "$1" ]] && return 0; done; return 1; }

# ================================ install =====================================================

# Debian packages: postgresql and redis-server, plus the few tools this script relies on,
# and (for a full install) chromium, the browser tests/e2e drive through Playwright (no
# browser download: Playwright uses Debian's /usr/bin/chromium).
install_apt() {
  local need=()
  if ((${#SERVICES[@]} == ${#ALL_SERVICES[@]})); then
    [[ -x /usr/bin/chromium ]] || need+=(chromium)
  fi
  if wants postgres; then pg_bindir >/dev/null || need+=(postgresql); fi
  if wants redis; then
    { command -v redis-server && command -v redis-cli; } >/dev/null || need+=(redis-server)
  fi
  command -v curl >/dev/null || need+=(curl)
  if wants elasticsearch; then
    command -v unzip >/dev/null || need+=(unzip)
    command -v mvn >/dev/null || need+=(maven)
    es_java_home >/dev/null || need+=(openjdk-17-jre-headless)
  fi
  if wants moto; then
    "${PYTHON:-python3}" -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
  fi
  if ((${#need[@]} == 0)); then say "apt: nothing missing"; return 0; fi

  local sudo=()
  if ((!IS_ROOT)); then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install ${need[*]}"
    sudo=(sudo)
  fi
  say "apt: installing ${need[*]}"
  # keep Debian's maintainer scripts from starting system-wide postgres/redis on their default ports
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [[ ! -e $policy ]] && ((IS_ROOT)); then
    printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; made_policy=1
  fi
  local rc=0
  {
    "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  } >"$LOG/install-apt.log" 2>&1 || rc=$?
  ((made_policy)) && rm -f "$policy"
  if ((rc != 0)); then
    tail -n 30 "$LOG/install-apt.log" >&2
    return $rc
  fi
}

# Elasticsearch integ-test zip from Maven Central, unzipped into .services/elasticsearch-<ver>
install_elasticsearch() {
  local home; home=$(es_home)
  local user; user=$(es_user)
  if [[ -f $home/.ocop-installed ]]; then
    echo "elasticsearch $ES_VERSION already unpacked in $home"
  else
    local coords="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
    local repo="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
    local zip="$repo/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
    if [[ ! -s $zip ]]; then
      echo "+ mvn -B -q dependency:get -Dartifact=$coords -Dtransitive=false"
      mvn -B -q dependency:get "-Dartifact=$coords" -Dtransitive=false
    else
      echo "reusing $zip"
    fi
    if [[ ! -s $zip ]]; then
      zip=$(find "$HOME/.m2" -name "elasticsearch-$ES_VERSION.zip" -path '*integ-test-zip*' 2>/dev/null | head -n 1 || true)
      [[ -n $zip && -s $zip ]] || { echo "elasticsearch-$ES_VERSION.zip not found in the local Maven repository"; return 1; }
    fi
    rm -rf "$home" "$home.tmp"
    mkdir -p "$home.tmp"
    unzip -q "$zip" -d "$home.tmp"
    mv "$home.tmp/elasticsearch-$ES_VERSION" "$home"
    rmdir "$home.tmp"
    mkdir -p "$home/config/jvm.options.d"
    touch "$home/.ocop-installed"
  fi
  if ((IS_ROOT)); then
    ensure_svc_user
    [[ "$(stat -c %U "$home")" == "$user" ]] || chown -R "$user:" "$home"
  fi
}

# stripe-mock built from the Go module proxy into .services/bin
install_stripe-mock() {
  if installed stripe-mock; then echo "stripe-mock $STRIPE_MOCK_VERSION already in $BIN"; return 0; fi
  local go; go=$(go_bin) || { echo "go not found (expected in PATH or /usr/local/go/bin)"; return 1; }
  echo "+ GOBIN=$BIN $go install github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
  GOBIN="$BIN" "$go" install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
  printf '%s\n' "$STRIPE_MOCK_VERSION" >"$BIN/.stripe-mock.version"
}

# moto's standalone S3-compatible server in its own venv (never mixes with the app's deps)
install_moto() {
  if installed moto; then echo "moto $MOTO_VERSION already in $MOTO_VENV"; return 0; fi
  if [[ ! -x $MOTO_VENV/bin/python ]]; then
    echo "+ ${PYTHON:-python3} -m venv $MOTO_VENV"
    "${PYTHON:-python3}" -m venv "$MOTO_VENV"
  fi
  echo "+ $MOTO_VENV/bin/pip install moto[server]==$MOTO_VERSION"
  "$MOTO_VENV/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
  printf '%s\n' "$MOTO_VERSION" >"$MOTO_VENV/.ocop-moto-version"
}

cmd_install() {
  setup_dirs
  local t0 t; t0=$(now)
  t=$(now)
  local fails=()
  if ! ( install_apt ); then
    fails+=(apt)
    warn "apt-get install failed (log: $LOG/install-apt.log)"
  fi
  say "install apt packages: $(since "$t")"
  if ((IS_ROOT)) && wants elasticsearch; then ensure_svc_user; fi

  # the downloads/builds are independent: run them side by side, one log each
  local s pids=() names=()
  for s in elasticsearch stripe-mock moto; do
    wants "$s" || continue
    (
      t1=$(now); rc=0
      "$BASH" "$SELF" __install_one "$s" >"$LOG/install-$s.log" 2>&1 || rc=$?
      if ((rc == 0)); then say "install $s: ok ($(since "$t1"))"
      else say "install $s: FAILED after $(since "$t1") (log: $LOG/install-$s.log)"; fi
      exit $rc
    ) &
    pids+=($!); names+=("$s")
  done
  local i
  for i in "${!pids[@]}"; do
    wait "${pids[i]}" || fails+=("${names[i]}")
  done
  for s in postgres redis; do
    wants "$s" || continue
    installed "$s" || fails+=("$s")
  done
  say "install total: $(since "$t0")"
  if ((${#fails[@]})); then
    for s in "${fails[@]}"; do
      if [[ -f $LOG/install-$s.log ]]; then
        printf -- '---- tail of %s ----\n' "$LOG/install-$s.log" >&2
        tail -n 25 "$LOG/install-$s.log" >&2
      fi
    done
    if is_ci; then die "install failed for: ${fails[*]}"; fi
    warn "install failed for: ${fails[*]} (their tests will skip)"
  fi
}

# ================================ start =======================================================

launch() {  # name, command... : start detached in its own session; pid -> run/<name>.pid
  local name=$1; shift
  setsid "$@" </dev/null >>"$LOG/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
}

launch_postgres() {
  local pgbin data user
  pgbin=$(pg_bindir) || { note postgres "not installed (run deploy/services.sh install)"; return 1; }
  data=$(pg_data); user=$(pg_user)
  if [[ ! -f $data/PG_VERSION ]]; then
    note postgres "initdb $data"
    local pw; pw=$(mktemp)
    printf 'postgres\n' >"$pw"; chmod 644 "$pw"
    rm -rf "$data" "$data.init"
    mkdir -p "$data.init"
    ((IS_ROOT)) && chown "$user:" "$data.init"
    chmod 700 "$data.init"
    if ! as_user "$user" "$pgbin/initdb" -D "$data.init" -U postgres --pwfile="$pw" -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync >>"$LOG/postgres.log" 2>&1; then
      rm -f "$pw"; note postgres "initdb failed"; return 1
    fi
    rm -f "$pw"
    mv "$data.init" "$data"
  fi
  ((IS_ROOT)) && { [[ "$(stat -c %U "$data")" == "$user" ]] || chown -R "$user:" "$data"; }
  as_user_prefix "$user"
  launch postgres "${AS[@]}" "$pgbin/postgres" -D "$data" \
    -c listen_addresses=$HOST -c port=$PG_PORT -c unix_socket_directories= \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=100 -c shared_buffers=128MB
}

setup_postgres() {  # role ocop (superuser, tests create/drop their own databases) + database ocop
  local pgbin; pgbin=$(pg_bindir)
  PGPASSWORD=postgres "$pgbin/psql" -h $HOST -p $PG_PORT -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ocop') THEN
    CREATE ROLE ocop LOGIN SUPERUSER CREATEDB PASSWORD 'ocop';
  END IF;
END $$;
SELECT 'CREATE DATABASE ocop OWNER ocop' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'ocop')\gexec
SQL
}

launch_redis() {
  command -v redis-server >/dev/null || { note redis "not installed (run deploy/services.sh install)"; return 1; }
  mkdir -p "$DATA/redis"
  launch redis redis-server --bind $HOST --port $REDIS_PORT --dir "$DATA/redis" \
    --save '' --appendonly no --daemonize no --protected-mode yes --logfile ''
}

launch_elasticsearch() {
  local home user jh priv
  home=$(es_home); user=$(es_user); priv=$(priv_dir)
  [[ -f $home/.ocop-installed ]] || { note elasticsearch "not installed (run deploy/services.sh install)"; return 1; }
  jh=$(es_java_home) || { note elasticsearch "no Java found (set ES_JAVA_HOME)"; return 1; }
  ensure_svc_user
  local esdata="$priv/data/elasticsearch" eslogs="$priv/data/elasticsearch-logs" estmp="$priv/data/elasticsearch-tmp"
  mkdir -p "$esdata" "$eslogs" "$estmp"
  # Only settings the integ-test (minimal) distribution accepts: it has no ingest-geoip module,
  # so ingest.geoip.downloader.enabled is rejected as an unknown setting.
  cat >"$home/config/elasticsearch.yml" <<EOF
# written by deploy/services.sh on every start
cluster.name: ocop-test
node.name: ocop-test-node
discovery.type: single-node
network.host: $HOST
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
path.data: $esdata
path.logs: $eslogs
xpack.security.enabled: false
xpack.ml.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
  if ((IS_ROOT)); then
    [[ "$(stat -c %U "$home")" == "$user" ]] || chown -R "$user:" "$home"
    chown -R "$user:" "$esdata" "$eslogs" "$estmp"
  fi
  # cwd = its log folder: the distribution's jvm.options writes gc.log / hs_err files relative to cwd
  (
    cd "$eslogs"
    as_user_prefix "$user"
    launch elasticsearch "${AS[@]}" env HOME="$estmp" ES_TMPDIR="$estmp" ES_JAVA_HOME="$jh" \
      ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" "$home/bin/elasticsearch"
  )
}

launch_stripe-mock() {
  installed stripe-mock || { note stripe-mock "not installed (run deploy/services.sh install)"; return 1; }
  launch stripe-mock "$BIN/stripe-mock" -http-addr "$HOST:$STRIPE_PORT" -https-addr "$HOST:$STRIPE_HTTPS_PORT"
}

launch_moto() {
  installed moto || { note moto "not installed (run deploy/services.sh install)"; return 1; }
  launch moto "$MOTO_VENV/bin/moto_server" -H $HOST -p $S3_PORT
}

note() {  # service, message: say it and append it to the service's log
  say "$1: $2"
  printf '[services] %s\n' "$2" >>"$LOG/$1.log"
}

kill_pid() {  # pid, grace seconds: TERM, wait for it and its children (ES: CLI + server JVM), then KILL
  local pid=$1 grace=${2:-30} i p kids left
  kids=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < grace * 5; i++)); do
    left=0
    for p in $pid $kids; do alive "$p" && left=1; done
    ((left)) || return 0
    sleep 0.2
  done
  # shellcheck disable=SC2086  # $kids is a list of pids
  kill -KILL "$pid" $kids 2>/dev/null || true
}

stop_one() {
  local name=$1 pid
  if pid=$(pid_of "$name"); then
    if [[ $name == postgres ]]; then
      local pgbin; pgbin=$(pg_bindir)
      as_user "$(pg_user)" "$pgbin/pg_ctl" stop -D "$(pg_data)" -m fast -w -t 60 >>"$LOG/postgres.log" 2>&1 \
        || kill_pid "$pid" 30
      if alive "$pid"; then kill_pid "$pid" 10; fi
    else
      kill_pid "$pid" 30
    fi
    rm -f "$RUN/$name.pid"
    return 0
  fi
  rm -f "$RUN/$name.pid"
  return 1
}

# start a single service (run in its own process by cmd_start); exit 0 only when healthy
start_one() {
  local name=$1 t0 pid port timeout i
  t0=$(now)
  port=$(svc_port "$name"); timeout=$(svc_timeout "$name")
  if pid=$(pid_of "$name"); then
    if healthy "$name"; then
      say "$name: already running (pid $pid), reused ($(since "$t0"))"
      return 0
    fi
    note "$name" "pid $pid alive but not healthy; restarting it"
    stop_one "$name" || true
  fi
  rm -f "$RUN/$name.pid"
  # one log per attempt (the previous one is kept as <name>.log.prev), so a failure's tail is this attempt's
  [[ -f $LOG/$name.log ]] && mv -f "$LOG/$name.log" "$LOG/$name.log.prev"
  if port_open "$port"; then
    note "$name" "port $HOST:$port is already taken by a process this script did not start"
    return 1
  fi
  printf '==== %s start %s ====\n' "$name" "$(date -u +%FT%TZ)" >>"$LOG/$name.log"
  "launch_$name" || return 1
  pid=$(<"$RUN/$name.pid")
  for ((i = 0; i < timeout * 4; i++)); do
    if ! alive "$pid"; then
      rm -f "$RUN/$name.pid"
      note "$name" "process exited during start-up"
      return 1
    fi
    if [[ $name == postgres ]]; then
      if "$(pg_bindir)/pg_isready" -q -h $HOST -p $PG_PORT 2>/dev/null && setup_postgres >>"$LOG/postgres.log" 2>&1 \
        && healthy postgres; then
        break
      fi
    elif healthy "$name"; then
      break
    fi
    sleep 0.25
  done
  if ! healthy "$name"; then
    note "$name" "not healthy after ${timeout}s; stopping it"
    stop_one "$name" || true
    return 1
  fi
  say "$name: started (pid $pid) at $(svc_url "$name") in $(since "$t0")"
}

write_env() {
  local s tmp="$ENV_FILE.tmp"
  {
    echo "# written by deploy/services.sh start on $(date -u +%FT%TZ); source it before the tests"
    for s in "${ALL_SERVICES[@]}"; do
      if pid_of "$s" >/dev/null && healthy "$s"; then
        svc_env "$s"
      else
        echo "# $s: not running (see .services/log/$s.log); its tests skip"
      fi
    done
  } >"$tmp"
  mv "$tmp" "$ENV_FILE"
}

cmd_start() {
  setup_dirs
  local t0 s pids=() names=() fails=() i
  t0=$(now)
  local priv; priv=$(priv_dir)
  [[ $priv == "$SV" ]] || say "service users cannot reach $SV; postgres data and Elasticsearch live in $priv"
  if ((IS_ROOT)) && wants elasticsearch; then ensure_svc_user || true; fi
  for s in "${SERVICES[@]}"; do
    "$BASH" "$SELF" __start_one "$s" &
    pids+=($!); names+=("$s")
  done
  for i in "${!pids[@]}"; do
    wait "${pids[i]}" || fails+=("${names[i]}")
  done
  write_env
  say "start total: $(since "$t0"); env: $ENV_FILE"
  if ((${#fails[@]})); then
    for s in "${fails[@]}"; do
      if is_ci; then
        printf -- '---- %s failed to start; tail of %s ----\n' "$s" "$LOG/$s.log" >&2
        tail -n 40 "$LOG/$s.log" >&2 || true
      else
        warn "$s failed to start; left out of $ENV_FILE, its tests will skip (log: $LOG/$s.log)"
      fi
    done
    is_ci && die "services failed to start: ${fails[*]}"
  fi
  return 0
}

cmd_stop() {
  local s t
  mkdir -p "$RUN"
  for s in "${SERVICES[@]}"; do
    t=$(now)
    if stop_one "$s"; then say "$s: stopped ($(since "$t"))"; else say "$s: not running"; fi
  done
  # stale URLs must not leak into a later test run
  if [[ -f $ENV_FILE ]]; then
    if (($# == 0)); then rm -f "$ENV_FILE"; else write_env; fi
  fi
}

cmd_status() {
  local s pid state
  for s in "${SERVICES[@]}"; do
    if pid=$(pid_of "$s"); then
      if healthy "$s"; then state="running  pid $pid  $(svc_url "$s")"
      else state="UNHEALTHY pid $pid  $(svc_url "$s")"; fi
    elif installed "$s"; then
      state="stopped"
    else
      state="not installed"
    fi
    printf '%-14s %s\n' "$s" "$state"
  done
}

usage() {
  sed -n '2,16p' "$SELF" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    install) parse_services "$@"; cmd_install ;;
    start) parse_services "$@"; cmd_start ;;
    stop) parse_services "$@"; cmd_stop "$@" ;;
    status) parse_services "$@"; cmd_status ;;
    restart) parse_services "$@"; cmd_stop "$@"; cmd_start ;;
    __install_one) SERVICES=("$1"); "install_$1" ;;
    __start_one) SERVICES=("$1"); start_one "$1" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
