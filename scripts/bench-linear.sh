#!/usr/bin/env bash
# Runs the linear benchmark (bench/Feedback.Bench.Linear): scikit-learn's LogisticRegression(solver="lbfgs") and ours on
# the same train/test matrices (breast cancer, wine, digits, synthetic numeric and text sets, 1,000,000 × 50), then the
# warm-start check. On a fresh Debian machine it installs Debian's python3-sklearn with apt-get, like scripts/test.sh
# installs PostgreSQL. Usage: ./scripts/bench-linear.sh [--quick]   (--quick: small synthetic sets, for a smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh # for as_root

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
# Debian's scikit-learn lives in the system interpreter; a pyenv python3 on PATH would not see it.
PYTHON=/usr/bin/python3
if ! "$PYTHON" -c 'import sklearn' 2>/dev/null; then
  echo "scikit-learn is not installed; installing python3-sklearn with apt-get..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn >/dev/null
  "$PYTHON" -c 'import sklearn' || { echo "error: python3-sklearn installation failed" >&2; exit 1; }
fi

data=$(mktemp -d /tmp/feedback-bench-linear.XXXXXX)
trap 'rm -rf "$data"' EXIT
echo "Building data sets and fitting scikit-learn $("$PYTHON" -c 'import sklearn; print(sklearn.__version__)') (into $data)..." >&2
"$PYTHON" bench/Feedback.Bench.Linear/sklearn_reference.py "$data" "$@"

dotnet build bench/Feedback.Bench.Linear -c Release -warnaserror -nologo -v quiet
# --no-build: built just above.
dotnet run --project bench/Feedback.Bench.Linear -c Release --no-build -- --data "$data"
