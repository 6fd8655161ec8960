using System.Runtime.CompilerServices;
using Mlp.Data;

namespace Mlp.Notebook.Tests;

internal static class Offline
{
    /// <summary>
    /// Tests never download: the kernels these tests start inherit MLP_OFFLINE=1, so a notebook whose
    /// data is missing fails with the loader's clear message instead of fetching MNIST from the internet.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => Environment.SetEnvironmentVariable(DataLoaderOptions.OfflineVariable, "1");
}
