using Mlp.Data;

namespace Mlp.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private DataFormatException Rejects(Func<string, IdxArray> read, string name, byte[] bytes)
    {
        string path = _folder.Write(name, bytes);
        var e = Assert.Throws<DataFormatException>(() => read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.Contains("Delete it", e.Message, StringComparison.OrdinalIgnoreCase);
        return e;
    }

    [Fact]
    public void Reads_a_raw_images_file()
    {
        byte[] file = Idx.Images(3, 4, 5);
        IdxArray images = IdxReader.ReadImages(_folder.Write("images", file));

        Assert.Equal(IdxReader.ImagesMagic, images.Magic);
        Assert.Equal([3, 4, 5], images.Dimensions);
        Assert.Equal(file[16..], images.Data);
        Assert.Equal(file.Length, images.ContentLength);
    }

    [Fact]
    public void Recognises_gzip_by_its_magic_bytes_not_by_the_file_name()
    {
        byte[] file = Idx.Images(3, 4, 5);
        IdxArray fromGzipWithoutExtension = IdxReader.ReadImages(_folder.Write("images.idx", Idx.Gzip(file)));
        IdxArray fromRawNamedGz = IdxReader.ReadImages(_folder.Write("images.gz", file));

        Assert.Equal(file[16..], fromGzipWithoutExtension.Data);
        Assert.Equal(file[16..], fromRawNamedGz.Data);
    }

    [Fact]
    public void Reads_a_labels_file()
    {
        IdxArray labels = IdxReader.ReadLabels(_folder.Write("labels.gz", Idx.Gzip(Idx.Labels(12))));

        Assert.Equal([12], labels.Dimensions);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (byte)(i % 10)), labels.Data);
    }

    [Fact]
    public void Checks_the_image_shape_when_asked()
    {
        string path = _folder.Write("images", Idx.Images(2, 4, 5));
        Assert.Equal(4, IdxReader.ReadImages(path, rows: 4, cols: 5).Dimensions[1]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path, rows: 28, cols: 28));
        Assert.Contains("4x5 pixels, expected 28x28", e.Message);
    }

    [Fact]
    public void Rejects_a_wrong_magic_number()
    {
        var e = Rejects(p => IdxReader.ReadImages(p), "images", Idx.WithInt(Idx.Images(1, 2, 2), 0, 0x12345678));
        Assert.Contains("magic number is 0x12345678", e.Message);
    }

    [Fact]
    public void Rejects_a_labels_file_given_as_images_and_says_so()
    {
        var e = Rejects(p => IdxReader.ReadImages(p), "labels", Idx.Labels(5));
        Assert.Contains("0x00000801 (labels), expected 0x00000803 (images)", e.Message);
        Assert.Contains("labels file given where the images file belongs", e.Message);
    }

    [Fact]
    public void Rejects_an_unsupported_element_type()
    {
        var e = Rejects(IdxReader.Read, "floats", Idx.WithInt(Idx.Labels(4), 0, 0x00000D01));
        Assert.Contains("element type is 0x0D", e.Message);
    }

    [Fact]
    public void Rejects_an_html_page_saved_in_place_of_the_data()
    {
        var e = Rejects(p => IdxReader.ReadImages(p), "images.gz", "<!DOCTYPE html><html>Log in</html>"u8.ToArray());
        Assert.Contains("HTML page", e.Message);
    }

    [Theory]
    [InlineData(0, "it is empty")]
    [InlineData(3, "ends after 3 bytes")]
    [InlineData(10, "declares 3 dimensions but the file ends after 10 bytes")]
    public void Rejects_a_file_that_ends_inside_the_header(int length, string expected)
    {
        var e = Rejects(p => IdxReader.ReadImages(p), "images", Idx.Images(2, 4, 5)[..length]);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Rejects_a_truncated_raw_file_naming_both_lengths()
    {
        var e = Rejects(p => IdxReader.ReadImages(p), "images", Idx.Images(2, 4, 5)[..(16 + 25)]);
        Assert.Contains("expected 40 bytes of pixel data (2 x 4 x 5), found 25", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Rejects_a_truncated_gzip_file_naming_both_lengths()
    {
        byte[] gzip = Idx.Gzip(Idx.Images(100, 28, 28));
        var e = Rejects(p => IdxReader.ReadImages(p), "images.gz", gzip[..(gzip.Length / 2)]);
        Assert.Matches(@"expected 78,400 bytes of pixel data, found [\d,]+: the file is truncated", e.Message);
    }

    [Fact]
    public void Rejects_trailing_bytes_in_a_raw_file()
    {
        var e = Rejects(p => IdxReader.ReadLabels(p), "labels", [.. Idx.Labels(5), 1, 2, 3]);
        Assert.Contains("3 bytes after the 5 bytes of label data", e.Message);
    }

    [Fact]
    public void Rejects_trailing_bytes_inside_a_gzip_file()
    {
        var e = Rejects(p => IdxReader.ReadLabels(p), "labels.gz", Idx.Gzip([.. Idx.Labels(5), 9, 9]));
        Assert.Contains("2 bytes after the 5 bytes of label data", e.Message);
    }

    [Theory]
    [InlineData(0.5)]  // a flipped bit in the middle of the compressed data
    [InlineData(-6)]   // a flipped bit in the CRC-32 of the gzip trailer
    public void Rejects_a_corrupt_gzip_file(double where)
    {
        byte[] gzip = Idx.Gzip(Idx.Images(20, 28, 28));
        int at = where < 0 ? gzip.Length + (int)where : (int)(gzip.Length * where);
        gzip[at] ^= 0x10;
        var e = Rejects(p => IdxReader.ReadImages(p), "images.gz", gzip);
        Assert.True(e.Message.Contains("gzip data is corrupt") || e.Message.Contains("truncated"), e.Message);
    }

    [Theory]
    [InlineData(1_000_000_000)] // more than any array can hold
    [InlineData(1_000_000)]     // 784 MB: an array could hold it, but these small files cannot
    public void Refuses_an_absurd_header_before_allocating(int count)
    {
        byte[] file = Idx.WithInt(Idx.Images(2, 28, 28), 4, count);
        string raw = _folder.Write("raw", file);
        string gzip = _folder.Write("gz", Idx.Gzip(file));

        foreach (string path in new[] { raw, gzip })
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated < 1_000_000, $"allocated {allocated:N0} bytes");
            Assert.Contains($"{count:N0} x 28 x 28", e.Message);
        }
    }

    [Fact]
    public void Refuses_a_negative_dimension()
    {
        var e = Rejects(p => IdxReader.ReadImages(p), "images", Idx.WithInt(Idx.Images(2, 28, 28), 8, -28));
        Assert.Contains("not a plausible size", e.Message);
    }

    [Fact]
    public void Refuses_sizes_whose_product_exceeds_any_array()
    {
        byte[] file = Idx.WithInt(Idx.WithInt(Idx.WithInt(Idx.Images(1, 1, 1), 4, int.MaxValue), 8, int.MaxValue), 12, int.MaxValue);
        var e = Rejects(p => IdxReader.ReadImages(p), "images", file);
        Assert.Contains("the largest array", e.Message);
    }
}
