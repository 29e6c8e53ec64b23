using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NoDowntime.Analyzers.Hosting;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>ND5003: replaces a too-long shutdown timeout with the configured budget, <c>TimeSpan.FromSeconds(max)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClampShutdownTimeoutFix)), Shared]
public sealed class ClampShutdownTimeoutFix : CodeFixProvider
{
    private const string EquivalenceKey = "ND5003.ClampShutdownTimeout";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.ShutdownTimeoutTooLong.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ShutdownTimeoutRule.ClampableProperty, out string? clampable) || clampable != "true"
                || !diagnostic.Properties.TryGetValue(ShutdownTimeoutRule.MaxSecondsProperty, out string? maxText)
                || !int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int max)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value
                || value.Span != diagnostic.Location.SourceSpan)
            {
                continue;
            }

            bool timeSpanBinds = semanticModel.LookupNamespacesAndTypes(value.SpanStart, name: "TimeSpan")
                .Any(t => t.ToDisplayString() == "System.TimeSpan");
            string timeSpan = timeSpanBinds ? "TimeSpan" : "System.TimeSpan";
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Clamp the shutdown timeout to {max} seconds",
                    _ =>
                    {
                        ExpressionSyntax clamped = SyntaxFactory.ParseExpression($"{timeSpan}.FromSeconds({max.ToString(CultureInfo.InvariantCulture)})")
                            .WithTriviaFrom(value);
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(value, clamped)));
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }
}
