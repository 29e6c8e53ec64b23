using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.RequestPaths;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.RequestPaths;

/// <summary>
/// Runs the request-path model over a test source and records what it found: the entry points (display name
/// and kind), the path to every reachable method (keyed by <c>Type.Method</c>), and the local answer of
/// <see cref="RequestPathModel.EntryPointOf"/> at every call to a method named <c>Probe</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RequestPathProbe : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Unused = new("PROBE", "Probe", "Probe", "Test", DiagnosticSeverity.Hidden, true);

    public ConcurrentDictionary<string, EntryPointKind> Entries { get; } = new();

    public ConcurrentDictionary<string, string> Paths { get; } = new();

    public ConcurrentBag<string> LocalEntries { get; } = new();

    /// <summary>Methods whose path differs between the search for every method and the search for that method alone.</summary>
    public ConcurrentBag<string> SearchMismatches { get; } = new();

    public bool ModelCreated { get; private set; }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            RequestPathModel? model = RequestPathModel.Create(start.Compilation, start.Options);
            if (model is null)
            {
                return;
            }

            ModelCreated = true;
            model.Register(start);
            start.RegisterOperationAction(
                op =>
                {
                    var invocation = (IInvocationOperation)op.Operation;
                    if (invocation.TargetMethod.Name == "Probe")
                    {
                        LocalEntries.Add(model.EntryPointOf(invocation, op.ContainingSymbol)?.DisplayName ?? "(none)");
                    }
                },
                OperationKind.Invocation);
            start.RegisterCompilationEndAction(end =>
            {
                var methods = new Dictionary<FunctionKey, IMethodSymbol>();
                foreach (IMethodSymbol method in AllMethods(end.Compilation.Assembly.GlobalNamespace))
                {
                    if (FunctionKey.For(method) is { } key)
                    {
                        methods[key] = method;
                    }
                }

                // Every method at once, then each on its own: a search for one target must find the same path as
                // the search for all of them (the walk back from the targets may not lose a caller).
                RequestPathGraph graph = model.PathsTo(methods.Keys);
                foreach (var (_, entry) in graph.Entries)
                {
                    Entries[entry.DisplayName] = entry.Kind;
                }

                foreach (var (key, method) in methods)
                {
                    bool reached = graph.TryGetPath(key, out RequestPath path);
                    bool reachedAlone = model.PathsTo(new[] { key }).TryGetPath(key, out RequestPath alone);
                    if (reached != reachedAlone || (reached && path.Describe() != alone.Describe()))
                    {
                        SearchMismatches.Add($"{EntryPointDetector.MethodName(method)}: {(reached ? path.Describe() : "unreached")} with all targets, {(reachedAlone ? alone.Describe() : "unreached")} alone");
                    }

                    if (reached)
                    {
                        Paths[EntryPointDetector.MethodName(method)] = path.Describe();
                    }
                }
            });
        });
    }

    private static IEnumerable<IMethodSymbol> AllMethods(INamespaceSymbol ns)
    {
        foreach (INamespaceOrTypeSymbol member in ns.GetMembers())
        {
            IEnumerable<IMethodSymbol> methods = member switch
            {
                INamespaceSymbol inner => AllMethods(inner),
                INamedTypeSymbol type => AllMethods(type),
                _ => Enumerable.Empty<IMethodSymbol>(),
            };
            foreach (IMethodSymbol method in methods)
            {
                yield return method;
            }
        }
    }

    private static IEnumerable<IMethodSymbol> AllMethods(INamedTypeSymbol type)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IMethodSymbol method)
            {
                yield return method;
            }
            else if (member is INamedTypeSymbol nested)
            {
                foreach (IMethodSymbol inner in AllMethods(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>
    /// Compiles the sources (no errors allowed) and runs the probe; fails when a method's path depends on which
    /// other methods were searched for.
    /// </summary>
    public static async Task<RequestPathProbe> RunAsync(string source, ReferenceSet references = ReferenceSet.Default, Dictionary<string, string>? options = null)
    {
        var probe = new RequestPathProbe();
        var test = new AnalyzerTest(probe) { References = references };
        test.Sources.Add(source);
        if (options is not null)
        {
            foreach (var pair in options)
            {
                test.EditorConfigOptions[pair.Key] = pair.Value;
            }
        }

        await test.RunAsync();
        Assert.True(probe.SearchMismatches.IsEmpty, string.Join("\n", probe.SearchMismatches));
        return probe;
    }
}
