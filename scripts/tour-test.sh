#!/usr/bin/env bash
# Runs README's "A 5-minute tour" as written, against a fresh server, so the tour cannot rot.
# It starts the built server (Release output; scripts/test.sh builds it) on a free loopback port with a fresh SQLite
# database, reads the first admin key from the server's console as a newcomer would, and runs every bash block of
# the tour in order. The only changes to the text: the key and URL are the real ones, the `feedback` alias runs the
# built CLI instead of `dotnet run`, curl fails on an HTTP error status, and before step 9 it waits for the approved
# version to be pushed (a person typing is slower than the Pusher; a script is not).
# Usage: ./scripts/tour-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/lib/postgres.sh   # for free_port

web_dll=web/Feedback.Web/bin/Release/net10.0/Feedback.Web.dll
cli_dll=src/Feedback.Cli/bin/Release/net10.0/feedback.dll
if [ ! -f "$web_dll" ] || [ ! -f "$cli_dll" ]; then
  dotnet build web/Feedback.Web -c Release -v q >/dev/null
  dotnet build src/Feedback.Cli -c Release -v q >/dev/null
fi

work=$(mktemp -d /tmp/feedback-tour.XXXXXX)
port=$(free_port)
url="http://127.0.0.1:$port"
# A fresh user data folder: the server and the CLI both keep their default database there, as on a newcomer's machine.
export XDG_DATA_HOME="$work/xdg-data"
server_pid=""
created_model_yaml=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$created_model_yaml" ] && rm -f "$root/model.yaml"
  rm -rf "$work"
}
trap cleanup EXIT

(cd web/Feedback.Web && Urls="$url" exec dotnet "$root/$web_dll" >"$work/server.log" 2>&1) &
server_pid=$!
started=""
for _ in $(seq 1 600); do   # up to 5 minutes: a loaded CI machine starts slowly
  if grep -q "First admin API key" "$work/server.log" 2>/dev/null && curl -sf "$url/healthz" >/dev/null; then started=1; break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "tour: the server exited" >&2; exit 1; }
  sleep 0.5
done
[ -n "$started" ] || { cat "$work/server.log" >&2; echo "tour: the server did not print its first admin key and answer /healthz" >&2; exit 1; }
key=$(grep -A1 "First admin API key" "$work/server.log" | tail -1 | tr -d '[:space:]' || true)
[[ "$key" == fbk_* ]] || { cat "$work/server.log" >&2; echo "tour: no admin key on the console" >&2; exit 1; }

# The tour's bash blocks: from its heading to the next level-2 heading.
awk '/^## A 5-minute tour/{on=1; next} /^## /{on=0} on' README.md |
  awk '/^```bash$/{inblock=1; next} /^```$/{inblock=0; next} inblock' >"$work/tour.sh"
grep -q "^# 9\." "$work/tour.sh" || { echo "tour: README's tour has no step 9 (serve)" >&2; exit 1; }
[ -e model.yaml ] || created_model_yaml=1

{
  echo 'set -euo pipefail'
  echo 'shopt -s expand_aliases'
  echo 'curl() { command curl --fail-with-body "$@"; echo; }'
  echo "wait_for_production() { for _ in \$(seq 1 120); do command curl -sf -H \"\$AUTH\" \"\$API/models/\$1/aliases\" | grep -q '\"production\"' && return 0; sleep 0.5; done; echo \"tour: \$1 has no production version\" >&2; return 1; }"
  sed -e "s|^KEY=fbk_\.\.\.;|KEY=$key;|" \
      -e "s|http://localhost:5080|$url|g" \
      -e "s|^alias feedback=.*|alias feedback='dotnet $root/$cli_dll'|" \
      -e 's|^# 9\.|wait_for_production churn\n# 9.|' "$work/tour.sh"
} >"$work/run.sh"
grep -q "^KEY=$key;" "$work/run.sh" || { echo "tour: the tour no longer starts with KEY=fbk_...;" >&2; exit 1; }

echo "tour: running $(grep -c . "$work/tour.sh") lines of README's tour against $url" >&2
if ! timeout 900 bash "$work/run.sh" >"$work/tour.log" 2>&1; then
  cat "$work/tour.log" >&2
  echo "--- server log (tail) ---" >&2; tail -40 "$work/server.log" >&2
  echo "tour: FAILED" >&2
  exit 1
fi
grep -q '"version"' "$work/tour.log" || { cat "$work/tour.log" >&2; echo "tour: :predict did not answer with a version" >&2; exit 1; }
tail -5 "$work/tour.log"
echo "tour: passed" >&2
