using System.Numerics;

namespace Mlp;

/// <summary>
/// Samples ready for the maths: X (n×features) with pixels scaled to [0, 1], the class of each
/// sample in <see cref="Labels"/>, and the same classes one-hot in Y (n×classes).
/// </summary>
public sealed class Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Matrix<T> X { get; }
    public Matrix<T> Y { get; }
    public int[] Labels { get; }
    public string Name { get; }

    public int Count => X.Rows;
    public int Features => X.Cols;
    public int Classes => Y.Cols;

    public Dataset(Matrix<T> X, int[] labels, int classes = 10, string name = "data")
    {
        ArgumentNullException.ThrowIfNull(X);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != X.Rows)
            throw new ArgumentException(Localized.Format(Strings.DatasetRowsLabels, name, X.Rows, labels.Length), nameof(labels));
        this.X = X;
        Labels = labels;
        Y = OneHot(labels, classes);
        Name = name;
    }

    /// <summary>From raw bytes: <paramref name="pixels"/> holds n·features values 0..255, scaled here by 1/255.</summary>
    public static Dataset<T> FromBytes(ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> labels, int features, int classes = 10, string name = "data")
    {
        if (features <= 0 || pixels.Length != labels.Length * features)
            throw new ArgumentException(Localized.Format(Strings.DatasetPixels, name, pixels.Length, labels.Length, features));
        var X = new Matrix<T>(labels.Length, features);
        T scale = T.One / T.CreateChecked(255);
        for (int i = 0; i < pixels.Length; i++) X.Data[i] = T.CreateChecked(pixels[i]) * scale;
        var y = new int[labels.Length];
        for (int i = 0; i < y.Length; i++)
        {
            if (labels[i] >= classes)
                throw new ArgumentException(Localized.Format(Strings.DatasetLabel, name, labels[i], i, classes, classes - 1));
            y[i] = labels[i];
        }
        return new Dataset<T>(X, y, classes, name);
    }

    /// <summary>The first <paramref name="count"/> samples (a copy), e.g. for a quick experiment.</summary>
    public Dataset<T> Take(int count)
    {
        count = Math.Clamp(count, 0, Count);
        return Subset(Enumerable.Range(0, count).ToArray());
    }

    /// <summary>The samples at the given indices, in that order (a copy).</summary>
    public Dataset<T> Subset(IReadOnlyList<int> indices, string? name = null)
    {
        var x = new Matrix<T>(indices.Count, Features);
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            X.Row(indices[i]).CopyTo(x.Row(i));
            labels[i] = Labels[indices[i]];
        }
        return new Dataset<T>(x, labels, Classes, name ?? Name);
    }

    /// <summary>
    /// Splits off <paramref name="validationCount"/> samples for validation, stratified by class: each class
    /// gives its share of the samples (rounded by largest remainder, so the counts add up exactly), chosen at
    /// random from that class with <paramref name="seed"/>. The same seed gives the same split; the two parts
    /// are disjoint, together they are the whole, and each keeps the original order of its samples. The training
    /// part keeps the name; the validation part of "MNIST train" is called "MNIST validation".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or leaves nothing to train on.</exception>
    public (Dataset<T> Train, Dataset<T> Validation) HoldOut(int validationCount, int seed = 1)
    {
        if (validationCount < 0 || validationCount >= Count)
            throw new ArgumentOutOfRangeException(nameof(validationCount), validationCount,
                Localized.Format(Strings.DatasetHoldOut, Name, validationCount, Count, Count - 1));
        var byClass = Enumerable.Range(0, Classes).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < Count; i++) byClass[Labels[i]].Add(i);

        // Each class's quota: its exact share, rounded down, then one more for the largest remainders.
        var exact = byClass.Select(c => (double)validationCount * c.Count / Count).ToArray();
        var quota = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (int c in Enumerable.Range(0, Classes).OrderByDescending(c => exact[c] - quota[c]).ThenBy(c => c)
                                    .Take(validationCount - quota.Sum()))
            quota[c]++;

        var rng = new PortableRandom(seed, stream: 2);
        var held = new bool[Count];
        for (int c = 0; c < Classes; c++)
        {
            var members = byClass[c].ToArray();
            for (int k = 0; k < quota[c]; k++) // a partial Fisher–Yates shuffle picks quota[c] of them
            {
                int j = k + rng.Next(members.Length - k);
                (members[k], members[j]) = (members[j], members[k]);
                held[members[k]] = true;
            }
        }
        var trainRows = Enumerable.Range(0, Count).Where(i => !held[i]).ToArray();
        var validationRows = Enumerable.Range(0, Count).Where(i => held[i]).ToArray();
        string validationName = Name.EndsWith(" train") ? Name[..^" train".Length] + " validation" : Name + " (validation)";
        return (Subset(trainRows, Name), Subset(validationRows, validationName));
    }

    /// <summary>One-hot rows: Y[i, labels[i]] = 1, every other entry 0.</summary>
    public static Matrix<T> OneHot(int[] labels, int classes)
    {
        var Y = new Matrix<T>(labels.Length, classes);
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), Localized.Format(Strings.OneHotLabel, labels[i], i, classes, classes - 1));
            Y[i, labels[i]] = T.One;
        }
        return Y;
    }

    public override string ToString() =>
        Localized.Format(Strings.Dataset, DatasetNames.Display(Name), Count, Features, Classes);
}

/// <summary>A data set's name as a reader sees it. The names stay English in the program ("MNIST train", "MNIST validation",
/// "MNIST test": <see cref="Dataset{T}.HoldOut"/> reads them); shown, their part "train", "validation" or "test" is in the reader's language.</summary>
public static class DatasetNames
{
    /// <summary><paramref name="name"/> with its last word ("train", "validation", "test") in the current UI culture's language.</summary>
    public static string Display(string name)
    {
        foreach (var (suffix, format) in new[] { (" train", Strings.DatasetTrain), (" validation", Strings.DatasetValidation), (" test", Strings.DatasetTest) })
            if (name.EndsWith(suffix, StringComparison.Ordinal))
                return Localized.Format(format, name[..^suffix.Length]);
        return name;
    }
}

/// <summary>Conversions from the raw images the data loader returns.</summary>
public static class DatasetConversions
{
    /// <summary>Pixels scaled to [0, 1] as X (n×784), labels as classes and one-hot Y (n×10).</summary>
    public static Dataset<T> ToDataset<T>(this Data.LabeledImages images) where T : unmanaged, IFloatingPointIeee754<T>
        => Dataset<T>.FromBytes(images.Pixels, images.Labels, images.PixelsPerImage, Data.LabeledImages.ClassCount, images.Name);
}
