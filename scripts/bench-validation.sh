#!/usr/bin/env bash
# Runs the data validation benchmark (bench/Feedback.Bench.Validation): statistics and drift over a synthetic
# columnar data set (default 1,000,000 rows x 50 features), against a naive single-pass baseline timed in the
# same run. Prints a markdown table. No database needed.
# Usage: ./scripts/bench-validation.sh [--rows 1000000] [--features 50] [--repeat 5]
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
dotnet build bench/Feedback.Bench.Validation -c Release -warnaserror -nologo -v quiet
# --no-build: built just above.
dotnet run --project bench/Feedback.Bench.Validation -c Release --no-build -- "$@"
