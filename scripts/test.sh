#!/usr/bin/env bash
# Runs every test against SQLite and PostgreSQL. On a fresh Debian machine it installs what is
# missing (PostgreSQL and Chromium via apt) and starts a throwaway PostgreSQL cluster on loopback.
# Usage: ./scripts/test.sh [extra dotnet test arguments, e.g. --filter Name~Feedback]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
# The browser tests drive Debian's Chromium through Playwright (Playwright's own browser download needs network).
if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium is not installed; installing Debian's chromium with apt-get..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] || { echo "error: installing chromium failed" >&2; exit 1; }
fi

# ML.NET's LightGBM trainer loads a native library that links against OpenMP (Debian's libgomp1).
if ! ldconfig -p | grep -q 'libgomp\.so\.1'; then
  echo "libgomp1 is not installed; installing it with apt-get (ML.NET's LightGBM needs it)..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgomp1 >/dev/null
fi

# Durability is irrelevant for a throwaway test cluster; turning it off keeps the suite fast.
FEEDBACK_PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" start_throwaway_postgres

dotnet build Feedback.sln -c Release -warnaserror
dotnet test Feedback.sln -c Release --no-build --logger "console;verbosity=normal" --results-directory TestResults "$@"
# README's tour, run as written against a fresh server (skipped when a --filter narrows the run).
if [[ " $* " != *" --filter "* ]]; then ./scripts/tour-test.sh; fi
