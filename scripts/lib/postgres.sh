# Starts a throwaway PostgreSQL cluster on loopback for tests and benchmarks.
# Source this file, then call `start_throwaway_postgres`; it exports FEEDBACK_TEST_POSTGRES
# (a connection string to the server, without a database) and stops and deletes the cluster on exit.

find_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root and sudo is not available" >&2; return 1; fi
}

ensure_postgres_installed() {
  if find_pg_bin >/dev/null; then return 0; fi
  echo "PostgreSQL is not installed; installing it with apt-get..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # The Debian package starts a system cluster on 5432; tests use their own, so stop it to free resources.
  as_root service postgresql stop >/dev/null 2>&1 || true
  find_pg_bin >/dev/null || { echo "error: PostgreSQL installation failed" >&2; return 1; }
}

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    # No python: pick a random high port that nothing listens on.
    local port
    while :; do
      port=$((20000 + RANDOM % 40000))
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
  fi
}

start_throwaway_postgres() {
  ensure_postgres_installed
  local bin port dir run_as=()
  bin=$(find_pg_bin)
  port=$(free_port)
  dir=$(mktemp -d /tmp/feedback-pg.XXXXXX)
  # The server refuses to run as root: run it as the postgres user when we are root.
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  # FEEDBACK_PG_EXTRA_OPTS: extra server settings (the test script turns durability off; benchmarks keep it on).
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 ${FEEDBACK_PG_EXTRA_OPTS:-}" start >/dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
  export FEEDBACK_PG_DIR="$dir" FEEDBACK_PG_BIN="$bin"
  export FEEDBACK_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Maximum Pool Size=100"
  FEEDBACK_PG_RUN_AS="${run_as[*]}"
  trap stop_throwaway_postgres EXIT
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') started on 127.0.0.1:$port (throwaway cluster in $dir)" >&2
}

stop_throwaway_postgres() {
  if [ -n "${FEEDBACK_PG_DIR:-}" ] && [ -d "$FEEDBACK_PG_DIR" ]; then
    # shellcheck disable=SC2086
    $FEEDBACK_PG_RUN_AS "$FEEDBACK_PG_BIN/pg_ctl" -D "$FEEDBACK_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$FEEDBACK_PG_DIR"
  fi
}
