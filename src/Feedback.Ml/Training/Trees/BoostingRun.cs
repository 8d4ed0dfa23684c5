using Feedback.Ml.Data;

namespace Feedback.Ml.Training.Trees;

/// <summary>One training run: splits off validation rows, bins the data, then boosts round by round. Holds all the
/// per-run buffers (raw scores, gradients, row buffer), so the trainer itself stays stateless and reusable.</summary>
internal sealed class BoostingRun
{
    private readonly GradientBoostedTreesOptions _options;
    private readonly TrainingSet _data;
    private readonly TreeEnsemblePredictor? _parent;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly ParallelOptions _parallel;
    private readonly BoostingObjective _objective;
    private readonly Random _random;

    public BoostingRun(GradientBoostedTreesOptions options, TrainingSet data, TreeEnsemblePredictor? parent, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        _options = options;
        _data = data;
        _parent = parent;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1,
        };
        _objective = BoostingObjective.For(data.Task, data.ClassCount);
        _random = new Random(options.Seed);
    }

    public TreeEnsemblePredictor Run()
    {
        var matrix = _data.Features;
        BinnedMatrix.Validate(matrix);
        var (trainRows, validationRows) = SplitRows(matrix.RowCount);
        var trainWeight = TotalWeight(trainRows);
        var validationWeight = TotalWeight(validationRows);
        if (trainWeight <= 0 || (_options.EarlyStopping && validationWeight <= 0))
        {
            throw new ArgumentException($"The weights of the {(trainWeight <= 0 ? "training" : "validation")} rows are all zero.", "data");
        }

        _cancellationToken.ThrowIfCancellationRequested();
        var bins = BinnedMatrix.Build(matrix, BinEdges.Fit(matrix, trainRows, _options.MaxBins, _options.Seed, _parallel), _parallel);
        var perRound = _objective.TreesPerRound;
        var baseScores = _parent?.BaseScores ?? _objective.BaseScores(_data.Labels, _data.Weights, trainRows);
        var raw = InitialRawScores(matrix, baseScores);

        var gradients = new float[perRound][];
        var hessians = new float[perRound][];
        for (var k = 0; k < perRound; k++)
        {
            gradients[k] = new float[matrix.RowCount];
            hessians[k] = new float[matrix.RowCount];
        }

        var grower = new TreeGrower(bins, trainRows.Length, _options, _parallel);
        var rowBuffer = new int[trainRows.Length];
        var trees = new List<DecisionTree>(_options.Rounds * perRound);
        var earlyStopping = _options.EarlyStopping ? new EarlyStoppingState(ValidationLoss(raw, validationRows, validationWeight)) : null;
        double? lastValidation = null;
        var round = 0;
        while (round < _options.Rounds)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var labels = _data.Labels;
            var weights = _data.Weights;
            var trainLoss = FixedChunks.Sum(trainRows.Length, _parallel,
                (start, end) => _objective.Gradients(raw, labels, weights, trainRows, start, end, gradients, hessians)) / trainWeight;
            if (round > 0)
            {
                // The gradient pass also yields the loss of the previous round's model: report it now rather than pay for a second pass.
                _progress?.Report(new TrainingProgress(round, trainLoss, lastValidation));
            }

            round++;
            var sample = SampleRows(trainRows);
            var features = SampleFeatures(matrix.ColumnCount);
            for (var k = 0; k < perRound; k++)
            {
                sample.CopyTo(rowBuffer, 0);
                var grown = grower.Grow(rowBuffer, sample.Length, features, gradients[k], hessians[k], _cancellationToken);
                if (sample.Length == trainRows.Length)
                {
                    AddLeafValues(grown, rowBuffer, raw, perRound, k);
                }
                else
                {
                    AddBinnedScores(grown, bins, trainRows, raw, perRound, k);
                }

                AddBinnedScores(grown, bins, validationRows, raw, perRound, k);
                trees.Add(grown.Tree);
            }

            if (earlyStopping is not null)
            {
                lastValidation = ValidationLoss(raw, validationRows, validationWeight)!.Value;
                if (earlyStopping.ShouldStop(round, lastValidation ?? double.PositiveInfinity, _options.EarlyStoppingTolerance, _options.EarlyStoppingRounds))
                {
                    break;
                }
            }
        }

        if (round > 0)
        {
            var finalLoss = FixedChunks.Sum(trainRows.Length, _parallel,
                (start, end) => _objective.Loss(raw, _data.Labels, _data.Weights, trainRows, start, end)) / trainWeight;
            _progress?.Report(new TrainingProgress(round, finalLoss, lastValidation));
        }

        if (earlyStopping is not null)
        {
            // Keep the rounds up to the best validation loss, like LightGBM's best iteration.
            trees.RemoveRange(earlyStopping.BestRound * perRound, trees.Count - earlyStopping.BestRound * perRound);
        }

        DecisionTree[] all = [.. _parent?.Trees ?? [], .. trees];
        return new TreeEnsemblePredictor(_data.Task, _data.ClassCount, [.. matrix.ColumnNames], baseScores, all);
    }

    private double[] InitialRawScores(FeatureMatrix matrix, double[] baseScores)
    {
        var perRound = baseScores.Length;
        var raw = new double[matrix.RowCount * perRound];
        if (_parent is null)
        {
            for (var row = 0; row < matrix.RowCount; row++)
            {
                baseScores.CopyTo(raw, row * perRound);
            }

            return raw;
        }

        // Warm start: the parent's own raw scores on the new rows are the starting point of the new rounds.
        var parent = _parent;
        FixedChunks.For(matrix.RowCount, _parallel, (start, end) =>
        {
            for (var row = start; row < end; row++)
            {
                parent.RawScores(matrix.RowIndices(row), matrix.RowValues(row), raw.AsSpan(row * perRound, perRound));
            }
        });
        return raw;
    }

    /// <summary>Training and validation rows (each ascending); all rows train unless early stopping holds some out.</summary>
    private (int[] Train, int[] Validation) SplitRows(int rowCount)
    {
        if (!_options.EarlyStopping)
        {
            return (Enumerable.Range(0, rowCount).ToArray(), []);
        }

        var validationCount = (int)Math.Round(rowCount * _options.ValidationFraction);
        if (validationCount < 1 || rowCount - validationCount < 2 * _options.MinExamplesPerLeaf)
        {
            throw new ArgumentException(
                $"Early stopping needs a validation split and at least {2 * _options.MinExamplesPerLeaf} training rows; {rowCount} rows with ValidationFraction {_options.ValidationFraction} are too few.");
        }

        var permutation = Enumerable.Range(0, rowCount).ToArray();
        _random.Shuffle(permutation);
        var validation = permutation[..validationCount];
        var train = permutation[validationCount..];
        Array.Sort(validation);
        Array.Sort(train);
        return (train, validation);
    }

    /// <summary>The rows of this round: all of them, or a seeded Bernoulli sample (already ascending).</summary>
    private int[] SampleRows(int[] trainRows)
    {
        if (_options.RowSubsample >= 1)
        {
            return trainRows;
        }

        var sample = new List<int>((int)(trainRows.Length * _options.RowSubsample) + 16);
        foreach (var row in trainRows)
        {
            if (_random.NextDouble() < _options.RowSubsample)
            {
                sample.Add(row);
            }
        }

        return sample.Count > 0 ? [.. sample] : [trainRows[_random.Next(trainRows.Length)]];
    }

    /// <summary>The columns this round's trees may split on (ascending).</summary>
    private int[] SampleFeatures(int columnCount)
    {
        var all = Enumerable.Range(0, columnCount).ToArray();
        if (_options.FeatureSubsample >= 1)
        {
            return all;
        }

        var count = Math.Max(1, (int)Math.Round(columnCount * _options.FeatureSubsample));
        _random.Shuffle(all);
        var chosen = all[..count];
        Array.Sort(chosen);
        return chosen;
    }

    private double TotalWeight(int[] rows)
    {
        if (_data.Weights is null)
        {
            return rows.Length;
        }

        var total = 0.0;
        foreach (var row in rows)
        {
            total += _data.Weights[row];
        }

        return total;
    }

    private double? ValidationLoss(double[] raw, int[] rows, double totalWeight) =>
        rows.Length == 0 || totalWeight <= 0 ? null
            : FixedChunks.Sum(rows.Length, _parallel, (start, end) => _objective.Loss(raw, _data.Labels, _data.Weights, rows, start, end)) / totalWeight;

    /// <summary>Adds each leaf's value to the rows it holds: no traversal needed for the rows the tree was grown on.</summary>
    private void AddLeafValues(GrownTree grown, int[] rowBuffer, double[] raw, int perRound, int k)
    {
        // Leaves hold disjoint rows, so they can be updated in parallel without changing any result.
        var values = grown.Tree.LeafValues;
        Parallel.For(0, values.Length, _parallel, leaf =>
        {
            var value = values[leaf];
            for (int i = grown.LeafStart[leaf], end = i + grown.LeafCount[leaf]; i < end; i++)
            {
                raw[rowBuffer[i] * perRound + k] += value;
            }
        });
    }

    /// <summary>Adds the tree's output for <paramref name="rows"/> by walking it on bins (the same test as the real thresholds).</summary>
    private void AddBinnedScores(GrownTree grown, BinnedMatrix bins, int[] rows, double[] raw, int perRound, int k)
    {
        var tree = grown.Tree;
        var columns = bins.Columns;
        FixedChunks.For(rows.Length, _parallel, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var row = rows[i];
                var node = tree.InternalCount == 0 ? ~0 : 0;
                while (node >= 0)
                {
                    node = columns[tree.Feature[node]][row] <= grown.SplitBins[node] ? tree.Left[node] : tree.Right[node];
                }

                raw[row * perRound + k] += tree.LeafValues[~node];
            }
        });
    }

    /// <summary>Best validation loss so far and the round that reached it (0: the starting model).</summary>
    private sealed class EarlyStoppingState(double? initialLoss)
    {
        private double _bestLoss = initialLoss ?? double.PositiveInfinity;

        public int BestRound { get; private set; }

        public bool ShouldStop(int round, double loss, double tolerance, int patience)
        {
            if (loss < _bestLoss - tolerance)
            {
                _bestLoss = loss;
                BestRound = round;
            }

            return round - BestRound >= patience;
        }
    }
}
