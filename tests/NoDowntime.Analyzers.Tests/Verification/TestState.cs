using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Tests.Verification;

/// <summary>One set of test documents (before or after a fix) with the diagnostics expected in it.</summary>
internal sealed class TestState
{
    private TestState(Project project, IReadOnlyList<string> texts, IReadOnlyList<ExpectedDiagnostic> expected)
    {
        Project = project;
        Texts = texts;
        Expected = expected;
    }

    public Project Project { get; }

    /// <summary>The source texts with markup removed, in document order.</summary>
    public IReadOnlyList<string> Texts { get; }

    public IReadOnlyList<ExpectedDiagnostic> Expected { get; }

    public string FilePath(int document) => $"{AnalyzerTest.SourceFolder}Test{document}.cs";

    /// <summary>
    /// Parses the markup of every source, resolves numbered locations of the explicit expectations, and builds
    /// the project that holds the documents.
    /// </summary>
    public static TestState Create(AnalyzerTest test, IReadOnlyList<string> markupSources, IEnumerable<ExpectedDiagnostic> explicitExpected)
    {
        var parsed = markupSources.Select(ParsedMarkup.Parse).ToList();
        var expected = new List<ExpectedDiagnostic>();
        var numbered = new Dictionary<int, (int Document, Microsoft.CodeAnalysis.Text.TextSpan Span)>();

        for (int document = 0; document < parsed.Count; document++)
        {
            foreach (var marked in parsed[document].Spans)
            {
                if (marked.LocationKey is int key)
                {
                    if (numbered.ContainsKey(key))
                    {
                        throw new VerificationException($"Markup: location #{key} is marked twice.");
                    }

                    numbered[key] = (document, marked.Span);
                    continue;
                }

                string id = marked.DiagnosticId ?? test.DefaultDiagnosticId();
                var descriptor = test.FindDescriptor(id);
                var expectation = descriptor is null ? ExpectedDiagnostic.For(id) : ExpectedDiagnostic.For(descriptor);
                expected.Add(expectation.At(document, marked.Span));
            }
        }

        var used = new HashSet<int>();
        foreach (var expectation in explicitExpected)
        {
            if (expectation.LocationKey is int key)
            {
                if (!numbered.TryGetValue(key, out var location))
                {
                    throw new VerificationException($"{expectation.Id}: no location #{key} is marked in the source.");
                }

                used.Add(key);
                expectation.At(location.Document, location.Span);
            }
            else if (!expectation.NoLocation)
            {
                throw new VerificationException($"{expectation.Id}: an expected diagnostic needs WithLocation(N) or WithNoLocation().");
            }

            expected.Add(expectation);
        }

        foreach (int key in numbered.Keys.Where(k => !used.Contains(k)))
        {
            throw new VerificationException($"Markup: location #{key} is marked but no expected diagnostic refers to it.");
        }

        var texts = parsed.Select(p => p.Text).ToList();
        Solution solution = test.CreateSolution(texts);
        return new TestState(solution.Projects.Single(), texts, expected);
    }

    /// <summary>The same expectations over a project whose documents a fix has changed.</summary>
    public TestState WithProject(Project project) => new(project, Texts, Expected);
}
