#!/usr/bin/env bash
# The ML core against scikit-learn, in one command: logistic regression (bench-linear.sh) then gradient-boosted
# trees (bench-trees.sh). Each prints its Markdown table with PASS/FAIL per row and the warm-start line.
# Usage: ./scripts/bench-ml.sh            (about 15 minutes on 2 cores; the 1M-row sets dominate)
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
./scripts/bench-linear.sh || status=$?
./scripts/bench-trees.sh || status=$?
exit "$status"
