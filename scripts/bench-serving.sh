#!/usr/bin/env bash
# Runs the serving benchmark (bench/Feedback.Bench.Serving): single-row :predict at fixed open-loop rates over real
# HTTP, against a bare minimal-API endpoint committing one row per request to the same database, on a throwaway
# PostgreSQL with its default, durable settings (fsync, synchronous_commit and full_page_writes on), as
# scripts/bench.sh does, and on SQLite (WAL).
# Usage: ./scripts/bench-serving.sh [--rates 500,1000] [--db both|postgres|sqlite] [--duration 20] [--warmup 3] [--rounds 2]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
unset FEEDBACK_PG_EXTRA_OPTS
start_throwaway_postgres

dotnet build bench/Feedback.Bench.Serving -c Release -warnaserror -nologo -v quiet
dotnet run --project bench/Feedback.Bench.Serving -c Release --no-build -- "$@"
