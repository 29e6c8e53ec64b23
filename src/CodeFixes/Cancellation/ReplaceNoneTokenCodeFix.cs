using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NoDowntime.Analyzers.Cancellation;
using NoDowntime.Analyzers.CodeFixes.Common;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>ND3002: replace <c>CancellationToken.None</c> / <c>default</c> with the token in scope.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceNoneTokenCodeFix)), Shared]
public sealed class ReplaceNoneTokenCodeFix : NodeReplacementCodeFix
{
    internal const string EquivalenceKey = "ND3002.ReplaceNone";

    public ReplaceNoneTokenCodeFix()
        : base(EquivalenceKey)
    {
    }

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.NoneTokenWhileAvailable.Id);

    protected override (string Title, SyntaxNode Node, SyntaxNode Replacement)? Replace(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(NoneTokenWhileAvailableAnalyzer.TokenProperty, out string? token) || string.IsNullOrEmpty(token)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value
            || (value.Parent is ArgumentSyntax argument && argument.Expression != value))
        {
            return null;
        }

        return ($"Pass '{token}'", value, SyntaxFactory.ParseExpression(token!).WithTriviaFrom(value));
    }
}
