using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NoDowntime.Analyzers.Queries;

namespace NoDowntime.Analyzers.CodeFixes.Queries;

/// <summary>ND2003: lowers a literal limit to <c>nodowntime.max_query_limit</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LowerQueryLimitCodeFix)), Shared]
public sealed class LowerQueryLimitCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "NoDowntime.LowerQueryLimit";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.QueryLimitTooLarge.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(QueryOptions.MaxLimitProperty, out string? text)
                || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int max)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.NumericLiteralExpression))
            {
                continue;
            }

            // Keep a long suffix (10_000L) so the literal's type does not change.
            string suffix = literal.Token.Text.EndsWith("L", System.StringComparison.OrdinalIgnoreCase) ? "L" : string.Empty;
            LiteralExpressionSyntax lowered = SyntaxFactory.LiteralExpression(
                    SyntaxKind.NumericLiteralExpression,
                    SyntaxFactory.ParseToken(max.ToString(CultureInfo.InvariantCulture) + suffix))
                .WithTriviaFrom(literal);
            context.RegisterCodeFix(
                CodeAction.Create($"Lower the limit to {max}", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, lowered))), EquivalenceKey),
                diagnostic);
        }
    }
}
