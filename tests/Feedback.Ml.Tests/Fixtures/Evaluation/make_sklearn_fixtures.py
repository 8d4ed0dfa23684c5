#!/usr/bin/python3
"""Writes sklearn_metrics.json: small data sets and scikit-learn's metrics on them.

The Evaluation tests compare Feedback.Ml.Evaluation with these values. Run with Debian's interpreter, which has
scikit-learn (the pyenv python3 on PATH does not):  /usr/bin/python3 make_sklearn_fixtures.py
Data come from a seeded NumPy generator, so re-running gives the same file for the same library versions.
"""
import json
import os

import numpy as np
import sklearn
from sklearn import metrics as m

EPS = 1e-15  # our log-loss clipping; passed explicitly because sklearn 1.2's default eps is "auto"
rng = np.random.default_rng(20240601)


def binary_case(name, n, weighted, tie_step):
    latent = rng.normal(size=n)
    y = (latent + rng.normal(scale=1.2, size=n) > 0).astype(int)
    p = 1 / (1 + np.exp(-latent))
    if tie_step:
        # Coarse scores give many ties, including scores exactly on the thresholds 0.25, 0.5 and 0.75.
        p = np.round(p / tie_step) * tie_step
    p = np.clip(p, 0.02, 0.98)
    w = np.round(rng.uniform(0.25, 3.0, size=n), 2) if weighted else None
    out = {"labels": y.tolist(), "predictions": p.tolist(), "weights": None if w is None else w.tolist()}
    out["rocAuc"] = m.roc_auc_score(y, p, sample_weight=w)
    out["averagePrecision"] = m.average_precision_score(y, p, sample_weight=w)
    out["logLoss"] = m.log_loss(y, p, eps=EPS, sample_weight=w)
    out["brier"] = m.brier_score_loss(y, p, sample_weight=w)
    matrices = {}
    for t in (0.25, 0.5, 0.75):
        pred = (p > t).astype(int)  # TFMA's rule: positive when score > threshold
        tn, fp, fn, tp = m.confusion_matrix(y, pred, labels=[0, 1], sample_weight=w).ravel()
        matrices[str(t)] = {"tp": tp, "fp": fp, "tn": tn, "fn": fn}
    pred = (p > 0.5).astype(int)
    out["confusion"] = {k: {kk: float(vv) for kk, vv in v.items()} for k, v in matrices.items()}
    out["accuracy"] = m.accuracy_score(y, pred, sample_weight=w)
    out["precision"] = m.precision_score(y, pred, sample_weight=w, zero_division=0)
    out["recall"] = m.recall_score(y, pred, sample_weight=w, zero_division=0)
    out["f1"] = m.f1_score(y, pred, sample_weight=w, zero_division=0)
    return name, out


def multiclass_case(name, n, k, weighted):
    logits = rng.normal(size=(n, k))
    y = np.array([rng.choice(k, p=np.exp(r) / np.exp(r).sum()) for r in logits * 1.5])
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    w = np.round(rng.uniform(0.5, 2.0, size=n), 2) if weighted else None
    pred = proba.argmax(axis=1)
    labels = list(range(k))
    return name, {
        "classCount": k,
        "labels": y.tolist(),
        "probabilities": proba.ravel().tolist(),
        "weights": None if w is None else w.tolist(),
        "accuracy": m.accuracy_score(y, pred, sample_weight=w),
        "macroF1": m.f1_score(y, pred, average="macro", sample_weight=w, zero_division=0),
        "microF1": m.f1_score(y, pred, average="micro", sample_weight=w, zero_division=0),
        "precision": m.precision_score(y, pred, labels=labels, average=None, sample_weight=w, zero_division=0).tolist(),
        "recall": m.recall_score(y, pred, labels=labels, average=None, sample_weight=w, zero_division=0).tolist(),
        "logLoss": m.log_loss(y, proba, eps=EPS, sample_weight=w, labels=labels),
        "confusionMatrix": m.confusion_matrix(y, pred, labels=labels, sample_weight=w).astype(float).tolist(),
    }


def regression_case(name, n, weighted):
    y = rng.normal(loc=10, scale=3, size=n)
    y[np.abs(y) < 0.5] = 1.0  # no zero labels: sklearn's MAPE divides by max(|y|, eps)
    pred = y + rng.normal(scale=1.5, size=n)
    w = np.round(rng.uniform(0.5, 2.0, size=n), 2) if weighted else None
    return name, {
        "labels": y.tolist(),
        "predictions": pred.tolist(),
        "weights": None if w is None else w.tolist(),
        "meanAbsoluteError": m.mean_absolute_error(y, pred, sample_weight=w),
        "rootMeanSquaredError": float(np.sqrt(m.mean_squared_error(y, pred, sample_weight=w))),
        "r2": m.r2_score(y, pred, sample_weight=w),
        "meanAbsolutePercentageError": m.mean_absolute_percentage_error(y, pred, sample_weight=w),
    }


def main():
    cases = dict([
        binary_case("binaryTiesWeighted", 300, True, 0.05),
        binary_case("binaryContinuous", 500, False, None),
        binary_case("binaryTiesUnweighted", 200, False, 0.1),
    ])
    multiclass = dict([multiclass_case("multiclassWeighted", 300, 4, True), multiclass_case("multiclassUnweighted", 250, 3, False)])
    regression = dict([regression_case("regressionWeighted", 300, True), regression_case("regressionUnweighted", 200, False)])
    doc = {
        "generator": "make_sklearn_fixtures.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "binary": cases,
        "multiclass": multiclass,
        "regression": regression,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn_metrics.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, default=float, indent=1)
        f.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
