using Mlp.Data;

namespace Mlp.Cli;

/// <summary>`download`: fetches and verifies the data set now (it is the request to use the network, so MLP_OFFLINE does not stop it).</summary>
internal static class DownloadCommand
{
    public static int Run(DataChoice data, TextWriter stdout, TextWriter stderr)
    {
        var info = data.Info;
        string folder = DataDirectory.Resolve(info, data.Folder);
        var split = DataLoader.Load(info, data.Folder, data.LoaderOptions(stderr) with { AllowDownload = true });
        stdout.WriteLine(Localized.Format(Strings.DownloadReady, info.Name, folder, split.Train.Count, split.Test.Count));
        return CommandLine.Ok;
    }
}
