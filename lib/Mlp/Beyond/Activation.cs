using System.Numerics;

namespace Mlp.Beyond;

/// <summary>The hidden layers' nonlinearity f, applied entry by entry: a = f(z).</summary>
public enum Activation
{
    /// <summary>σ(z) = 1 / (1 + e^−z), the lesson's; σ′(z) = σ(z)(1 − σ(z)) ≤ 1/4.</summary>
    Sigmoid,
    /// <summary>tanh z = 2σ(2z) − 1, centred on 0; tanh′(z) = 1 − tanh² z ≤ 1.</summary>
    Tanh,
    /// <summary>ReLU(z) = max(0, z); its derivative is 1 for z &gt; 0 and 0 otherwise.</summary>
    ReLU,
}

/// <summary>f and f′ for each <see cref="Activation"/>, and the initialisation that suits it.</summary>
public static class Nonlinear
{
    /// <summary>a = f(z).</summary>
    public static T Apply<T>(Activation f, T z) where T : unmanaged, IFloatingPointIeee754<T> => f switch
    {
        Activation.Sigmoid => Maths.Sigmoid(z),
        Activation.Tanh => T.Tanh(z),
        Activation.ReLU => T.Max(T.Zero, z),
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, Strings.ActivationKinds),
    };

    /// <summary>f′(z), written with a = f(z) where that is how it is usually computed.</summary>
    public static T Derivative<T>(Activation f, T z, T a) where T : unmanaged, IFloatingPointIeee754<T> => f switch
    {
        Activation.Sigmoid => a * (T.One - a),   // σ′ = σ(1 − σ)
        Activation.Tanh => T.One - a * a,          // tanh′ = 1 − tanh²
        Activation.ReLU => z > T.Zero ? T.One : T.Zero,
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, Strings.ActivationKinds),
    };
}

/// <summary>
/// The standard deviation of a layer's initial weights (notebook 01's argument): each unit of the next layer sums
/// fan_in products, so Var(z) = fan_in · Var(w) · E[x²]. Keeping that near 1 gives √(1/fan_in) (LeCun, the lesson's);
/// asking the backward pass to keep its variance too gives Glorot's √(2/(fan_in + fan_out)); ReLU zeroes half its
/// inputs, so He doubles LeCun's variance: √(2/fan_in).
/// </summary>
public enum Init
{
    /// <summary>√(1/fan_in): the lesson's (LeCun).</summary>
    Lesson,
    /// <summary>√(2/(fan_in + fan_out)): Glorot and Bengio (2010), for tanh.</summary>
    Glorot,
    /// <summary>√(2/fan_in): He et al. (2015), for ReLU.</summary>
    He,
}

public static class InitScale
{
    public static double Of(Init init, int fanIn, int fanOut) => init switch
    {
        Init.Lesson => Math.Sqrt(1.0 / fanIn),
        Init.Glorot => Math.Sqrt(2.0 / (fanIn + fanOut)),
        Init.He => Math.Sqrt(2.0 / fanIn),
        _ => throw new ArgumentOutOfRangeException(nameof(init), init, Strings.InitKinds),
    };
}
