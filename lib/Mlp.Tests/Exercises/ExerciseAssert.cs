using Mlp.Exercises;

namespace Mlp.Tests.Exercises;

/// <summary>Asserts on what a check answered, showing the whole answer when it is not the expected one.</summary>
internal static class ExerciseAssert
{
    public static void Passes(ExerciseResult result)
    {
        Assert.True(result.Passed, $"Expected a pass, got: {result}");
        Assert.StartsWith("✅", result.ToString());
    }

    /// <summary>The check failed, with a hint containing <paramref name="expectedHint"/>.</summary>
    public static void Hints(ExerciseResult result, string expectedHint)
    {
        Assert.False(result.Passed, $"Expected a failure with a hint containing \"{expectedHint}\", got a pass: {result}");
        Assert.StartsWith("❌", result.ToString());
        Assert.True(result.Message.Contains(expectedHint, StringComparison.Ordinal),
            $"Expected a hint containing \"{expectedHint}\", got: {result.Message}");
        Assert.DoesNotContain("The check itself failed", result.Message);
    }
}
