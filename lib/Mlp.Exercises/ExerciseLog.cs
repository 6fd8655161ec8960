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

    /// <summary>The titles of notebook <paramref name="notebook"/>'s exercises in the current UI language ("01" gives
    /// "Exercise 01.1 · …", "Exercise 01.2 · …", or 練習 01.1 · …), in order: each check's static <c>Title</c> (a property, localized, or a constant).</summary>
    public static IReadOnlyList<string> Titles(string notebook) =>
        typeof(ExerciseLog).Assembly.GetTypes()
            .Select(t => t.GetProperty("Title", BindingFlags.Public | BindingFlags.Static) is { PropertyType: var type } property && type == typeof(string)
                ? (string?)property.GetValue(null)
                : t.GetField("Title", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field ? field.GetRawConstantValue() as string : null)
            .OfType<string>()
            .Where(title => System.Text.RegularExpressions.Regex.IsMatch(title, $@"^\S+ {notebook}\.\d+ "))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The exercises of notebook <paramref name="notebook"/> that have not passed their check in this process.</summary>
    public static IReadOnlyList<string> Unsolved(string notebook) =>
        Titles(notebook).Where(title => !Passed.GetValueOrDefault(title)).ToArray();
}
