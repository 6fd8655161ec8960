namespace Mlp.Tests.Training;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlp-model-").FullName;
    private string PathOf(string name) => Path.Combine(_dir, name);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SaveOne(string name = "net.mlp")
    {
        var path = PathOf(name);
        ModelFile.Save(Network<float>.Create(784, 16, 10, seed: 9), path);
        return path;
    }

    [Fact]
    public void Round_trip_is_exact_and_leaves_no_temporary_file()
    {
        var net = Network<float>.Create(784, 16, 10, seed: 9);
        net.b1.Data[3] = 0.25f;
        var path = PathOf("net.mlp");
        ModelFile.Save(net, path);
        var back = ModelFile.Load<float>(path, 784, 16, 10);
        Assert.Equal(net.W1.Data, back.W1.Data);
        Assert.Equal(net.b1.Data, back.b1.Data);
        Assert.Equal(net.W2.Data, back.W2.Data);
        Assert.Equal(net.b2.Data, back.b2.Data);
        Assert.Equal(["net.mlp"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Equal(24 + 4 + 4 * net.ParameterCount + 32, new FileInfo(path).Length);   // header, data-set name length (0), numbers, SHA-256
        Assert.Equal(ModelFile.SizeOf(784, 16, 10), new FileInfo(path).Length);
    }

    [Fact]
    public void A_float_model_loads_as_double()
    {
        var path = SaveOne();
        var d = ModelFile.Load<double>(path);
        Assert.Equal(ModelFile.Load<float>(path).W1.Data.Select(v => (double)v), d.W1.Data);
    }

    [Fact]
    public void Truncated_file_is_a_clear_error()
    {
        var path = SaveOne();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<float>(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void A_changed_byte_fails_the_checksum()
    {
        var path = SaveOne();
        var bytes = File.ReadAllBytes(path);
        bytes[1000] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("checksum", Assert.Throws<ModelFormatException>(() => ModelFile.Load<float>(path)).Message);
    }

    [Fact]
    public void Wrong_version_magic_and_shape_are_clear_errors()
    {
        var path = SaveOne();
        var bytes = File.ReadAllBytes(path);
        var v99 = (byte[])bytes.Clone(); v99[4] = 99;
        File.WriteAllBytes(path, v99);
        Assert.Contains("version 99", Assert.Throws<ModelFormatException>(() => ModelFile.Load<float>(path)).Message);

        File.WriteAllText(path, "<html>not a model, but long enough to pass the length check of the header</html>");
        Assert.Contains("not a model file", Assert.Throws<ModelFormatException>(() => ModelFile.Load<float>(path)).Message);

        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<float>(path, hiddenSize: 64));
        Assert.Contains("784→16→10", e.Message);
        Assert.Contains("784→64→10", e.Message);
    }

    [Fact]
    public void A_header_claiming_a_huge_network_is_refused_before_allocating()
    {
        var path = SaveOne();
        var bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(1 << 20).CopyTo(bytes, 16); // hidden = 1,048,576: would be gigabytes
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<float>(path));
        Assert.Contains("needs", e.Message);
    }

    [Fact]
    public void Missing_file_says_how_to_make_one()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ModelFile.Load<float>(PathOf("nope.mlp")));
        Assert.Contains("Save", e.Message);
    }

    [Fact]
    public void The_file_records_the_data_set_the_network_was_trained_on()
    {
        var net = Network<float>.Create(784, 16, 10, seed: 9);
        var path = PathOf("fashion.mlp");
        ModelFile.Save(net, path, dataset: "Fashion-MNIST");
        var back = ModelFile.LoadModel<float>(path);
        Assert.Equal(("Fashion-MNIST", ModelFile.Version), (back.Dataset, back.Version));
        Assert.Equal(net.W2.Data, back.Network.W2.Data);
        Assert.Equal(ModelFile.SizeOf(784, 16, 10, dataset: "Fashion-MNIST"), new FileInfo(path).Length);
    }

    [Fact]
    public void A_version_1_file_still_loads_with_the_data_set_unknown()
    {
        var net = Network<float>.Create(784, 16, 10, seed: 9);
        var path = PathOf("old.mlp");
        File.WriteAllBytes(path, Version1File(net));
        var back = ModelFile.LoadModel<float>(path, 784, 16, 10);
        Assert.Equal((null, 1), (back.Dataset, back.Version));
        Assert.Equal(net.W1.Data, back.Network.W1.Data);
        Assert.Equal(net.b2.Data, back.Network.b2.Data);
    }

    /// <summary>The version 1 format, written by hand as the library wrote it before the data-set field.</summary>
    internal static byte[] Version1File(Network<float> net)
    {
        var bytes = new List<byte>();
        bytes.AddRange("MLPN"u8.ToArray());
        foreach (int v in new[] { 1, 4, net.InputSize, net.HiddenSize, net.OutputSize }) bytes.AddRange(BitConverter.GetBytes(v));
        foreach (var m in new[] { net.W1, net.b1, net.W2, net.b2 })
            foreach (float f in m.Data) bytes.AddRange(BitConverter.GetBytes(f));
        bytes.AddRange(System.Security.Cryptography.SHA256.HashData(bytes.ToArray()));
        return bytes.ToArray();
    }

    [Fact]
    public void Saving_to_a_folder_names_the_folder_and_leaves_nothing_behind()
    {
        var e = Assert.Throws<ModelSaveException>(() => ModelFile.Save(Network<float>.Create(5, 3, 2, seed: 1), _dir));
        Assert.Contains(_dir, e.Message);
        Assert.Contains("is a folder", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
