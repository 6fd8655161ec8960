using System.Text.RegularExpressions;

namespace Mlp.Runner;

/// <summary>
/// The teacher's edition (<c>mlp-notebooks --solutions</c>): the notebooks with every exercise solved by its reference
/// solution, the one the tests check (lib/Mlp.Tests/Exercises/Solutions.cs, read here as text).
/// <para>
/// The mapping needs no markers. A check cell calls <c>&lt;Step&gt;Exercise.Check(MyFunction)</c>; the exercise is the
/// method <c>MyFunction</c> declared in an earlier code cell, and its solution is the method <c>Solutions.&lt;Step&gt;</c>.
/// The declaration of <c>MyFunction</c> is replaced by that method, renamed to <c>MyFunction</c>, together with the
/// other solution methods it calls (as <c>Solutions.ForwardPass</c> calls <c>SoftmaxRows</c>). Everything else in
/// the notebook stays as it is, and the notebook file itself is never written.
/// </para>
/// </summary>
public sealed class TeacherEdition
{
    /// <summary>Where the reference solutions live, relative to the repository.</summary>
    public const string SolutionsFile = "lib/Mlp.Tests/Exercises/Solutions.cs";

    /// <summary>What every cell the student fills in has: its stub throws.</summary>
    const string Stub = "throw new NotImplementedException";

    /// <summary>An older marker of such a cell, dropped in the edition (it would no longer be true).</summary>
    const string StudentMarker = "// Your code here.";

    static readonly Regex CheckCall = new(@"\b(?<step>\w+)Exercise\s*\.\s*Check\s*\((?<args>[^()]*)\)");
    static readonly Regex AnyCheck = new(@"\b\w+Exercise\s*\.\s*Check\w*\s*\(");
    static readonly Regex PublicStatic = new(@"(?m)^(?<indent>[ \t]*)public static (?<rest>.*?)\b(?<name>\w+)\s*\(");

    readonly Dictionary<string, Method> _solutions;

    TeacherEdition(Dictionary<string, Method> solutions) => _solutions = solutions;

    /// <summary>The solution methods by name.</summary>
    public IReadOnlyCollection<string> SolutionNames => _solutions.Keys;

    /// <summary>Reads the solutions of the repository at <paramref name="repo"/>.</summary>
    /// <exception cref="FileNotFoundException">The solutions file is missing.</exception>
    public static TeacherEdition Load(string repo)
    {
        string path = Path.Combine(repo, SolutionsFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The teacher's edition needs the reference solutions in {SolutionsFile}, and there is no such file in {repo}.", path);
        return Parse(File.ReadAllText(path));
    }

    /// <summary>The public static methods of a C# source file (the solutions), with their doc comments.</summary>
    public static TeacherEdition Parse(string source)
    {
        var methods = new Dictionary<string, Method>();
        foreach (Match m in PublicStatic.Matches(source))
        {
            if (Regex.IsMatch(m.Groups["rest"].Value, @"\b(class|record|struct|interface)\b")) continue;
            int end = MethodEnd(source, m.Groups["name"].Index + m.Groups["name"].Length);
            if (end < 0) continue;
            int start = WithDocComment(source, m.Index);
            string text = Dedent(source[start..end], m.Groups["indent"].Value)
                .Replace("public static ", "", StringComparison.Ordinal);
            methods[m.Groups["name"].Value] = new Method(m.Groups["name"].Value, text);
        }
        return new TeacherEdition(methods);
    }

    /// <summary>An exercise of a notebook: the check cell, the cell the student writes in, the function's name, the step.</summary>
    public sealed record Exercise(int CheckCell, int ExerciseCell, string Function, string Step)
    {
        public string CheckClass => Step + "Exercise";
    }

    /// <summary>
    /// Every exercise of <paramref name="notebook"/> (by cell index), and what cannot be mapped: a check whose argument
    /// is not one function declared in an earlier cell, or a student cell (its stub has "throw new NotImplementedException") that no check uses.
    /// </summary>
    public static (IReadOnlyList<Exercise> Exercises, IReadOnlyList<string> Problems) Find(Notebook notebook)
    {
        var cells = notebook.Cells;
        var exercises = new List<Exercise>();
        var problems = new List<string>();
        for (int i = 0; i < cells.Count; i++)
        {
            if (!cells[i].IsCode) continue;
            string source = cells[i].Source;
            var calls = CheckCall.Matches(source);
            if (AnyCheck.Matches(source).Count != calls.Count)
                problems.Add($"{notebook.Name}, cell {i}: a check the teacher's edition cannot read (it expects <Step>Exercise.Check(MyFunction)):\n{source}");
            foreach (Match call in calls)
            {
                string function = call.Groups["args"].Value.Trim();
                if (!Regex.IsMatch(function, @"^\w+$"))
                {
                    problems.Add($"{notebook.Name}, cell {i}: {call.Value} passes more than the name of one function; the teacher's edition expects <Step>Exercise.Check(MyFunction).");
                    continue;
                }
                int declaring = Enumerable.Range(0, i).Reverse().FirstOrDefault(j => cells[j].IsCode && Declaration(cells[j].Source, function) is not null, -1);
                if (declaring < 0) problems.Add($"{notebook.Name}, cell {i}: {call.Value}, but no earlier code cell declares {function}(...).");
                else exercises.Add(new Exercise(i, declaring, function, call.Groups["step"].Value));
            }
        }
        for (int i = 0; i < cells.Count; i++)
            if (cells[i].IsCode && cells[i].Source.Contains(Stub, StringComparison.Ordinal) && exercises.All(e => e.ExerciseCell != i))
                problems.Add($"{notebook.Name}, cell {i} is an exercise (its stub has \"{Stub}\") that no <Step>Exercise.Check(...) cell checks, so it has no solution to put in.");
        return (exercises, problems);
    }

    /// <summary>What stops this edition of <paramref name="notebook"/>: unmappable cells and exercises without a solution.</summary>
    public IReadOnlyList<string> Problems(Notebook notebook)
    {
        var (exercises, problems) = Find(notebook);
        return problems.Concat(exercises.Where(e => !_solutions.ContainsKey(e.Step)).Select(e =>
            $"{notebook.Name}, cell {e.ExerciseCell}: the exercise checked by {e.CheckClass}.Check({e.Function}) has no reference solution: " +
            $"add a method {e.Step} to {SolutionsFile} (the solution of <Step>Exercise is Solutions.<Step>).")).ToList();
    }

    /// <summary>Puts the reference solutions into <paramref name="notebook"/> (in memory). Returns the exercises solved.</summary>
    /// <exception cref="InvalidOperationException">An exercise cannot be mapped or has no solution (the message says which and what to do).</exception>
    public IReadOnlyList<Exercise> Apply(Notebook notebook)
    {
        if (Problems(notebook) is { Count: > 0 } problems) throw new InvalidOperationException(string.Join("\n", problems));
        var (exercises, _) = Find(notebook);
        var cells = notebook.Cells;
        foreach (var e in exercises)
        {
            string source = cells[e.ExerciseCell].Source;
            var (start, end) = Declaration(source, e.Function)!.Value;
            source = source[..start] + $"// Teacher's edition: the reference solution, from {SolutionsFile}.\n" + Solution(e.Step, e.Function) + source[end..];
            cells[e.ExerciseCell].SetSource(source.Replace(StudentMarker + "\n", "", StringComparison.Ordinal));
        }
        return exercises;
    }

    /// <summary>Solutions.<paramref name="step"/> named <paramref name="function"/>, after the solution methods it calls.</summary>
    public string Solution(string step, string function)
    {
        var order = new List<string>();
        var visited = new HashSet<string>();
        void Visit(string name)
        {
            if (!visited.Add(name)) return;
            foreach (Match call in Regex.Matches(_solutions[name].Text, @"(?<![.\w])(?<name>\w+)\s*\("))
                if (call.Groups["name"].Value is var callee && callee != name && _solutions.ContainsKey(callee)) Visit(callee);
            order.Add(name);
        }
        Visit(step);
        // The entry is renamed where it is declared (its first name followed by "(" outside the doc comment).
        string text = _solutions[step].Text;
        var declaration = Regex.Match(text, $@"(?m)^(?!\s*///).*?\b(?<name>{step})\s*\(");
        text = text[..declaration.Groups["name"].Index] + function + text[(declaration.Groups["name"].Index + step.Length)..];
        return string.Join("\n\n", order.Where(n => n != step).Select(n => _solutions[n].Text).Append(text));
    }

    sealed record Method(string Name, string Text);

    /// <summary>True when a cell's source declares the method <paramref name="name"/> (with a body).</summary>
    public static bool Declares(string source, string name) => Declaration(source, name) is not null;

    /// <summary>The span of the declaration of method <paramref name="name"/> in a cell (from its line to the end of its body), or null.</summary>
    static (int Start, int End)? Declaration(string source, string name)
    {
        foreach (Match m in Regex.Matches(source, $@"(?m)^[ \t]*(?!//)[^\n;=]*?[\w>)\]?]\s+{Regex.Escape(name)}\s*\("))
        {
            int end = MethodEnd(source, m.Index + m.Length - 1);
            if (end >= 0) return (WithDocComment(source, m.Index), end);
        }
        return null;
    }

    /// <summary>
    /// The end of a method whose parameter list starts at or after <paramref name="from"/>: after its block's
    /// closing brace, or after the semicolon of its expression body; -1 if it has no body there.
    /// </summary>
    static int MethodEnd(string s, int from)
    {
        int open = s.IndexOf('(', from);
        if (open < 0) return -1;
        int i = Matching(s, open, '(', ')');
        if (i < 0) return -1;
        i++;
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
        if (i < s.Length && s[i] == '{')
        {
            int close = Matching(s, i, '{', '}');
            return close < 0 ? -1 : close + 1;
        }
        if (i + 1 < s.Length && s[i] == '=' && s[i + 1] == '>')
        {
            for (int depth = 0; i < s.Length; i++)
            {
                if (s[i] is '(' or '{' or '[') depth++;
                else if (s[i] is ')' or '}' or ']') depth--;
                else if (s[i] == ';' && depth == 0) return i + 1;
            }
        }
        return -1;
    }

    static int Matching(string s, int open, char opening, char closing)
    {
        for (int i = open, depth = 0; i < s.Length; i++)
        {
            if (s[i] == opening) depth++;
            else if (s[i] == closing && --depth == 0) return i;
        }
        return -1;
    }

    /// <summary>The start of the line at <paramref name="at"/>, moved up over the /// lines right above it.</summary>
    static int WithDocComment(string s, int at)
    {
        int start = s.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        if (at == 0) start = 0;
        while (start > 0)
        {
            int previous = s.LastIndexOf('\n', start - 2) + 1;
            if (!s[previous..(start - 1)].TrimStart().StartsWith("///", StringComparison.Ordinal)) break;
            start = previous;
        }
        return start;
    }

    static string Dedent(string text, string indent) =>
        string.Join("\n", text.Split('\n').Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l.TrimStart()));
}
