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

/// <summary>Wrong answers that several exercises' tests build.</summary>
internal static class WrongAnswers
{
    /// <summary>
    /// A hidden layer's gradients (dz, dW, db) with dz = (dzAbove·WAboveᵀ) ⊙ slope(z) and dW = aBelowᵀ·dz · scale/n: the right
    /// answer with the layer's true derivative and scale 1, a typical mistake with another slope or scale.
    /// </summary>
    public static (Matrix<double> dz, Matrix<double> dW, Matrix<double> db) HiddenLayer(Matrix<double> dzAbove, Matrix<double> WAbove,
        Matrix<double> z, Matrix<double> aBelow, Func<double, double> slope, double scale = 1.0)
    {
        var dz = LinearAlgebra.MatMulTransposeB(dzAbove, WAbove);
        for (int i = 0; i < dz.Data.Length; i++) dz.Data[i] *= slope(z.Data[i]);
        return (dz, Checking.Scaled(LinearAlgebra.MatMulTransposeA(aBelow, dz), scale / aBelow.Rows),
                Checking.Scaled(LinearAlgebra.ColumnSums(dz), 1.0 / aBelow.Rows));
    }
}

