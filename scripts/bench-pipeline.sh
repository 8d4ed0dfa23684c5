#!/usr/bin/env bash
# Runs the full-pipeline benchmark (bench/Feedback.Bench.Pipeline): 100,000 labeled predictions loaded through the bulk
# write path, the label join, one pipeline run executed in-process (no job server), 10,000 more labeled
# examples and a second, warm-started run; per-step times against the same ML work on in-memory tables.
# PostgreSQL runs on a throwaway cluster with PostgreSQL's default, durable settings; --sqlite uses a temporary file.
# Usage: ./scripts/bench-pipeline.sh [--rows N] [--sqlite]
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
if [[ " $* " != *" --sqlite "* ]]; then
  source scripts/lib/postgres.sh
  unset FEEDBACK_PG_EXTRA_OPTS
  start_throwaway_postgres
fi

dotnet build bench/Feedback.Bench.Pipeline -c Release -warnaserror -nologo -v quiet
dotnet run --project bench/Feedback.Bench.Pipeline -c Release --no-build -- "$@"
