using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Mlp.Exercises;

/// <summary>A failed check. Its message is the hint the student sees.</summary>
internal sealed class HintException(string hint) : Exception(hint);

/// <summary>
/// A typical wrong answer: if the student's result equals <see cref="Answer"/> (computed from the same
/// inputs), <see cref="Hint"/> explains the mistake better than "wrong value at [r, c]" could.
/// </summary>
internal sealed record Mistake(string Hint, Func<Matrix<double>> Answer);

/// <summary>
/// What every exercise check shares: running a check so it never throws, calling student code so its
/// exceptions become hints, comparing numbers and matrices, and writing values the way the hints show them.
/// A check is written as straight-line code that calls <see cref="Fail"/> (or a Require… helper) at
/// the first problem it finds and returns its pass message at the end.
/// </summary>
internal static class Checking
{
    /// <summary>Relative tolerance (absolute below 1): loose enough for any correct formula in double.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>Runs a check body; a hint becomes a failed result, and even a bug in the check does not crash the cell.</summary>
    public static ExerciseResult Run(string title, Func<string> body)
    {
        try { return ExerciseLog.Record(ExerciseResult.Pass(title, body())); }
        catch (HintException e) { return ExerciseLog.Record(ExerciseResult.Fail(title, e.Message)); }
        catch (Exception e)
        {
            return ExerciseLog.Record(ExerciseResult.Fail(title, $"The check itself failed ({e.GetType().Name}: {e.Message}). " +
                                                                 "This is not your fault: please tell your teacher."));
        }
    }

    public static HintException Fail(string hint) => new(hint);

    /// <summary>Throws a hint if the student passed no function at all.</summary>
    public static void RequireFunction(Delegate? student)
    {
        if (student is null) throw Fail(Strings.ExChecking02);
    }

    /// <summary>
    /// Calls the student's code. An exception it throws becomes a hint naming the exception and the input
    /// (<paramref name="input"/> describes it, e.g. "z = 1000"); null is refused the same way.
    /// </summary>
    public static T Call<T>(Func<T> student, string input)
    {
        T result;
        try { result = student(); }
        catch (NotImplementedException)
        {
            throw Fail(Strings.ExChecking03);
        }
        catch (Exception e)
        {
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExChecking04, e.GetType().Name, input, e.Message));
        }
        if (result is null) throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExChecking05, input));
        return result;
    }

    /// <summary>Calls student code that returns nothing (it changes its arguments).</summary>
    public static void Call(Action student, string input) => Call(() => { student(); return true; }, input);

    public static bool Close(double expected, double got) =>
        expected.Equals(got) || Math.Abs(expected - got) <= Tolerance * Math.Max(1, Math.Abs(expected));

    public static bool SameShape(Matrix<double> a, Matrix<double> b) => a.Rows == b.Rows && a.Cols == b.Cols;

    public static bool Close(Matrix<double> expected, Matrix<double> got) => FirstDifference(expected, got) is null;

    /// <summary>The first element where two same-shaped matrices differ (beyond the tolerance), or null.</summary>
    public static int? FirstDifference(Matrix<double> expected, Matrix<double> got)
    {
        if (!SameShape(expected, got)) return 0;
        for (int i = 0; i < expected.Data.Length; i++)
            if (!Close(expected.Data[i], got.Data[i])) return i;
        return null;
    }

    /// <summary>
    /// Requires <paramref name="got"/> to have the reference's shape. <paramref name="why"/> says where the
    /// shape comes from; <paramref name="transposedHint"/>, if given, replaces the generic hint when the
    /// student's shape is exactly the transpose.
    /// </summary>
    public static void RequireShape([NotNull] Matrix<double>? got, Matrix<double> expected, string name, string why, string? transposedHint = null)
    {
        if (got is null) throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExChecking06, name));
        if (SameShape(got, expected)) return;
        string hint = string.Format(CultureInfo.InvariantCulture, Strings.ExChecking07, name, expected.Shape, why, got.Shape);
        if (got.Rows == expected.Cols && got.Cols == expected.Rows)
            hint += Strings.ExChecking08 + (transposedHint ?? Strings.ExChecking09);
        throw Fail(hint);
    }

    /// <summary>
    /// Requires <paramref name="got"/> (already the right shape) to equal the reference. On a difference,
    /// the first known <paramref name="mistakes"/> that reproduces the student's result gives the hint;
    /// otherwise the hint names the first wrong element, its expected value and the student's.
    /// </summary>
    public static void RequireValues(Matrix<double> expected, Matrix<double> got, string name, string input, params Mistake[] mistakes)
    {
        int? at = FirstDifference(expected, got);
        if (at is null) return;
        foreach (var mistake in mistakes)
            if (Reproduces(mistake, got)) throw Fail(mistake.Hint);
        int i = at.Value;
        string where = $"{name}[{i / got.Cols}, {i % got.Cols}]";
        if (!double.IsFinite(got.Data[i]) && double.IsFinite(expected.Data[i]))
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExChecking10, where, Num(got.Data[i]), input, Num(expected.Data[i])) + NonFiniteExplanation);
        throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExChecking11, where, input, Num(expected.Data[i]), Num(got.Data[i])));
    }

    public static string NonFiniteExplanation => Strings.ExChecking12;

    /// <summary>True if the mistake's answer can be computed and equals the student's result.</summary>
    public static bool Reproduces(Mistake mistake, Matrix<double> got)
    {
        Matrix<double> wrong;
        try { wrong = mistake.Answer(); }
        catch (ArgumentException) { return false; } // the mistaken formula does not even fit these shapes
        return SameShape(wrong, got) && Close(wrong, got);
    }

    /// <summary>
    /// Checks a scalar function z ↦ f(z) against <paramref name="reference"/>: first on ordinary inputs,
    /// which any correct formula gets right, then on extreme ones, which only a numerically safe one does.
    /// See <see cref="RequireVectorFunction"/> for how a wrong answer is explained.
    /// </summary>
    public static void RequireScalarFunction(Func<double, double> student, Func<double, double> reference,
        double[] ordinary, double[] extreme, (string Hint, Func<double, double> Wrong)[] mistakes,
        Func<double, double, string> extremeHint)
    {
        RequireFunction(student);
        static Func<double[], double[]> Lift(Func<double, double> f) => z => [f(z[0])];
        RequireVectorFunction(Lift(student), Lift(reference), [.. ordinary.Select(z => new[] { z })], [.. extreme.Select(z => new[] { z })],
            [.. mistakes.Select(m => (m.Hint, Lift(m.Wrong)))], (z, got) => extremeHint(z[0], got[0]));
    }

    /// <summary>
    /// Checks a function of a vector (a scalar function is one of length 1) against <paramref name="reference"/>,
    /// on ordinary inputs first, then extreme ones. The student gets a copy of each input, and changing it is a
    /// mistake too. A wrong answer is explained by the first of <paramref name="mistakes"/> that reproduces it
    /// on every ordinary input, else by <paramref name="ordinaryCheck"/> (a property of one result, such as
    /// "sums to 1"), else by <paramref name="extremeHint"/> when only the extreme inputs are wrong, else by the
    /// first wrong input with its expected value.
    /// </summary>
    public static void RequireVectorFunction(Func<double[], double[]> student, Func<double[], double[]> reference,
        double[][] ordinary, double[][] extreme, (string Hint, Func<double[], double[]> Wrong)[] mistakes,
        Func<double[], double[], string> extremeHint, Func<double[], double[], string?>? ordinaryCheck = null)
    {
        RequireFunction(student);
        double[][] inputs = [.. ordinary, .. extreme];
        var got = new double[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++)
        {
            double[] copy = (double[])inputs[i].Clone();
            got[i] = Call(() => student(copy), $"z = {Show(inputs[i])}");
            if (!copy.AsSpan().SequenceEqual(inputs[i]))
                throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExChecking13, Show(inputs[i]), Show(copy)));
            if (got[i].Length != inputs[i].Length)
                throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExChecking14, Show(inputs[i]), inputs[i].Length, got[i].Length));
        }
        bool Right(int i) => Enumerable.Range(0, got[i].Length).All(j => Close(reference(inputs[i])[j], got[i][j]));
        int wrong = Enumerable.Range(0, inputs.Length).FirstOrDefault(i => !Right(i), -1);
        if (wrong < 0) return;

        foreach (var (hint, mistaken) in mistakes)
            if (Enumerable.Range(0, ordinary.Length).All(i => SafeEqual(() => mistaken(inputs[i]), got[i]))) throw Fail(hint);
        for (int i = 0; i < ordinary.Length && ordinaryCheck is not null; i++)
            if (ordinaryCheck(inputs[i], got[i]) is string problem) throw Fail(problem);

        double[] z = inputs[wrong], expected = reference(z), g = got[wrong];
        if (wrong >= ordinary.Length) throw Fail(extremeHint(z, g));
        string message = string.Format(CultureInfo.InvariantCulture, z.Length == 1 ? Strings.ExCheckingAt : Strings.ExChecking15, Show(z), Show(g), Show(expected));
        throw Fail(g.All(double.IsFinite) ? message : message + " " + NonFiniteExplanation);
    }

    static bool SafeEqual(Func<double[]> wrongAnswer, double[] got)
    {
        double[] wrong;
        try { wrong = wrongAnswer(); }
        catch (ArithmeticException) { return false; }
        return wrong.Length == got.Length && wrong.Zip(got).All(p => Close(p.First, p.Second));
    }

    /// <summary>A vector as a hint shows it; a single number without brackets.</summary>
    public static string Show(double[] v) => v.Length == 1 ? Num(v[0]) : Vec(v);

    /// <summary>Requires the student's code to have left an input as it was.</summary>
    public static void RequireUnchanged(Matrix<double> original, Matrix<double> passed, string name, string why)
    {
        if (!original.Data.AsSpan().SequenceEqual(passed.Data))
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExChecking16, name, why));
    }

    /// <summary>A fixed pseudo-random matrix of N(0, scale²) entries, so every run of a check sees the same inputs.</summary>
    public static Matrix<double> RandomMatrix(int rows, int cols, int seed, double scale = 1.0) =>
        Maths.RandomNormal<double>(rows, cols, new Random(seed), scale);

    /// <summary>One-hot rows: row i has a 1 in column labels[i].</summary>
    public static Matrix<double> OneHot(int[] labels, int classes)
    {
        var Y = new Matrix<double>(labels.Length, classes);
        for (int i = 0; i < labels.Length; i++) Y[i, labels[i]] = 1;
        return Y;
    }

    /// <summary>Element-wise f(M) into a new matrix.</summary>
    public static Matrix<double> Map(Matrix<double> M, Func<double, double> f)
    {
        var R = new Matrix<double>(M.Rows, M.Cols);
        for (int i = 0; i < M.Data.Length; i++) R.Data[i] = f(M.Data[i]);
        return R;
    }

    /// <summary>A copy of M times a factor.</summary>
    public static Matrix<double> Scaled(Matrix<double> M, double factor) => Map(M, v => v * factor);

    public static Matrix<double> Transpose(Matrix<double> M)
    {
        var T = new Matrix<double>(M.Cols, M.Rows);
        for (int r = 0; r < M.Rows; r++)
            for (int c = 0; c < M.Cols; c++) T[c, r] = M[r, c];
        return T;
    }

    /// <summary>Softmax down each column: the wrong-axis mistake.</summary>
    public static Matrix<double> ColumnSoftmax(Matrix<double> Z) => Transpose(Maths.Softmax(Transpose(Z)));

    /// <summary>A number as the hints write it: up to 6 significant digits, NaN, ∞ or −∞.</summary>
    public static string Num(double x) => x switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "−∞",
        _ => x.ToString("G6", CultureInfo.InvariantCulture),
    };

    /// <summary>A vector as the hints write it, e.g. "[1, 2, 3]" (long ones are cut after 8 entries).</summary>
    public static string Vec(IReadOnlyList<double> v) =>
        "[" + string.Join(", ", v.Take(8).Select(Num)) + (v.Count > 8 ? $", … ({v.Count} entries)" : "") + "]";

    /// <summary>A small matrix as nested rows, e.g. "[[1, 2], [3, 4]]"; a big one by its shape.</summary>
    public static string Mat(Matrix<double> M) =>
        M.Data.Length <= 12
            ? "[" + string.Join(", ", Enumerable.Range(0, M.Rows).Select(r => Vec(M.Row(r).ToArray()))) + "]"
            : $"a {M.Shape} matrix";
}
