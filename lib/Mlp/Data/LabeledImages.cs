namespace Mlp.Data;

/// <summary>
/// A set of grey-scale images with one label each, as bytes straight from the IDX files.
/// </summary>
/// <remarks>
/// Image <c>i</c> is <c>Pixels[i*Rows*Cols .. (i+1)*Rows*Cols]</c>, row by row; each pixel is
/// 0 (background) to 255 (ink). <c>Labels[i]</c> is its class, 0 to 9.
/// </remarks>
public sealed class LabeledImages
{
    /// <summary>The number of classes in MNIST and Fashion-MNIST; every label is below it.</summary>
    public const int ClassCount = 10;

    /// <summary>Wraps pixel and label arrays, checking that their lengths agree.</summary>
    /// <exception cref="ArgumentException">The lengths do not match the shape.</exception>
    public LabeledImages(string name, int rows, int cols, byte[] pixels, byte[] labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        if (pixels.LongLength != (long)labels.Length * rows * cols)
            throw new ArgumentException(Localized.Format(Strings.LabeledPixels, pixels.Length, labels.Length, rows, cols), nameof(pixels));
        Name = name;
        Rows = rows;
        Cols = cols;
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>A name for messages and charts, for example "MNIST train".</summary>
    public string Name { get; }

    /// <summary>The number of images (and labels).</summary>
    public int Count => Labels.Length;

    /// <summary>The height of an image in pixels (28 for MNIST).</summary>
    public int Rows { get; }

    /// <summary>The width of an image in pixels (28 for MNIST).</summary>
    public int Cols { get; }

    /// <summary>Pixels per image: <c>Rows * Cols</c> (784 for MNIST).</summary>
    public int PixelsPerImage => Rows * Cols;

    /// <summary>All pixels, image after image, each row-major; 0..255.</summary>
    public byte[] Pixels { get; }

    /// <summary>The class of each image, 0..9.</summary>
    public byte[] Labels { get; }

    /// <summary>The pixels of image <paramref name="index"/>, row-major.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>All pixels as floats in [0, 1] (pixel / 255), in the same order as <see cref="Pixels"/>.</summary>
    public float[] PixelsScaled()
    {
        var scaled = new float[Pixels.Length];
        for (int i = 0; i < scaled.Length; i++)
            scaled[i] = Pixels[i] / 255f;
        return scaled;
    }

    /// <summary>
    /// Pairs an images file with a labels file, checking that they hold the same number of items
    /// and that every label is a class 0..9.
    /// </summary>
    /// <exception cref="DataFormatException">The files do not belong together, or a label is out of range.</exception>
    public static LabeledImages FromIdx(string name, IdxArray images, IdxArray labels)
    {
        if (images.Magic != IdxReader.ImagesMagic)
            throw new DataFormatException(images.FilePath, Strings.LabeledNotImages);
        if (labels.Magic != IdxReader.LabelsMagic)
            throw new DataFormatException(labels.FilePath, Strings.LabeledNotLabels);
        if (images.Count != labels.Count)
            throw new DataFormatException(labels.FilePath,
                Localized.Format(Strings.LabeledCounts, labels.Count, images.FilePath, images.Count), Strings.LabeledCountsAdvice);
        int bad = Array.FindIndex(labels.Data, l => l >= ClassCount);
        if (bad >= 0)
            throw new DataFormatException(labels.FilePath,
                Localized.Format(Strings.LabeledBadLabel, bad, labels.Data[bad], ClassCount - 1));
        return new LabeledImages(name, images.Dimensions[1], images.Dimensions[2], images.Data, labels.Data);
    }

    /// <summary>Reads and pairs an images file and a labels file (gzip'd or raw).</summary>
    /// <exception cref="DataFormatException">Either file is invalid, or they do not belong together.</exception>
    public static LabeledImages Load(string name, string imagesPath, string labelsPath) =>
        FromIdx(name, IdxReader.ReadImages(imagesPath), IdxReader.ReadLabels(labelsPath));

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Count:N0} images of {Rows}x{Cols}";
}
