#!/usr/bin/env bash
# Runs the client benchmark (bench/Feedback.Bench.Client): feedback through Feedback.Client's background buffer
# against raw HTTP batches of the same size, on a throwaway PostgreSQL with durable settings.
# Usage: ./scripts/bench-client.sh [events, default 50000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
unset FEEDBACK_PG_EXTRA_OPTS
start_throwaway_postgres

dotnet build bench/Feedback.Bench.Client -c Release -warnaserror -nologo -v quiet
dotnet run --project bench/Feedback.Bench.Client -c Release --no-build -- "$@"
