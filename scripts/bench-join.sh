#!/usr/bin/env bash
# Runs the label join benchmark (bench/Feedback.Bench.Join) on a throwaway PostgreSQL cluster with PostgreSQL's
# default, durable settings: LabelJoiner.JoinAsync over 1M predictions and 1M feedback events against one plain
# INSERT … SELECT join in the same run, then an incremental run after 10,000 new events.
# Usage: ./scripts/bench-join.sh [--rows N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
unset FEEDBACK_PG_EXTRA_OPTS
start_throwaway_postgres

dotnet build bench/Feedback.Bench.Join -c Release -warnaserror -nologo -v quiet
dotnet run --project bench/Feedback.Bench.Join -c Release --no-build -- "$@"
