using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>ND5004: registers request timeouts with a default policy and adds the middleware.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRequestTimeoutsFix)), Shared]
public sealed class AddRequestTimeoutsFix : CodeFixProvider
{
    /// <summary>The default request timeout the fix writes: well inside the 30-second termination grace period.</summary>
    internal const int DefaultTimeoutSeconds = 10;

    private const string EquivalenceKey = "ND5004.AddRequestTimeouts";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.NoRequestTimeouts.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            HostProgramEditor? editor = await HostProgramEditor.CreateAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (editor is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add request timeouts with a {DefaultTimeoutSeconds}-second default policy",
                    _ =>
                    {
                        editor.RequireNamespace("System", "TimeSpan");
                        editor.RequireNamespace("Microsoft.AspNetCore.Http.Timeouts", "RequestTimeoutPolicy");
                        editor.AddServices(
                            $"{editor.BuilderName}.Services.AddRequestTimeouts(options =>\n" +
                            $"    options.DefaultPolicy = new RequestTimeoutPolicy {{ Timeout = TimeSpan.FromSeconds({DefaultTimeoutSeconds}) }});");
                        editor.AddPipeline($"{editor.AppName}.UseRequestTimeouts();");
                        return Task.FromResult(editor.Apply());
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }
}
