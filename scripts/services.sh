#!/usr/bin/env bash
# PostgreSQL, Redis and an SMTP server for the tests and the benchmark, on free loopback ports, in a folder of their own:
#   scripts/services.sh start DIR   installs them from Debian when missing (as root), starts all three, writes DIR/env
#   scripts/services.sh stop DIR    stops them and removes DIR
# DIR/env exports CONGRESSHUB_TEST_POSTGRES (a connection string without a database), CONGRESSHUB_TEST_REDIS
# (host:port), CONGRESSHUB_TEST_REDIS_PORT / CONGRESSHUB_TEST_REDIS_DIR, which the fault test uses to restart Redis,
# and CONGRESSHUB_TEST_SMTP (host:port) / CONGRESSHUB_TEST_MAILDIR, the SMTP server and the maildir it writes every
# message it accepts to (aiosmtpd's Mailbox handler).
set -euo pipefail
cmd="${1:?usage: scripts/services.sh start|stop DIR}"
dir="${2:?usage: scripts/services.sh start|stop DIR}"
pgbin=/usr/lib/postgresql/15/bin

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  missing=()
  [ -x "$pgbin/initdb" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  # Debian's Python, not one on PATH (pyenv, a virtualenv) that lacks the package.
  /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "services.sh: installing ${missing[*]} from Debian"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "services.sh: the tests need ${missing[*]}; install with: sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
  mkdir -p "$dir/pg" "$dir/redis" "$dir/mail"
  chmod 755 "$dir"
  # PostgreSQL refuses to run as root: its folder belongs to the postgres user.
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pg"
  chmod 700 "$dir/pg"
  pg_port=$(free_port)
  as_postgres "$pgbin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log"
  # A throwaway server: durability off for speed; enough connections for parallel tests and two app nodes; the log
  # kept whole (wal_keep_size), so that the secrecy tests can read a vote's records with pg_waldump after the fact.
  as_postgres "$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/pg.log" -w start \
    -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_keep_size=1GB" >/dev/null
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$dir/redis" --save '' --appendonly no \
    --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log"
  until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.1; done
  smtp_port=$(free_port)
  setsid /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$dir/mail/box" \
    </dev/null >"$dir/mail/smtp.log" 2>&1 &
  echo $! >"$dir/mail/smtp.pid"
  until (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; do
    kill -0 "$(cat "$dir/mail/smtp.pid")" 2>/dev/null || { echo "services.sh: the SMTP server did not start:" >&2; cat "$dir/mail/smtp.log" >&2; exit 1; }
    sleep 0.1
  done
  cat >"$dir/env" <<ENV
export CONGRESSHUB_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres"
export CONGRESSHUB_TEST_REDIS="127.0.0.1:$redis_port"
export CONGRESSHUB_TEST_REDIS_PORT="$redis_port"
export CONGRESSHUB_TEST_REDIS_DIR="$dir/redis"
export CONGRESSHUB_TEST_SMTP="127.0.0.1:$smtp_port"
export CONGRESSHUB_TEST_MAILDIR="$dir/mail/box"
ENV
  echo "services.sh: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port, SMTP on 127.0.0.1:$smtp_port"
  ;;
stop)
  if [ -f "$dir/env" ]; then
    # shellcheck disable=SC1091
    . "$dir/env"
    redis-cli -p "$CONGRESSHUB_TEST_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/mail/smtp.pid" ]; then
    kill "$(cat "$dir/mail/smtp.pid")" 2>/dev/null || true
  fi
  if [ -f "$dir/pg/data/postmaster.pid" ]; then
    as_postgres "$pgbin/pg_ctl" -D "$dir/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: scripts/services.sh start|stop DIR" >&2
  exit 2
  ;;
esac
