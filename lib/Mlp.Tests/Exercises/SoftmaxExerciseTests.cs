using static Mlp.Tests.Exercises.ExerciseAssert;
using Ex = Mlp.Exercises;

namespace Mlp.Tests.Exercises;

using Maths = Mlp.Maths;

public class SoftmaxExerciseTests
{
    static double[] Normalised(double[] e) => e.Select(v => v / e.Sum()).ToArray();

    [Fact]
    public void Solutions_pass()
    {
        Passes(Ex.SoftmaxExercise.Check(Solutions.Softmax));
        Passes(Ex.SoftmaxRowsExercise.Check(Solutions.SoftmaxRows));
        Passes(Ex.SoftmaxRowsExercise.Check(Z => Maths.Softmax(Z)));
    }

    public static TheoryData<string, Func<double[], double[]>, string> WrongSoftmaxes => new()
    {
        { "no max subtraction", z => Normalised(z.Select(Math.Exp).ToArray()), "Subtract the largest logit first" },
        { "min subtracted", z => Normalised(z.Select(v => Math.Exp(v - z.Min())).ToArray()), "not the minimum or the mean" },
        { "not normalised", z => z.Select(Math.Exp).ToArray(), "without dividing by the sum" },
        { "max but not normalised", z => z.Select(v => Math.Exp(v - z.Max())).ToArray(), "You returned e^(z_i − max z) without dividing" },
        { "logits over their sum", z => z.Select(v => v / z.Sum()).ToArray(), "You divided the logits by their sum" },
        { "sigmoid", z => z.Select(Maths.Sigmoid).ToArray(), "You applied the sigmoid to each logit" },
        { "identity", z => (double[])z.Clone(), "You returned the logits unchanged" },
        { "sum off by one", z => z.Select(v => Math.Exp(v - z.Max()) / (1 + z.Sum(w => Math.Exp(w - z.Max())))).ToArray(), "not 1" },
        { "NaN", z => z.Select(_ => double.NaN).ToArray(), "For z = [1, 2, 3] your function returned [NaN, NaN, NaN]" },
        { "one entry short", z => Solutions.Softmax(z).Skip(1).ToArray(), "(3 numbers) your function returned 2 numbers" },
        { "index out of range", z => [z[3]], "threw IndexOutOfRangeException for z = [1, 2, 3]" },
        { "in place", InPlace, "Your function changed its input" },
    };

    static double[] InPlace(double[] z)
    {
        double max = z.Max();
        for (int i = 0; i < z.Length; i++) z[i] = Math.Exp(z[i] - max);
        double sum = z.Sum();
        for (int i = 0; i < z.Length; i++) z[i] /= sum;
        return z;
    }

    [Theory, MemberData(nameof(WrongSoftmaxes))]
    public void Wrong_softmaxes_get_their_hint(string mistake, Func<double[], double[]> softmax, string hint)
    {
        _ = mistake;
        Hints(Ex.SoftmaxExercise.Check(softmax), hint);
    }

    static Matrix<double> Transposed(Matrix<double> M) => Ex.Checking.Transpose(M);

    static Matrix<double> EachRow(Matrix<double> Z, Func<double[], double[]> f) =>
        Matrix<double>.FromRows(Enumerable.Range(0, Z.Rows).Select(r => f(Z.Row(r).ToArray())).ToArray());

    public static TheoryData<string, Func<Matrix<double>, Matrix<double>>, string> WrongBatchSoftmaxes => new()
    {
        { "columns", Z => Transposed(Solutions.SoftmaxRows(Transposed(Z))), "you normalised over the wrong axis" },
        { "whole batch", Z => new Matrix<double>(Z.Rows, Z.Cols, Solutions.Softmax(Z.Data)), "you normalised over the whole batch" },
        { "batch maximum", Z => EachRow(Z, z => Normalised(z.Select(v => Math.Exp(v - Z.Data.Max())).ToArray())), "Subtract each row's own maximum" },
        { "no max subtraction", Z => EachRow(Z, z => Normalised(z.Select(Math.Exp).ToArray())), "Row 0, [1000, 999, …], came out NaN" },
        { "not normalised", Z => EachRow(Z, z => z.Select(Math.Exp).ToArray()), "without dividing by the row sums" },
        { "sigmoid", Z => Maths.Sigmoid(Z), "You applied the sigmoid to each entry" },
        { "identity", Z => Z.Clone(), "You returned Z unchanged" },
        { "transposed result", Z => Transposed(Solutions.SoftmaxRows(Z)), "softmax(Z) should have shape (4×3)" },
        { "in place", Z => { Solutions.SoftmaxRows(Z).Data.CopyTo(Z.Data, 0); return Z; }, "Your code changed its input Z" },
        { "null", Z => null!, "Your code returned null for an ordinary 4×3 batch Z" },
    };

    [Theory, MemberData(nameof(WrongBatchSoftmaxes))]
    public void Wrong_batch_softmaxes_get_their_hint(string mistake, Func<Matrix<double>, Matrix<double>> softmax, string hint)
    {
        _ = mistake;
        Hints(Ex.SoftmaxRowsExercise.Check(softmax), hint);
    }
}
