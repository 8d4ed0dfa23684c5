#!/usr/bin/env bash
# Runs the evaluation benchmark (bench/Feedback.Bench.Evaluation): a sliced TFMA-style evaluation of 1M binary
# predictions (3 slicing features ≈ 60 slices, 3 fairness thresholds, 20 bootstrap samples) next to scikit-learn
# computing the overall AUC, log loss and confusion matrix on the same data in the same run. Prints a Markdown table
# with PASS/FAIL and exits non-zero on a FAIL.
# scikit-learn comes from Debian's python3-sklearn for /usr/bin/python3; it is installed with apt-get when missing.
# Usage: ./scripts/bench-evaluation.sh [--rows 1000000] [--samples 20] [--repeat 3] [--no-python]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=/usr/bin/python3

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root and sudo is not available" >&2; return 1; fi
}

ensure_sklearn() {
  if "$PYTHON" -c 'import sklearn, numpy' >/dev/null 2>&1; then return 0; fi
  echo "scikit-learn is not importable by $PYTHON; installing Debian's python3-sklearn with apt-get..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn >/dev/null
  "$PYTHON" -c 'import sklearn, numpy' || { echo "error: scikit-learn installation failed" >&2; return 1; }
}

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
case " $* " in
  *" --no-python "*) ;;
  *) ensure_sklearn ;;
esac

dotnet build bench/Feedback.Bench.Evaluation -c Release -warnaserror -nologo -v quiet
# --no-build: built just above.
dotnet run --project bench/Feedback.Bench.Evaluation -c Release --no-build -- --python "$PYTHON" "$@"
