namespace Mlp.Data;

/// <summary>The data sets <see cref="DataLoader"/> knows; see <see cref="DatasetInfo"/>.</summary>
public enum DatasetName
{
    /// <summary>Handwritten digits 0-9 (LeCun, Cortes and Burges).</summary>
    Mnist,

    /// <summary>Zalando's photos of clothing in 10 classes, same format and sizes as MNIST.</summary>
    FashionMnist,
}
