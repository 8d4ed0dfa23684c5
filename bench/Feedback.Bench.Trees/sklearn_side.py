"""scikit-learn side of the tree benchmark (bench/Feedback.Bench.Trees).

For one dataset: builds or loads it, splits it into train/test, writes the exact matrices for the .NET side, fits
scikit-learn's HistGradientBoosting estimator at the benchmark's settings and prints one JSON line with its fit time
and test metric. Only the fit is timed.

Binary file layout (little-endian): int32 n_train, n_test, n_features, task (0 binary, 1 multiclass, 2 regression),
class_count; then X_train float32 row-major, y_train float64, X_test float32, y_test float64.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
from sklearn import datasets
from sklearn.model_selection import train_test_split

TASKS = {"binary": 0, "multiclass": 1, "regression": 2}


def known_structure_binary(rows, seed):
    # An interaction (XOR of two signs), a threshold rule and a linear term; the rest is noise.
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 20)).astype(np.float32)
    logit = 2.5 * np.sign(x[:, 0] * x[:, 1]) + 2.0 * (x[:, 2] > 0.5) + 1.0 * x[:, 3] - 1.0
    y = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(np.float64)
    return x, y, "binary"


def load(name):
    if name == "synthetic-binary":
        return known_structure_binary(100_000, 1)
    if name == "warm-binary":
        return known_structure_binary(275_000, 2)
    if name == "synthetic-multiclass":
        x, y = datasets.make_classification(n_samples=60_000, n_features=20, n_informative=10, n_redundant=4,
                                            n_classes=5, n_clusters_per_class=2, random_state=3)
        return x.astype(np.float32), y.astype(np.float64), "multiclass"
    if name == "synthetic-regression":
        x, y = datasets.make_friedman1(n_samples=100_000, n_features=10, noise=1.0, random_state=4)
        return x.astype(np.float32), y.astype(np.float64), "regression"
    if name == "large-binary-1M":
        x, y = datasets.make_classification(n_samples=1_100_000, n_features=50, n_informative=20, n_redundant=10,
                                            flip_y=0.05, random_state=5)
        return x.astype(np.float32), y.astype(np.float64), "binary"
    if name == "breast-cancer":
        d = datasets.load_breast_cancer()
        return d.data.astype(np.float32), d.target.astype(np.float64), "binary"
    if name == "wine":
        d = datasets.load_wine()
        return d.data.astype(np.float32), d.target.astype(np.float64), "multiclass"
    if name == "digits":
        d = datasets.load_digits()
        return d.data.astype(np.float32), d.target.astype(np.float64), "multiclass"
    if name == "diabetes":
        d = datasets.load_diabetes()
        return d.data.astype(np.float32), d.target.astype(np.float64), "regression"
    raise SystemExit(f"unknown dataset {name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--max-leaves", type=int, default=31)
    parser.add_argument("--min-leaf", type=int, default=20)
    parser.add_argument("--l2", type=float, default=0.0)
    parser.add_argument("--repeat", type=int, default=1, help="fits to time; the fastest is reported")
    parser.add_argument("--no-fit", action="store_true", help="only export the data")
    args = parser.parse_args()

    x, y, task = load(args.dataset)
    test_size = 100_000 if x.shape[0] > 1_000_000 else (25_000 if args.dataset == "warm-binary" else 0.2)
    stratify = y if task != "regression" else None
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=test_size, random_state=0, stratify=stratify)
    x_train = np.ascontiguousarray(x_train, dtype=np.float32)
    x_test = np.ascontiguousarray(x_test, dtype=np.float32)
    classes = int(y.max()) + 1 if task == "multiclass" else (2 if task == "binary" else 1)

    path = os.path.join(args.out, args.dataset + ".bin")
    with open(path, "wb") as f:
        np.array([x_train.shape[0], x_test.shape[0], x.shape[1], TASKS[task], classes], dtype="<i4").tofile(f)
        x_train.astype("<f4").tofile(f)
        y_train.astype("<f8").tofile(f)
        x_test.astype("<f4").tofile(f)
        y_test.astype("<f8").tofile(f)

    result = {"dataset": args.dataset, "path": path}
    if not args.no_fit:
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        from sklearn.metrics import accuracy_score, mean_squared_error, roc_auc_score

        settings = dict(max_iter=args.rounds, learning_rate=args.learning_rate, max_leaf_nodes=args.max_leaves,
                        min_samples_leaf=args.min_leaf, l2_regularization=args.l2, max_bins=255,
                        early_stopping=False, random_state=0)
        model = (HistGradientBoostingRegressor if task == "regression" else HistGradientBoostingClassifier)(**settings)
        # The machine is shared and OpenMP threads suffer badly from oversubscription: report the fastest of the
        # repeated fits (the .NET side does the same), which is the least noisy estimate of each side's own speed.
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            model.fit(x_train, y_train)
            times.append(time.perf_counter() - start)
        result["fit_seconds"] = min(times)
        if task == "binary":
            result["metric"] = float(roc_auc_score(y_test, model.predict_proba(x_test)[:, 1]))
        elif task == "multiclass":
            result["metric"] = float(accuracy_score(y_test, model.predict(x_test)))
        else:
            result["metric"] = float(np.sqrt(mean_squared_error(y_test, model.predict(x_test))))
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
