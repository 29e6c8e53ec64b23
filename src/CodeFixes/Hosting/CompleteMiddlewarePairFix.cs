using System;
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using NoDowntime.Analyzers.Hosting;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>ND5006: adds the missing half of a middleware: its services before Build(), or the middleware after it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CompleteMiddlewarePairFix)), Shared]
public sealed class CompleteMiddlewarePairFix : HostProgramFix
{
    private const string EquivalenceKey = "ND5006.CompleteMiddlewarePair";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.MiddlewareHalfWired.Id);

    public CompleteMiddlewarePairFix()
        : base(EquivalenceKey)
    {
    }

    private protected override (string Title, Action Edit)? Plan(HostProgramEditor editor, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(MiddlewarePairsRule.StageProperty, out string? stage)
            || !diagnostic.Properties.TryGetValue(MiddlewarePairsRule.CallProperty, out string? call)
            || call is null
            || call.Contains("..."))
        {
            return null;
        }

        bool services = stage == MiddlewarePairsRule.ServicesStage;
        string statement = services ? $"{editor.BuilderName}.Services.{call};" : $"{editor.AppName}.{call};";
        return ("Add " + statement, () =>
        {
            if (services)
            {
                editor.AddServices(statement);
            }
            else
            {
                editor.AddPipeline(statement);
            }
        });
    }
}
