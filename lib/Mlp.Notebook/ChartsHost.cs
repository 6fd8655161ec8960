using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace Mlp.Notebook;

/// <summary>
/// Loads Mlp.Charts (Plotly.NET and its FSharp.Core 10.1) from the charts/ folder next to this assembly
/// into an AssemblyLoadContext of its own, so it never meets the FSharp.Core 10.0 the kernel has loaded.
/// Calls cross the boundary as delegates over plain types (arrays, strings) only.
/// </summary>
internal static class ChartsHost
{
    const string FiguresType = "Mlp.Charts.Figures";
    static readonly Lazy<Type> Figures = new(LoadFigures);
    static readonly ConcurrentDictionary<string, Delegate> Bound = new();

    public static string ChartsFolder =>
        Path.Combine(Path.GetDirectoryName(typeof(ChartsHost).Assembly.Location)!, "charts");

    /// <summary>The static method <paramref name="name"/> of Mlp.Charts.Figures as a typed delegate.</summary>
    public static TDelegate Bind<TDelegate>(string name) where TDelegate : Delegate =>
        (TDelegate)Bound.GetOrAdd(name, n => Figures.Value.GetMethod(n, BindingFlags.Public | BindingFlags.Static)?.CreateDelegate<TDelegate>()
            ?? throw new MissingMethodException(FiguresType, n));

    static Type LoadFigures()
    {
        string path = Path.Combine(ChartsFolder, "Mlp.Charts.dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"The chart library is missing ({path}). Rebuild with: dotnet build lib/Mlp.Notebook -c Release", path);
        var context = new IsolatedContext(path);
        return context.LoadFromAssemblyPath(path).GetType(FiguresType, throwOnError: true)!;
    }

    sealed class IsolatedContext(string mainAssembly) : AssemblyLoadContext("Mlp.Charts (Plotly.NET, FSharp.Core 10.1)")
    {
        readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

        // Everything listed in Mlp.Charts.deps.json comes from charts/; the framework from the default context.
        protected override Assembly? Load(AssemblyName name) =>
            _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
