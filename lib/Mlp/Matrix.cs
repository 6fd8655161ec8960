using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mlp;

/// <summary>
/// A dense matrix stored row by row: element (r, c) lives at <c>Data[r * Cols + c]</c>.
/// <typeparamref name="T"/> is <see cref="float"/> for fast training or <see cref="double"/> for
/// gradient checks; all maths in this library is written once with .NET generic math.
/// </summary>
public sealed class Matrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Rows { get; }
    public int Cols { get; }

    /// <summary>The elements, row-major. Length is Rows * Cols.</summary>
    public T[] Data { get; }

    public Matrix(int rows, int cols)
        : this(rows, cols, new T[CheckedSize(rows, cols)]) { }

    public Matrix(int rows, int cols, T[] data)
    {
        long size = CheckedSize(rows, cols);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != size)
            throw new ArgumentException(Localized.Format(Strings.MatrixData, rows, cols, size, data.Length), nameof(data));
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    /// <summary>A matrix from nested rows, e.g. <c>Matrix&lt;double&gt;.FromRows([[1, 2], [3, 4]])</c>.</summary>
    public static Matrix<T> FromRows(T[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int cols = rows.Length == 0 ? 0 : rows[0].Length;
        var m = new Matrix<T>(rows.Length, cols);
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length != cols)
                throw new ArgumentException(Localized.Format(Strings.MatrixRowLength, r, rows[r].Length, cols), nameof(rows));
            rows[r].CopyTo(m.Row(r));
        }
        return m;
    }

    public T this[int r, int c]
    {
        get => Data[Index(r, c)];
        set => Data[Index(r, c)] = value;
    }

    /// <summary>Row r as a span (no copy).</summary>
    public Span<T> Row(int r)
    {
        if ((uint)r >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(r), Localized.Format(Strings.MatrixRowOutside, r, Shape));
        return Data.AsSpan(r * Cols, Cols);
    }

    /// <summary>The shape as the maths writes it, e.g. "(100×784)".</summary>
    public string Shape => $"({Rows}×{Cols})";

    public Matrix<T> Clone() => new(Rows, Cols, (T[])Data.Clone());

    /// <summary>A copy converted to another element type (e.g. float to double).</summary>
    public Matrix<TOut> Cast<TOut>() where TOut : unmanaged, IFloatingPointIeee754<TOut>
    {
        var m = new Matrix<TOut>(Rows, Cols);
        for (int i = 0; i < Data.Length; i++) m.Data[i] = TOut.CreateChecked(Data[i]);
        return m;
    }

    /// <summary>Copies <paramref name="source"/> into this matrix; shapes must match.</summary>
    public void CopyFrom(Matrix<T> source)
    {
        Shapes.RequireSame(this, source, "CopyFrom");
        source.Data.CopyTo(Data, 0);
    }

    public override string ToString() => $"Matrix<{typeof(T).Name}> {Shape}";

    private int Index(int r, int c)
    {
        if ((uint)r >= (uint)Rows || (uint)c >= (uint)Cols)
            throw new IndexOutOfRangeException(Localized.Format(Strings.MatrixIndexOutside, r, c, Shape));
        return r * Cols + c;
    }

    private static int CheckedSize(int rows, int cols)
    {
        if (rows < 0 || cols < 0)
            throw new ArgumentOutOfRangeException(nameof(rows), Localized.Format(Strings.MatrixNegative, rows, cols));
        long size = (long)rows * cols;
        if (size > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(rows), Localized.Format(Strings.MatrixTooLarge, rows, cols, size));
        return (int)size;
    }
}

/// <summary>Shape checks that name both shapes, so a mistake reads like the maths.</summary>
public static class Shapes
{
    public static void RequireSame<T>(Matrix<T> a, Matrix<T> b, string operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Rows != b.Rows || a.Cols != b.Cols)
            throw Mismatch(Strings.ShapeSame, operation, a.Shape, b.Shape);
    }

    /// <summary>The exception for a failed shape check, its message a text of Strings.resx in the reader's language:
    /// <c>if (A.Cols != B.Rows) throw Shapes.Mismatch(Strings.ShapeMatMul, A.Shape, B.Shape);</c> formats only when it fails.</summary>
    internal static ShapeMismatchException Mismatch(string format, params object?[] args) => new(Localized.Format(format, args));

    public static void Require(bool ok, string message)
    {
        if (!ok) throw new ShapeMismatchException(message);
    }

    /// <summary>The same check for a <c>$"..."</c> message: the message is only formatted when the
    /// check fails, so a passing check allocates nothing (training calls these every batch).</summary>
    public static void Require(bool ok, [InterpolatedStringHandlerArgument(nameof(ok))] ref FailureMessage message)
    {
        if (!ok) throw new ShapeMismatchException(message.ToStringAndClear());
    }
}

/// <summary>Formats an interpolated message only when the condition it is passed with is false.</summary>
[InterpolatedStringHandler]
public ref struct FailureMessage
{
    private DefaultInterpolatedStringHandler _inner;

    public FailureMessage(int literalLength, int formattedCount, bool ok, out bool shouldAppend)
    {
        _inner = ok ? default : new DefaultInterpolatedStringHandler(literalLength, formattedCount);
        shouldAppend = !ok;
    }

    public void AppendLiteral(string s) => _inner.AppendLiteral(s);
    public void AppendFormatted<TValue>(TValue value) => _inner.AppendFormatted(value);
    public void AppendFormatted<TValue>(TValue value, string? format) => _inner.AppendFormatted(value, format);
    public string ToStringAndClear() => _inner.ToStringAndClear();
}

/// <summary>Two matrices whose shapes do not fit the operation; the message names both shapes.</summary>
public sealed class ShapeMismatchException(string message) : ArgumentException(message);
