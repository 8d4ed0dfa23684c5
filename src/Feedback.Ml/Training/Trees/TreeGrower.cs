namespace Feedback.Ml.Training.Trees;

/// <summary>A tree fresh from growth: the serving tree, each split's bin (for scoring binned rows during training) and
/// each leaf's segment of the row buffer (for updating the training rows' scores without traversing the tree).</summary>
internal sealed record GrownTree(DecisionTree Tree, int[] SplitBins, int[] LeafStart, int[] LeafCount);

/// <summary>Grows one regression tree leaf-wise (best gain first, like LightGBM and sklearn's HistGradientBoosting) on
/// binned rows. A node owns a contiguous segment of the row buffer; a split partitions the segment stably, so rows stay
/// ascending and the histogram loops read each bin column forwards.</summary>
internal sealed class TreeGrower
{
    private readonly BinnedMatrix _bins;
    private readonly HistogramBuilder _histograms;
    private readonly SplitFinder _splits;
    private readonly ParallelOptions _parallel;
    private readonly Stack<HistogramBin[]> _pool = new();
    private readonly int[] _scratch;
    private readonly int _maxLeaves;
    private readonly int _maxDepth;
    private readonly int _minCount;
    private readonly double _lambda;
    private readonly double _learningRate;

    public TreeGrower(BinnedMatrix bins, int rowCount, GradientBoostedTreesOptions options, ParallelOptions parallel)
    {
        _bins = bins;
        _parallel = parallel;
        _histograms = new HistogramBuilder(bins, rowCount, parallel);
        _splits = new SplitFinder(bins.HistogramOffsets, options.L2Regularization, options.MinExamplesPerLeaf);
        _scratch = new int[rowCount];
        _maxLeaves = options.MaxLeaves;
        _maxDepth = options.MaxDepth ?? int.MaxValue;
        _minCount = options.MinExamplesPerLeaf;
        _lambda = options.L2Regularization;
        _learningRate = options.LearningRate;
    }

    /// <summary>Grows a tree on <paramref name="rows"/>[0..rowCount) (ascending; reordered in place) using
    /// <paramref name="features"/> (ascending).</summary>
    public GrownTree Grow(int[] rows, int rowCount, int[] features, float[] gradients, float[] hessians, CancellationToken cancellationToken)
    {
        // Fixed-range partial sums added in order: the same bits on any core count.
        var rootGradient = FixedChunks.Sum(rowCount, _parallel, (from, to) => SumOver(gradients, rows, from, to));
        var rootHessian = FixedChunks.Sum(rowCount, _parallel, (from, to) => SumOver(hessians, rows, from, to));

        var build = new TreeUnderConstruction();
        var queue = new PriorityQueue<Node, (double NegativeGain, int Id)>();
        var nextId = 0;
        var root = new Node(nextId++, 0, rowCount, 0, rootGradient, rootHessian, -1, false);
        if (CanSplit(root))
        {
            root.Histogram = Rent();
            _histograms.Build(root.Histogram, features, rows, 0, rowCount, gradients, hessians);
            root.Split = _splits.Find(root.Histogram, features, rootGradient, rootHessian, rowCount);
        }

        var leaves = 1;
        Enqueue(root);
        while (queue.TryDequeue(out var node, out _))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (leaves >= _maxLeaves)
            {
                AddLeaf(node);
                continue;
            }

            var split = node.Split;
            var internalIndex = build.AddInternal(node, split.Feature, _bins.Edges.Upper[split.Feature][split.Bin], split.Bin);
            Partition(rows, node.Start, node.Count, _bins.Columns[split.Feature], (byte)split.Bin);
            leaves++;

            var left = new Node(nextId++, node.Start, split.LeftCount, node.Depth + 1, split.LeftGradient, split.LeftHessian, internalIndex, true);
            var right = new Node(nextId++, node.Start + split.LeftCount, node.Count - split.LeftCount, node.Depth + 1,
                node.Gradient - split.LeftGradient, node.Hessian - split.LeftHessian, internalIndex, false);
            var (smaller, larger) = left.Count <= right.Count ? (left, right) : (right, left);

            // Children are only worth histograms if one of them may split and the tree may still grow after this split.
            if (leaves < _maxLeaves && CanSplit(larger))
            {
                smaller.Histogram = Rent();
                _histograms.Build(smaller.Histogram, features, rows, smaller.Start, smaller.Count, gradients, hessians);
                larger.Histogram = node.Histogram;
                node.Histogram = null;
                _histograms.Subtract(larger.Histogram!, smaller.Histogram, larger.Histogram!, features);
                larger.Split = _splits.Find(larger.Histogram!, features, larger.Gradient, larger.Hessian, larger.Count);
                if (CanSplit(smaller))
                {
                    smaller.Split = _splits.Find(smaller.Histogram, features, smaller.Gradient, smaller.Hessian, smaller.Count);
                }
            }

            Return(node.Histogram);
            node.Histogram = null;
            Enqueue(left);
            Enqueue(right);
        }

        return build.Finish();

        void Enqueue(Node node)
        {
            if (node.Split.Exists)
            {
                queue.Enqueue(node, (-node.Split.Gain, node.Id));
            }
            else
            {
                AddLeaf(node);
            }
        }

        void AddLeaf(Node node)
        {
            Return(node.Histogram);
            node.Histogram = null;
            build.AddLeaf(node, -_learningRate * node.Gradient / (node.Hessian + _lambda));
        }
    }

    private static double SumOver(float[] values, int[] rows, int from, int to)
    {
        var sum = 0.0;
        for (var k = from; k < to; k++)
        {
            sum += values[rows[k]];
        }

        return sum;
    }

    private bool CanSplit(Node node) => node.Depth < _maxDepth && node.Count >= 2 * _minCount;

    private HistogramBin[] Rent() => _pool.Count > 0 ? _pool.Pop() : new HistogramBin[_histograms.Length];

    private void Return(HistogramBin[]? histogram)
    {
        if (histogram is not null)
        {
            _pool.Push(histogram);
        }
    }

    /// <summary>Stable partition of rows[start..start+count): bins ≤ <paramref name="bin"/> first, order kept on each side.</summary>
    private void Partition(int[] rows, int start, int count, byte[] column, byte bin)
    {
        var write = start;
        var spilled = 0;
        for (var k = start; k < start + count; k++)
        {
            var row = rows[k];
            if (column[row] <= bin)
            {
                rows[write++] = row;
            }
            else
            {
                _scratch[spilled++] = row;
            }
        }

        Array.Copy(_scratch, 0, rows, write, spilled);
    }

    /// <summary>A node waiting to be split or turned into a leaf.</summary>
    private sealed class Node(int id, int start, int count, int depth, double gradient, double hessian, int parent, bool isLeft)
    {
        public int Id { get; } = id;

        public int Start { get; } = start;

        public int Count { get; } = count;

        public int Depth { get; } = depth;

        public double Gradient { get; } = gradient;

        public double Hessian { get; } = hessian;

        /// <summary>Internal index of the parent, or −1 for the root.</summary>
        public int Parent { get; } = parent;

        public bool IsLeft { get; } = isLeft;

        public HistogramBin[]? Histogram { get; set; }

        public Split Split { get; set; } = Split.None;
    }

    /// <summary>Accumulates nodes as they are decided and links each to its parent.</summary>
    private sealed class TreeUnderConstruction
    {
        private readonly List<int> _feature = [];
        private readonly List<float> _threshold = [];
        private readonly List<int> _bin = [];
        private readonly List<int> _left = [];
        private readonly List<int> _right = [];
        private readonly List<double> _leafValues = [];
        private readonly List<int> _leafStart = [];
        private readonly List<int> _leafCount = [];

        public int AddInternal(Node node, int feature, float threshold, int bin)
        {
            var index = _feature.Count;
            _feature.Add(feature);
            _threshold.Add(threshold);
            _bin.Add(bin);
            _left.Add(0);
            _right.Add(0);
            Link(node, index);
            return index;
        }

        public void AddLeaf(Node node, double value)
        {
            var leaf = _leafValues.Count;
            _leafValues.Add(value);
            _leafStart.Add(node.Start);
            _leafCount.Add(node.Count);
            Link(node, ~leaf);
        }

        public GrownTree Finish() => new(
            new DecisionTree([.. _feature], [.. _threshold], [.. _left], [.. _right], [.. _leafValues]),
            [.. _bin], [.. _leafStart], [.. _leafCount]);

        private void Link(Node node, int reference)
        {
            if (node.Parent < 0)
            {
                return;
            }

            if (node.IsLeft)
            {
                _left[node.Parent] = reference;
            }
            else
            {
                _right[node.Parent] = reference;
            }
        }
    }
}
