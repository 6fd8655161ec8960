namespace Mlp.Data;

/// <summary>A data set split into the images to learn from and the images to test on.</summary>
/// <param name="Train">The training images (60,000 for MNIST).</param>
/// <param name="Test">The test images, never learned from (10,000 for MNIST).</param>
public sealed record DataSplit(LabeledImages Train, LabeledImages Test);
