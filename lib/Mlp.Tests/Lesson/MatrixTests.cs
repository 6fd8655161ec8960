namespace Mlp.Tests.Lesson;

public class MatrixTests
{
    [Fact]
    public void Elements_are_stored_row_by_row()
    {
        var m = Matrix<double>.FromRows([[1, 2, 3], [4, 5, 6]]);
        Assert.Equal((2, 3), (m.Rows, m.Cols));
        Assert.Equal([1, 2, 3, 4, 5, 6], m.Data);
        Assert.Equal(6, m[1, 2]);
        Assert.Equal("(2×3)", m.Shape);
    }

    [Fact]
    public void Out_of_range_index_names_the_index_and_shape()
    {
        var m = new Matrix<float>(2, 3);
        var e = Assert.Throws<IndexOutOfRangeException>(() => m[2, 0]);
        Assert.Contains("[2, 0]", e.Message);
        Assert.Contains("(2×3)", e.Message);
    }

    [Fact]
    public void Wrong_data_length_and_negative_sizes_are_refused()
    {
        Assert.Contains("needs 6 elements", Assert.Throws<ArgumentException>(() => new Matrix<float>(2, 3, new float[5])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<float>(-1, 3));
        Assert.Throws<ArgumentException>(() => Matrix<double>.FromRows([[1, 2], [3]]));
    }

    [Fact]
    public void Cast_converts_precision()
    {
        var m = Matrix<float>.FromRows([[0.5f, -2f]]);
        var d = m.Cast<double>();
        Assert.Equal([0.5, -2.0], d.Data);
    }
}
