using System.Reflection;

namespace Mlp;

/// <summary>
/// The one door to the fast single-precision engine (lib/Mlp.Engine/, the only project that uses pointers): an
/// accelerator of the lesson's training step that this library opens if it is there (its DLL beside this one, or
/// compiled into the same assembly) and does without if not. The lesson's code (lib/Mlp/Lesson/) knows nothing of it.
/// </summary>
internal abstract class FastEngine
{
    private static readonly Lazy<FastEngine?> Opened = new(Open);

    /// <summary>The engine, or null when it is not installed.</summary>
    public static FastEngine? Door => Opened.Value;

    /// <summary>True when the engine should take single-precision steps (its switch, and the CPU it runs on).</summary>
    public abstract bool On { get; }

    /// <summary>Null when the engine computes the lesson's step for networks of this shape; else one line naming what changed.</summary>
    public abstract string? Difference(int inputs, int hidden, int outputs);

    /// <summary>The engine's step for batches of <paramref name="batchSize"/> rows.</summary>
    public abstract TrainingStep<float> Step(int batchSize, int inputs, int hidden, int outputs);

    /// <summary>True when the engine is there, on, and computes the lesson's step for this network.</summary>
    public static bool Takes<T>(Network<T> net) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) && Door is { On: true } door && door.Difference(net.InputSize, net.HiddenSize, net.OutputSize) is null;

    private const string DoorType = "Mlp.Engine.Door";

    private static FastEngine? Open()
    {
        var here = typeof(FastEngine).Assembly;
        // Where the engine's Door derives from this very FastEngine: compiled into this assembly (a test's rebuilt
        // copy), or an Mlp.Engine already loaded beside this assembly. A notebook kernel loads each referenced DLL
        // into a load context of its own, and a plain Assembly.Load from here may then load a second Mlp.Engine (and a
        // second Mlp) into the default context, whose Door is another type: so look at what is loaded first.
        var type = Usable(here)
            ?? AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Mlp.Engine").Select(Usable).FirstOrDefault(t => t is not null)
            ?? Usable(LoadEngine(here));
        return type is null ? null : (FastEngine?)Activator.CreateInstance(type, nonPublic: true);
    }

    private static Type? Usable(Assembly? assembly) =>
        assembly?.GetType(DoorType) is { } type && typeof(FastEngine).IsAssignableFrom(type) ? type : null;

    private static Assembly? LoadEngine(Assembly here)
    {
        try { return Assembly.Load("Mlp.Engine"); }
        catch (IOException)
        {
            string beside = Path.Combine(Path.GetDirectoryName(here.Location) ?? "", "Mlp.Engine.dll");
            return here.Location.Length > 0 && File.Exists(beside) ? Assembly.LoadFrom(beside) : null;
        }
    }
}
