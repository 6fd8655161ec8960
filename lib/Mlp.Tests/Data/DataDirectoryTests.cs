using Mlp.Data;

namespace Mlp.Tests.Data;

public sealed class DataDirectoryTests : IDisposable
{
    private readonly TempFolder _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Finds_the_repositorys_data_folder_from_any_folder_below()
    {
        Directory.CreateDirectory(Path.Combine(_repo.Path, "lib"));
        _repo.Write(CourseRepository.Marker, "<Solution />"u8.ToArray());
        Directory.CreateDirectory(Path.Combine(_repo.Path, "data"));
        string notebooks = Directory.CreateDirectory(Path.Combine(_repo.Path, "notebooks")).FullName;
        string testBin = Directory.CreateDirectory(Path.Combine(_repo.Path, "lib", "Mlp.Tests", "bin", "Release", "net10.0")).FullName;

        string expected = Path.Combine(_repo.Path, "data");
        Assert.Equal(expected, DataDirectory.FindRepositoryData(_repo.Path));
        Assert.Equal(expected, DataDirectory.FindRepositoryData(notebooks));
        Assert.Equal(expected, DataDirectory.FindRepositoryData(testBin));
    }

    [Fact]
    public void A_folder_named_data_outside_a_repository_is_not_taken()
    {
        Directory.CreateDirectory(Path.Combine(_repo.Path, "data"));
        string below = Directory.CreateDirectory(Path.Combine(_repo.Path, "a", "b")).FullName;

        // Above the temp folder there is no repository either (unless the temp folder is inside one).
        string? found = DataDirectory.FindRepositoryData(below);
        Assert.NotEqual(Path.Combine(_repo.Path, "data"), found);
    }

    [Fact]
    public void The_tests_find_this_repositorys_data_folder()
    {
        if (Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable) is { Length: > 0 })
            return; // the variable decides, by design

        string root = DataDirectory.FindRoot();

        Assert.True(File.Exists(Path.Combine(root, "..", "global.json")), root);
        Assert.Equal("data", Path.GetFileName(root));
    }

    [Fact]
    public void An_explicit_folder_wins_and_must_exist()
    {
        Assert.Equal(_repo.Path, DataDirectory.Resolve(DatasetInfo.Mnist, _repo.Path));

        string file = _repo.Write("not-a-folder", []);
        var e = Assert.Throws<DataUnavailableException>(() => DataDirectory.Resolve(DatasetInfo.Mnist, file));
        Assert.Contains("(it is a file)", e.Message);
    }

    [Fact]
    public void The_built_in_data_sets_are_described_consistently()
    {
        foreach (DatasetInfo info in new[] { DatasetInfo.For(DatasetName.Mnist), DatasetInfo.For(DatasetName.FashionMnist) })
        {
            Assert.Equal(["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"],
                info.Files.Select(f => f.GzipName));
            Assert.Equal([47_040_016L, 60_008, 7_840_016, 10_008], info.Files.Select(f => f.Size));
            Assert.All(info.Files, f => Assert.Matches("^[0-9a-f]{32}$", f.Md5));
            Assert.All(info.Mirrors, m => Assert.EndsWith("/", m.AbsoluteUri));
            Assert.NotEmpty(info.Mirrors);
        }
        Assert.Equal("mnist", DatasetInfo.Mnist.FolderName);
        Assert.Equal("fashion", DatasetInfo.FashionMnist.FolderName);
        Assert.StartsWith("https://ossci-datasets.s3.amazonaws.com/", DatasetInfo.Mnist.Mirrors[0].AbsoluteUri);
        Assert.StartsWith("http://yann.lecun.com/", DatasetInfo.Mnist.Mirrors[^1].AbsoluteUri);
    }
}
