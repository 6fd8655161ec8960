using System.Reflection;
using System.Runtime.Loader;
using Mlp.Charts.Contract;

namespace Mlp.Notebook;

/// <summary>
/// Loads Mlp.Charts (Plotly.NET and its FSharp.Core 10.1) from the charts/ folder next to this assembly
/// into an AssemblyLoadContext of its own, so it never meets the FSharp.Core 10.0 the kernel has loaded,
/// and hands out its <see cref="IFigures"/>: the usual plugin pattern. The interface lives in the small
/// contract assembly Mlp.Charts.Contract, which both contexts share (the isolated context defers it to
/// the default one), so calls are typed and checked by the compiler on both sides; only plain types
/// (arrays, strings, numbers) cross the boundary.
/// </summary>
internal static class ChartsHost
{
    const string FiguresType = "Mlp.Charts.Figures";
    static readonly Lazy<IFigures> Instance = new(LoadFigures);

    public static string ChartsFolder =>
        Path.Combine(Path.GetDirectoryName(typeof(ChartsHost).Assembly.Location)!, "charts");

    /// <summary>The chart library, loaded on first use.</summary>
    public static IFigures Figures => Instance.Value;

    static IFigures LoadFigures()
    {
        string path = Path.Combine(ChartsFolder, "Mlp.Charts.dll");
        if (!File.Exists(path))
            throw new FileNotFoundException(string.Format(System.Globalization.CultureInfo.InvariantCulture, Strings.NbChartsMissing, path), path);
        var type = new IsolatedContext(path).LoadFromAssemblyPath(path).GetType(FiguresType, throwOnError: true)!;
        return Activator.CreateInstance(type) as IFigures
            ?? throw new InvalidOperationException($"{FiguresType} in {path} does not implement {typeof(IFigures).FullName} " +
                                                   "as loaded here: the charts/ folder holds an old build. Rebuild with: dotnet build lib/Mlp.Notebook -c Release");
    }

    sealed class IsolatedContext(string mainAssembly) : AssemblyLoadContext("Mlp.Charts (Plotly.NET, FSharp.Core 10.1)")
    {
        static readonly Assembly Contract = typeof(IFigures).Assembly;
        readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

        // The contract is the very assembly this side uses (whichever context the kernel loaded it into);
        // everything else listed in Mlp.Charts.deps.json comes from charts/; the framework from the default context.
        protected override Assembly? Load(AssemblyName name) =>
            name.Name == Contract.GetName().Name ? Contract
            : _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
