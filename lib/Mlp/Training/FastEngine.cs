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
        var type = here.GetType(DoorType); // compiled into this assembly (a test's rebuilt copy)
        if (type is null)
        {
            Assembly? engine;
            try { engine = Assembly.Load("Mlp.Engine"); }
            catch (IOException)
            {
                string beside = Path.Combine(Path.GetDirectoryName(here.Location) ?? "", "Mlp.Engine.dll");
                engine = here.Location.Length > 0 && File.Exists(beside) ? Assembly.LoadFrom(beside) : null;
            }
            type = engine?.GetType(DoorType);
        }
        return type is null ? null : (FastEngine?)Activator.CreateInstance(type, nonPublic: true);
    }
}
