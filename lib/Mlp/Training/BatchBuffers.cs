using System.Numerics;

namespace Mlp;

/// <summary>One batch: its rows X (n×input), one-hot Y (n×classes) and labels; and which rows of
/// the training set come next (so a training step may ask the memory for them early).</summary>
internal sealed class Batch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Batch(Matrix<T> X, Matrix<T> Y, int[] labels, Dataset<T> source)
    {
        this.X = X; this.Y = Y; Labels = labels; Source = source;
    }

    public Batch(int rows, Dataset<T> data)
        : this(new Matrix<T>(rows, data.Features), new Matrix<T>(rows, data.Classes), new int[rows], data) { }

    public Matrix<T> X { get; }
    public Matrix<T> Y { get; }
    public int[] Labels { get; }
    public int Rows => X.Rows;

    /// <summary>The training set the rows come from, the rows of it that the next batch will hold
    /// (empty for the last), and that next batch's memory: a step may copy those rows there early.</summary>
    public Dataset<T> Source { get; }
    public ArraySegment<int> NextRows { get; set; } = ArraySegment<int>.Empty;
    public Batch<T>? Next { get; set; }

    /// <summary>The rows a step has already copied into this batch (see <see cref="Next"/>), if any.</summary>
    public ArraySegment<int> Prefilled { get; set; } = ArraySegment<int>.Empty;
}

/// <summary>
/// The per-run memory of <see cref="Trainer{T}"/>, allocated once: each epoch reshuffles the sample
/// order (minibatch SGD) and copies each batch's rows into the same buffers. Full batch trains on
/// the training set as it is, with no copy.
/// </summary>
internal sealed class BatchBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _train;
    private readonly bool _fullBatch;
    private readonly Random _shuffle;
    private readonly int[] _order;
    private readonly Batch<T> _batch, _other; // two, so a step can fill the next batch while it computes on this one
    private readonly Batch<T>? _shortLastBatch;

    public BatchBuffers(Dataset<T> train, int batchSize, bool fullBatch, int seed)
    {
        _train = train;
        _fullBatch = fullBatch;
        _shuffle = new PortableRandom(seed, stream: 1); // a stream of its own, apart from the initialisation's
        _order = Enumerable.Range(0, train.Count).ToArray();
        _batch = fullBatch ? new Batch<T>(train.X, train.Y, train.Labels, train) : new Batch<T>(batchSize, train);
        _other = fullBatch ? _batch : new Batch<T>(batchSize, train);
        if (!fullBatch && train.Count % batchSize != 0) _shortLastBatch = new Batch<T>(train.Count % batchSize, train);
        BatchSize = batchSize;
        Count = (train.Count + batchSize - 1) / batchSize;
    }

    public int BatchSize { get; }


    /// <summary>True when these buffers were made for this training set and batch size.</summary>
    public bool Fits(Dataset<T> train, int batchSize) => ReferenceEquals(train, _train) && batchSize == BatchSize;

    /// <summary>Batches per epoch.</summary>
    public int Count { get; }

    /// <summary>The batches of one epoch, their rows copied by the step's <see cref="TrainingStep{T}.Gather"/>.
    /// Each is overwritten by the next, so use it before moving on.</summary>
    public IEnumerable<Batch<T>> Epoch(TrainingStep<T> step)
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
            var batch = BufferFor(start);
            var rowsOfBatch = new ArraySegment<int>(_order, start, rows);
            step.Gather(_train, rowsOfBatch, batch);
            for (int i = 0; i < rows; i++) batch.Labels[i] = _train.Labels[rowsOfBatch[i]];
            int next = start + rows;
            batch.NextRows = new ArraySegment<int>(_order, next, Math.Min(BatchSize, _order.Length - next));
            batch.Next = next < _order.Length ? BufferFor(next) : null;
            yield return batch;
        }
    }

    /// <summary>The memory of the batch that starts at this place of the order: full batches alternate between two.</summary>
    private Batch<T> BufferFor(int start) =>
        _order.Length - start < BatchSize ? _shortLastBatch! : start / BatchSize % 2 == 0 ? _batch : _other;
}
