using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>
/// ND5005: adds a global concurrency limiter (rejecting with 503 when the queue is full) and the rate-limiting
/// middleware.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddConcurrencyLimiterFix)), Shared]
public sealed class AddConcurrencyLimiterFix : CodeFixProvider
{
    /// <summary>Concurrent requests the limiter admits; as many again may wait in its queue.</summary>
    internal const int DefaultPermitLimit = 100;

    private const string EquivalenceKey = "ND5005.AddConcurrencyLimiter";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.NoConcurrencyLimiter.Id);

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
                    "Add a global concurrency limiter",
                    _ =>
                    {
                        editor.RequireNamespace("System.Threading.RateLimiting", "PartitionedRateLimiter");
                        editor.RequireNamespace("Microsoft.AspNetCore.Http", "StatusCodes");
                        editor.AddServices(
                            $"{editor.BuilderName}.Services.AddRateLimiter(options =>\n" +
                            "{\n" +
                            "    options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;\n" +
                            "    options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ =>\n" +
                            $"        RateLimitPartition.GetConcurrencyLimiter(\"global\", _ => new ConcurrencyLimiterOptions {{ PermitLimit = {DefaultPermitLimit}, QueueLimit = {DefaultPermitLimit} }}));\n" +
                            "});");
                        editor.AddPipeline($"{editor.AppName}.UseRateLimiter();");
                        return Task.FromResult(editor.Apply());
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }
}
