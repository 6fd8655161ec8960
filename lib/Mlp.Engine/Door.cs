namespace Mlp.Engine;

/// <summary>The engine's side of the one door (<see cref="FastEngine"/>): its switch, its proof, its step.</summary>
internal sealed class Door : FastEngine
{
    public override bool On => Kernels.UseEngine<float>();

    public override string? Difference(int inputs, int hidden, int outputs) => EngineCheck.Difference(inputs, hidden, outputs);

    public override TrainingStep<float> Step(int batchSize, int inputs, int hidden, int outputs) => new FastStep(batchSize, inputs, hidden, outputs);
}
