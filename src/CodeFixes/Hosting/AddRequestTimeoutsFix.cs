using System;
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>ND5004: registers request timeouts with a default policy and adds the middleware.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRequestTimeoutsFix)), Shared]
public sealed class AddRequestTimeoutsFix : HostProgramFix
{
    /// <summary>The default request timeout the fix writes: well inside the 30-second termination grace period.</summary>
    internal const int DefaultTimeoutSeconds = 10;

    private const string EquivalenceKey = "ND5004.AddRequestTimeouts";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.NoRequestTimeouts.Id);

    public AddRequestTimeoutsFix()
        : base(EquivalenceKey)
    {
    }

    private protected override (string Title, Action Edit)? Plan(HostProgramEditor editor, Diagnostic diagnostic) =>
        ($"Add request timeouts with a {DefaultTimeoutSeconds}-second default policy", () =>
        {
            editor.RequireNamespace("System", "TimeSpan");
            editor.RequireNamespace("Microsoft.AspNetCore.Http.Timeouts", "RequestTimeoutPolicy");
            editor.AddServices(
                $"{editor.BuilderName}.Services.AddRequestTimeouts(options =>\n" +
                $"    options.DefaultPolicy = new RequestTimeoutPolicy {{ Timeout = TimeSpan.FromSeconds({DefaultTimeoutSeconds}) }});");
            editor.AddPipeline($"{editor.AppName}.UseRequestTimeouts();");
        });
}
