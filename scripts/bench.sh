#!/usr/bin/env bash
# Runs the ingestion benchmark (bench/Feedback.Bench.Ingestion) against SQLite and a throwaway PostgreSQL cluster.
# On a fresh Debian machine it installs what is missing (PostgreSQL via apt), like scripts/test.sh.
# Unlike the test script, the cluster keeps PostgreSQL's default, durable settings (fsync, synchronous_commit and
# full_page_writes on): the numbers must be the ones a production server would give.
# Usage: ./scripts/bench.sh [--only sqlite|postgres] [--duration 6] [--clients 8] [--batch 500] [--rate 500]
#                           [--breakdown] ...   (--help lists every option)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
unset FEEDBACK_PG_EXTRA_OPTS
start_throwaway_postgres

dotnet build bench/Feedback.Bench.Ingestion -c Release -warnaserror -nologo -v quiet
dotnet run --project bench/Feedback.Bench.Ingestion -c Release --no-build -- "$@"
