namespace Mlp;

/// <summary>
/// A seeded random number generator whose sequence is fixed by this file, not by the .NET runtime:
/// the SplitMix64 generator (Steele, Lea and Flood, 2014), 64 bits of state.
/// </summary>
/// <remarks>
/// .NET documents that <c>new Random(seed)</c> may produce a different sequence in another major
/// version, so a course that promises "the same seed gives the same numbers" on every student's
/// machine needs its own generator. It derives from <see cref="Random"/>, so it can be passed
/// wherever a <see cref="Random"/> is expected. The stream number selects an independent
/// sequence for the same seed (the trainer uses one for the initial weights, another for shuffling).
/// </remarks>
public sealed class PortableRandom : Random
{
    private ulong _state;

    public PortableRandom(int seed, int stream = 0)
        => _state = Mix((ulong)(uint)seed) ^ Mix(0x632BE59BD9B4E019UL + (ulong)(uint)stream);

    /// <summary>A generator in a given raw state (to compare with SplitMix64's published test values).</summary>
    internal static PortableRandom FromState(ulong state) => new(0) { _state = state };

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1), with 53 random bits.</summary>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    protected override double Sample() => NextDouble();

    /// <summary>Uniform in [0, maxValue), without bias (Lemire's multiply-and-reject method).</summary>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        if (maxValue <= 1) return 0;
        ulong range = (ulong)maxValue;
        ulong threshold = (0UL - range) % range;  // 2^64 mod range: the low values that would bias the result
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * range;
            if ((ulong)product >= threshold) return (int)(ulong)(product >> 64);
        }
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)NextInt64((long)maxValue - minValue));
    }

    public override int Next() => Next(int.MaxValue);

    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        if (maxValue <= int.MaxValue) return Next((int)maxValue);
        ulong range = (ulong)maxValue, threshold = (0UL - range) % range;
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * range;
            if ((ulong)product >= threshold) return (long)(ulong)(product >> 64);
        }
    }

    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)(NextUInt64() >> 56);
    }

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    /// <summary>The SplitMix64 output function: a bijection that scrambles all 64 bits.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
