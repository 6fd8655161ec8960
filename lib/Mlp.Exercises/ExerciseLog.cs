using System.Collections.Concurrent;
using System.Reflection;

namespace Mlp.Exercises;

/// <summary>
/// Which exercises have passed their check in this process (a notebook's kernel): the library's code for a step is
/// shown only after every exercise of that notebook has passed, so that it cannot be copied into the answer.
/// </summary>
public static class ExerciseLog
{
    static readonly ConcurrentDictionary<string, bool> Passed = new();

    /// <summary>Keeps the outcome of a check (a later run of the same check replaces it).</summary>
    internal static ExerciseResult Record(ExerciseResult result)
    {
        Passed[result.Title] = result.Passed;
        return result;
    }

    /// <summary>The titles of notebook <paramref name="notebook"/>'s exercises ("01" gives "Exercise 01.1 · …", "Exercise 01.2 · …"), in order.</summary>
    public static IReadOnlyList<string> Titles(string notebook) =>
        typeof(ExerciseLog).Assembly.GetTypes()
            .Select(t => t.GetField("Title", BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f!.GetRawConstantValue()!)
            .Where(title => title.StartsWith($"Exercise {notebook}.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The exercises of notebook <paramref name="notebook"/> that have not passed their check in this process.</summary>
    public static IReadOnlyList<string> Unsolved(string notebook) =>
        Titles(notebook).Where(title => !Passed.GetValueOrDefault(title)).ToArray();
}
