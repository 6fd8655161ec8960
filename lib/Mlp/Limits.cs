using System.Numerics;

namespace Mlp;

/// <summary>
/// The allowed range of one hyperparameter: <see cref="Min"/> to <see cref="Max"/>, the minimum
/// excluded when <see cref="MinExclusive"/>. <see cref="TrainingOptions"/> declares one per option,
/// and both its validation and the command line's parser and help read it from there.
/// </summary>
public readonly record struct Limits<T>(T Min, T Max, bool MinExclusive = false) where T : INumber<T>
{
    public bool Contains(T value) => (MinExclusive ? value > Min : value >= Min) && value <= Max;

    /// <summary>"between 1 and 65536" or "greater than 0 and at most 1000" (in the reader's language; numbers invariant).</summary>
    public override string ToString() => Localized.Format(MinExclusive ? Strings.LimitsAbove : Strings.LimitsBetween, Min, Max);
}
