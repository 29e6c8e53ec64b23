using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NoDowntime.Analyzers.Tests.Verification;

/// <summary>Short forms for the common single-source analyzer test.</summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static ExpectedDiagnostic Diagnostic(DiagnosticDescriptor descriptor) => ExpectedDiagnostic.For(descriptor);

    public static AnalyzerTest Test(params string[] sources)
    {
        var test = new AnalyzerTest(new TAnalyzer());
        test.Sources.AddRange(sources);
        return test;
    }

    public static Task VerifyAsync(string source, params ExpectedDiagnostic[] expected)
    {
        var test = Test(source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>Short forms for the common single-source code-fix test.</summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static ExpectedDiagnostic Diagnostic(DiagnosticDescriptor descriptor) => ExpectedDiagnostic.For(descriptor);

    public static CodeFixTest Test(string source, string fixedSource)
    {
        var test = new CodeFixTest(new TCodeFix(), new TAnalyzer());
        test.Sources.Add(source);
        test.FixedSources.Add(fixedSource);
        return test;
    }

    public static Task VerifyAsync(string source, string fixedSource, params ExpectedDiagnostic[] expected)
    {
        var test = Test(source, fixedSource);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
