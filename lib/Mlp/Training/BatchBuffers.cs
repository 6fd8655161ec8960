using System.Numerics;

namespace Mlp;

/// <summary>One batch: its rows X (n×input), one-hot Y (n×classes) and labels.</summary>
internal sealed class Batch<T>(Matrix<T> X, Matrix<T> Y, int[] labels) where T : unmanaged, IFloatingPointIeee754<T>
{
    public Batch(int rows, Dataset<T> data)
        : this(new Matrix<T>(rows, data.Features), new Matrix<T>(rows, data.Classes), new int[rows]) { }

    public Matrix<T> X { get; } = X;
    public Matrix<T> Y { get; } = Y;
    public int[] Labels { get; } = labels;
    public int Rows => X.Rows;
}

/// <summary>
/// The per-run memory of <see cref="Trainer{T}"/>, allocated once: each epoch reshuffles the sample
/// order (minibatch SGD) and copies each batch's rows into the same buffer. Full batch trains on
/// the training set as it is, with no copy.
/// </summary>
internal sealed class BatchBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _train;
    private readonly bool _fullBatch;
    private readonly Random _shuffle;
    private readonly int[] _order;
    private readonly Batch<T> _batch;
    private readonly Batch<T>? _shortLastBatch;

    public BatchBuffers(Dataset<T> train, int batchSize, bool fullBatch, int seed)
    {
        _train = train;
        _fullBatch = fullBatch;
        _shuffle = new PortableRandom(seed, stream: 1); // a stream of its own, apart from the initialisation's
        _order = Enumerable.Range(0, train.Count).ToArray();
        _batch = fullBatch ? new Batch<T>(train.X, train.Y, train.Labels) : new Batch<T>(batchSize, train);
        if (!fullBatch && train.Count % batchSize != 0) _shortLastBatch = new Batch<T>(train.Count % batchSize, train);
        BatchSize = batchSize;
        Count = (train.Count + batchSize - 1) / batchSize;
    }

    public int BatchSize { get; }

    /// <summary>True when these buffers were made for this training set and batch size.</summary>
    public bool Fits(Dataset<T> train, int batchSize) => ReferenceEquals(train, _train) && batchSize == BatchSize;

    /// <summary>Batches per epoch.</summary>
    public int Count { get; }

    /// <summary>The batches of one epoch: the lesson's shuffle, then each slice of the order copied row by row.
    /// Each is overwritten by the next, so use it before moving on.</summary>
    public IEnumerable<Batch<T>> Epoch()
    {
        if (_fullBatch)
        {
            yield return _batch;
            yield break;
        }
        Maths.Shuffle(_order, _shuffle); // the lesson's shuffle, continuing from the last epoch's order
        for (int start = 0; start < _order.Length; start += BatchSize)
        {
            int rows = Math.Min(BatchSize, _order.Length - start);
            var batch = rows < BatchSize ? _shortLastBatch! : _batch;
            for (int i = 0; i < rows; i++)
            {
                int row = _order[start + i];
                _train.X.Row(row).CopyTo(batch.X.Row(i));
                _train.Y.Row(row).CopyTo(batch.Y.Row(i));
                batch.Labels[i] = _train.Labels[row];
            }
            yield return batch;
        }
    }
}
