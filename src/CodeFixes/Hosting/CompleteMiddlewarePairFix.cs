using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using NoDowntime.Analyzers.Hosting;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>ND5006: adds the missing half of a middleware: its services before Build(), or the middleware after it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CompleteMiddlewarePairFix)), Shared]
public sealed class CompleteMiddlewarePairFix : CodeFixProvider
{
    private const string EquivalenceKey = "ND5006.CompleteMiddlewarePair";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.MiddlewareHalfWired.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MiddlewarePairsRule.StageProperty, out string? stage)
                || !diagnostic.Properties.TryGetValue(MiddlewarePairsRule.CallProperty, out string? call)
                || call is null
                || call.Contains("..."))
            {
                continue;
            }

            HostProgramEditor? editor = await HostProgramEditor.CreateAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (editor is null)
            {
                continue;
            }

            bool services = stage == MiddlewarePairsRule.ServicesStage;
            string statement = services ? $"{editor.BuilderName}.Services.{call};" : $"{editor.AppName}.{call};";
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add " + statement,
                    _ =>
                    {
                        if (services)
                        {
                            editor.AddServices(statement);
                        }
                        else
                        {
                            editor.AddPipeline(statement);
                        }

                        return Task.FromResult(editor.Apply());
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }
}
