using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace NoDowntime.Analyzers.CodeFixes.Blocking;

/// <summary>
/// ND1001-ND1006 in a synchronous method that has callers: awaits the blocking call, makes the method async
/// (<c>T</c> -&gt; <c>Task&lt;T&gt;</c>, <c>void</c> -&gt; <c>Task</c>, <c>Load</c> -&gt; <c>LoadAsync</c>) and carries
/// <c>async</c> up through every caller in the solution to the entry points. Offered only when every method on
/// the way can change safely; otherwise <see cref="BlockingCallCodeFix"/> is all there is.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PropagateAsyncCodeFix)), Shared]
public sealed class PropagateAsyncCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "NoDowntime.Blocking.PropagateAsync";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create("ND1001", "ND1002", "ND1003", "ND1004", "ND1005", "ND1006");

    public override FixAllProvider GetFixAllProvider() => PropagateAsyncFixAll.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            var planner = new AsyncPropagationPlanner(context.Document.Project.Solution, context.CancellationToken);
            IMethodSymbol? method = await planner.AddSeedAsync(context.Document, diagnostic).ConfigureAwait(false);
            if (method is null)
            {
                continue;
            }

            Document document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make '{method.Name}' async and update its callers",
                    async ct =>
                    {
                        var apply = new AsyncPropagationPlanner(document.Project.Solution, ct);
                        return await apply.AddSeedAsync(document, diagnostic).ConfigureAwait(false) is null
                            ? document.Project.Solution
                            : await apply.ApplyAsync().ConfigureAwait(false);
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>One solution change for every fixable diagnostic in scope: shared methods and callers change once.</summary>
    private sealed class PropagateAsyncFixAll : FixAllProvider
    {
        internal static readonly PropagateAsyncFixAll Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.CodeActionEquivalenceKey != EquivalenceKey)
            {
                return null;
            }

            var diagnostics = new List<(Document Document, Diagnostic Diagnostic)>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document is not null:
                    foreach (Diagnostic diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false))
                    {
                        diagnostics.Add((fixAllContext.Document, diagnostic));
                    }

                    break;

                case FixAllScope.Project:
                    await CollectAsync(fixAllContext, fixAllContext.Project, diagnostics).ConfigureAwait(false);
                    break;

                case FixAllScope.Solution:
                    foreach (Project project in fixAllContext.Solution.Projects)
                    {
                        await CollectAsync(fixAllContext, project, diagnostics).ConfigureAwait(false);
                    }

                    break;

                default:
                    return null;
            }

            var fixable = diagnostics
                .Where(d => fixAllContext.DiagnosticIds.Contains(d.Diagnostic.Id))
                .OrderBy(d => d.Document.FilePath ?? d.Document.Name, System.StringComparer.Ordinal)
                .ThenBy(d => d.Diagnostic.Location.SourceSpan.Start)
                .ToList();
            if (fixable.Count == 0)
            {
                return null;
            }

            Solution solution = fixAllContext.Solution;
            return CodeAction.Create(
                "Make the blocking methods async and update their callers",
                async ct =>
                {
                    var planner = new AsyncPropagationPlanner(solution, ct);
                    foreach (var (document, diagnostic) in fixable)
                    {
                        await planner.AddSeedAsync(document, diagnostic).ConfigureAwait(false);
                    }

                    return await planner.ApplyAsync().ConfigureAwait(false);
                },
                EquivalenceKey);
        }

        private static async Task CollectAsync(FixAllContext context, Project project, List<(Document, Diagnostic)> into)
        {
            foreach (Diagnostic diagnostic in await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false))
            {
                if (diagnostic.Location.IsInSource && project.GetDocument(diagnostic.Location.SourceTree) is { } document)
                {
                    into.Add((document, diagnostic));
                }
            }
        }
    }
}
