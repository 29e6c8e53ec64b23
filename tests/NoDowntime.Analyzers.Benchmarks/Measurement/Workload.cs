using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NoDowntime.Analyzers.Benchmarks.Generation;
using NoDowntime.Analyzers.Tests.Verification;

namespace NoDowntime.Analyzers.Benchmarks.Measurement;

/// <summary>
/// A generated service, parsed once, with everything needed to make fresh compilations of it: the test harness's
/// reference set (runtime, ASP.NET Core, EF Core with SQLite, and the MongoDB driver stub when it is present).
/// </summary>
public sealed class Workload
{
    private static readonly ConcurrentDictionary<int, Lazy<Workload>> Cache = new();

    private readonly Lazy<CSharpCompilation> editorCompilation;
    private int keystrokes;

    private Workload(int targetLines)
    {
        TargetLines = targetLines;
        bool withMongo = MongoStubAvailable;
        Service = ServiceGenerator.Generate(targetLines, withMongo);
        ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        Trees = Service.Files
            .AsParallel().AsOrdered()
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Text, Encoding.UTF8), ParseOptions, "/shop/" + f.Path))
            .ToImmutableArray();
        SingleDocument = Trees.Single(t => t.FilePath == "/shop/" + ServiceGenerator.SingleDocumentPath);
        References = MetadataReferences.For(ReferenceSet.Default | (withMongo ? ReferenceSet.MongoV2 : ReferenceSet.Net));
        CompilationOptions = new CSharpCompilationOptions(
            OutputKind.ConsoleApplication,
            nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release,
            concurrentBuild: true);
        AnalyzerOptions = BenchmarkAnalyzerOptions.ForService();
        editorCompilation = new Lazy<CSharpCompilation>(() =>
        {
            CSharpCompilation compilation = NewCompilation();
            compilation.GetDeclarationDiagnostics();
            return compilation;
        });
    }

    /// <summary>The driver stub's sources are copied next to the program when tests/MongoDB.Driver.Stub exists.</summary>
    public static bool MongoStubAvailable => Directory.Exists(Path.Combine(AppContext.BaseDirectory, "MongoDriverStub"))
        && Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "MongoDriverStub"), "*.cs", SearchOption.AllDirectories).Any();

    public int TargetLines { get; }

    public GeneratedService Service { get; }

    public CSharpParseOptions ParseOptions { get; }

    public ImmutableArray<SyntaxTree> Trees { get; }

    public SyntaxTree SingleDocument { get; }

    public ImmutableArray<MetadataReference> References { get; }

    public CSharpCompilationOptions CompilationOptions { get; }

    public AnalyzerOptions AnalyzerOptions { get; }

    /// <summary>The workload of a size, generated and parsed once per process.</summary>
    public static Workload Get(int targetLines) =>
        Cache.GetOrAdd(targetLines, lines => new Lazy<Workload>(() => new Workload(lines))).Value;

    /// <summary>
    /// A compilation that has bound nothing yet (syntax trees and references are shared and immutable); with
    /// <paramref name="oneThread"/>, one that binds its method bodies on the calling thread only.
    /// </summary>
    public CSharpCompilation NewCompilation(bool oneThread = false) =>
        CSharpCompilation.Create("Shop", Trees, References, oneThread ? CompilationOptions.WithConcurrentBuild(false) : CompilationOptions);

    /// <summary>
    /// What the IDE analyses after a keystroke in <see cref="SingleDocument"/>: the compilation it already holds
    /// (declarations bound, the references' symbols loaded) forked with that document edited. A fork shares the
    /// references' symbols, so, as in the editor, no analyzer pays for loading them. The fork's own namespace of
    /// source declarations is merged before it is returned (2-4 ms of compiler work on the large service), as the
    /// editor's semantic features (classification, the document's symbols) have done by the time analyzers run;
    /// otherwise whichever analyzer first looked up a type was charged for it.
    /// </summary>
    public (CSharpCompilation Compilation, SyntaxTree Document) AfterKeystroke()
    {
        SourceText text = SingleDocument.GetText();
        string typed = Interlocked.Increment(ref keystrokes) % 2 == 0 ? " " : "\n";
        SyntaxTree edited = SingleDocument.WithChangedText(text.WithChanges(new TextChange(new TextSpan(text.Length, 0), typed)));
        CSharpCompilation fork = editorCompilation.Value.ReplaceSyntaxTree(SingleDocument, edited);
        _ = fork.Assembly.GlobalNamespace.GetMembers().Any();
        return (fork, edited);
    }

    public static int ParseSize(string size) => size.ToLowerInvariant() switch
    {
        "small" or "20k" => ServiceGenerator.SmallLines,
        "large" or "200k" => ServiceGenerator.LargeLines,
        string other when other.EndsWith('k') && int.TryParse(other.AsSpan(0, other.Length - 1), out int k) => k * 1000,
        string other when int.TryParse(other, out int lines) => lines,
        _ => throw new ArgumentException($"Unknown size '{size}': use small, large, 20k, 200k or a line count."),
    };
}
