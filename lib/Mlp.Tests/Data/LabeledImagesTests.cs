using Mlp.Data;

namespace Mlp.Tests.Data;

public sealed class LabeledImagesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Pairs_images_with_labels()
    {
        LabeledImages set = LabeledImages.Load("tiny",
            _folder.Write("images.gz", Idx.Gzip(Idx.Images(12, 5, 6))),
            _folder.Write("labels", Idx.Labels(12)));

        Assert.Equal((12, 5, 6, 30), (set.Count, set.Rows, set.Cols, set.PixelsPerImage));
        Assert.Equal(12 * 30, set.Pixels.Length);
        Assert.Equal(set.Pixels.AsSpan(30, 30).ToArray(), set.Image(1).ToArray());
        Assert.Equal(3, set.Labels[3]);
        Assert.Equal("tiny: 12 images of 5x6", set.ToString());
    }

    [Fact]
    public void Scales_pixels_to_the_unit_interval()
    {
        var set = new LabeledImages("two", 1, 3, [0, 51, 255, 255, 0, 102], [1, 2]);

        Assert.Equal([0f, 0.2f, 1f, 1f, 0f, 0.4f], set.PixelsScaled());
    }

    [Fact]
    public void A_count_mismatch_names_both_files()
    {
        string images = _folder.Write("train-images", Idx.Images(12, 5, 6));
        string labels = _folder.Write("t10k-labels", Idx.Labels(10));

        var e = Assert.Throws<DataFormatException>(() => LabeledImages.Load("mixed", images, labels));

        Assert.Equal(labels, e.FilePath);
        Assert.Contains(images, e.Message);
        Assert.Contains(labels, e.Message);
        Assert.Contains("10 labels", e.Message);
        Assert.Contains("12 images", e.Message);
    }

    [Fact]
    public void A_label_outside_0_to_9_is_an_error()
    {
        byte[] labels = Idx.Labels(4);
        labels[^1] = 42;
        var e = Assert.Throws<DataFormatException>(() => LabeledImages.Load("bad",
            _folder.Write("images", Idx.Images(4, 2, 2)), _folder.Write("labels", labels)));

        Assert.Contains("label 3 is 42", e.Message);
    }

    [Fact]
    public void The_constructor_checks_lengths()
    {
        Assert.Throws<ArgumentException>(() => new LabeledImages("x", 2, 2, new byte[7], new byte[2]));
    }
}
