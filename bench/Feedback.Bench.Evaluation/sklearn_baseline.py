"""scikit-learn baseline for the evaluation benchmark.

Reads the benchmark's data (raw little-endian float64 files), computes the overall AUC, log loss and confusion
matrix at 0.5 (positive when score > 0.5, as Feedback does), times itself, and prints one JSON object.
Usage: /usr/bin/python3 sklearn_baseline.py LABELS.f64 SCORES.f64
"""
import json
import resource
import sys
import time

import numpy as np
from sklearn import metrics


def main():
    y = np.fromfile(sys.argv[1], dtype="<f8").astype(np.int64)
    p = np.fromfile(sys.argv[2], dtype="<f8")
    runs = []
    for _ in range(3):  # best of three, like the .NET side
        start = time.perf_counter()
        auc = metrics.roc_auc_score(y, p)
        loss = metrics.log_loss(y, p, eps=1e-15)
        tn, fp, fn, tp = metrics.confusion_matrix(y, (p > 0.5).astype(np.int64), labels=[0, 1]).ravel()
        runs.append(time.perf_counter() - start)
    print(json.dumps({
        "seconds": min(runs),
        "auc": auc,
        "logLoss": loss,
        "confusion": [int(tp), int(fp), int(tn), int(fn)],
        "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }))


if __name__ == "__main__":
    main()
