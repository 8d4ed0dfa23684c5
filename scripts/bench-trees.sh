#!/usr/bin/env bash
# Runs the tree benchmark (bench/Feedback.Bench.Trees): our gradient-boosted trees against scikit-learn's
# HistGradientBoosting on identical train/test splits, plus the warm-start check. Needs Debian's python3-sklearn
# for /usr/bin/python3 (installed with apt-get when missing). Takes about 10 minutes on 2 cores.
# Usage: ./scripts/bench-trees.sh [--only name,name] [--rounds 100] [--skip-large]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh # for as_root

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
# /usr/bin/python3 explicitly: a pyenv python3 earlier on PATH would not see Debian's sklearn.
if ! /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  echo "scikit-learn is not importable by /usr/bin/python3; installing python3-sklearn with apt-get..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn >/dev/null
  /usr/bin/python3 -c 'import sklearn' || { echo "error: python3-sklearn installation failed" >&2; exit 1; }
fi

dotnet build bench/Feedback.Bench.Trees -c Release -warnaserror -nologo -v quiet
# --no-build: built just above.
dotnet run --project bench/Feedback.Bench.Trees -c Release --no-build -- --python /usr/bin/python3 "$@"
