using System.Numerics;

namespace Mlp;

/// <summary>One batch and the work memory for it: its rows X (n×input), one-hot Y (n×classes),
/// labels, and the activations and gradients of a forward and backward pass over n rows.</summary>
internal sealed class Batch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Batch(Matrix<T> X, Matrix<T> Y, int[] labels, Network<T> net)
    {
        this.X = X; this.Y = Y; Labels = labels;
        Activations = new Activations<T>(X.Rows, net.HiddenSize, net.OutputSize);
        Gradients = Gradients<T>.For(net, X.Rows);
    }

    public Batch(int rows, Dataset<T> data, Network<T> net)
        : this(new Matrix<T>(rows, data.Features), new Matrix<T>(rows, data.Classes), new int[rows], net) { }

    public Matrix<T> X { get; }
    public Matrix<T> Y { get; }
    public int[] Labels { get; }
    public Activations<T> Activations { get; }
    public Gradients<T> Gradients { get; }
}

/// <summary>
/// The per-run memory of <see cref="Trainer{T}"/>, allocated once: each epoch reshuffles the sample
/// order (minibatch SGD) and copies each batch's rows into the same buffers. Full batch trains on
/// the training set as it is, with no copy.
/// </summary>
internal sealed class BatchBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _train;
    private readonly Network<T> _net;
    private readonly bool _fullBatch;
    private readonly Random _shuffle;
    private readonly int[] _order;
    private readonly Batch<T> _batch;
    private Batch<T>? _shortLastBatch;

    public BatchBuffers(Dataset<T> train, Network<T> net, int batchSize, bool fullBatch, int seed)
    {
        _train = train;
        _net = net;
        _fullBatch = fullBatch;
        _shuffle = new PortableRandom(seed, stream: 1); // a stream of its own, apart from the initialisation's
        _order = Enumerable.Range(0, train.Count).ToArray();
        _batch = fullBatch ? new Batch<T>(train.X, train.Y, train.Labels, net) : new Batch<T>(batchSize, train, net);
        BatchSize = batchSize;
        Count = (train.Count + batchSize - 1) / batchSize;
    }

    public int BatchSize { get; }

    /// <summary>Batches per epoch.</summary>
    public int Count { get; }

    /// <summary>The batches of one epoch. Each is overwritten by the next, so use it before moving on.</summary>
    public IEnumerable<Batch<T>> Epoch()
    {
        if (_fullBatch)
        {
            yield return _batch;
            yield break;
        }
        Shuffle(_order);
        for (int start = 0; start < _order.Length; start += BatchSize)
        {
            int rows = Math.Min(BatchSize, _order.Length - start);
            var batch = rows == BatchSize ? _batch : _shortLastBatch ??= new Batch<T>(rows, _train, _net);
            for (int i = 0; i < rows; i++)
            {
                int s = _order[start + i];
                _train.X.Row(s).CopyTo(batch.X.Row(i));
                _train.Y.Row(s).CopyTo(batch.Y.Row(i));
                batch.Labels[i] = _train.Labels[s];
            }
            yield return batch;
        }
    }

    /// <summary>Fisher–Yates shuffle: every order equally likely, reproducible from the seed.</summary>
    private void Shuffle(int[] a)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = _shuffle.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
