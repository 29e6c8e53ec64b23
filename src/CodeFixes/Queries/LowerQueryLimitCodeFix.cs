using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NoDowntime.Analyzers.CodeFixes.Common;
using NoDowntime.Analyzers.Queries;

namespace NoDowntime.Analyzers.CodeFixes.Queries;

/// <summary>ND2003: lowers a literal limit to <c>nodowntime.max_query_limit</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LowerQueryLimitCodeFix)), Shared]
public sealed class LowerQueryLimitCodeFix : NodeReplacementCodeFix
{
    internal const string EquivalenceKey = "NoDowntime.LowerQueryLimit";

    public LowerQueryLimitCodeFix()
        : base(EquivalenceKey)
    {
    }

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.QueryLimitTooLarge.Id);

    protected override (string Title, SyntaxNode Node, SyntaxNode Replacement)? Replace(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(QueryOptions.MaxLimitProperty, out string? text)
            || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int max)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
            || !literal.IsKind(SyntaxKind.NumericLiteralExpression))
        {
            return null;
        }

        // Keep a long suffix (10_000L) so the literal's type does not change.
        string suffix = literal.Token.Text.EndsWith("L", System.StringComparison.OrdinalIgnoreCase) ? "L" : string.Empty;
        LiteralExpressionSyntax lowered = SyntaxFactory.LiteralExpression(
                SyntaxKind.NumericLiteralExpression,
                SyntaxFactory.ParseToken(max.ToString(CultureInfo.InvariantCulture) + suffix))
            .WithTriviaFrom(literal);
        return ($"Lower the limit to {max}", literal, lowered);
    }
}
