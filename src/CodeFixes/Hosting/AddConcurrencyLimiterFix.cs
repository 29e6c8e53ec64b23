using System;
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>
/// ND5005: adds a global concurrency limiter (rejecting with 503 when the queue is full) and the rate-limiting
/// middleware.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddConcurrencyLimiterFix)), Shared]
public sealed class AddConcurrencyLimiterFix : HostProgramFix
{
    /// <summary>Concurrent requests the limiter admits; as many again may wait in its queue.</summary>
    internal const int DefaultPermitLimit = 100;

    private const string EquivalenceKey = "ND5005.AddConcurrencyLimiter";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.NoConcurrencyLimiter.Id);

    public AddConcurrencyLimiterFix()
        : base(EquivalenceKey)
    {
    }

    private protected override (string Title, Action Edit)? Plan(HostProgramEditor editor, Diagnostic diagnostic) =>
        ("Add a global concurrency limiter", () =>
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
        });
}
