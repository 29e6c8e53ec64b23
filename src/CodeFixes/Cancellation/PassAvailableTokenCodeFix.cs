using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NoDowntime.Analyzers.Cancellation;
using NoDowntime.Analyzers.CodeFixes.Common;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>ND3001: pass the token in scope (a named argument when positions are ambiguous), or add <c>WithCancellation</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassAvailableTokenCodeFix)), Shared]
public sealed class PassAvailableTokenCodeFix : NodeReplacementCodeFix
{
    internal const string EquivalenceKey = "ND3001.PassToken";

    public PassAvailableTokenCodeFix()
        : base(EquivalenceKey)
    {
    }

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.CancellableCallWithoutToken.Id);

    protected override (string Title, SyntaxNode Node, SyntaxNode Replacement)? Replace(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(CancellableCallWithoutTokenAnalyzer.TokenProperty, out string? token) || string.IsNullOrEmpty(token))
        {
            return null;
        }

        SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        string title = $"Pass '{token}'";
        if (diagnostic.Properties.ContainsKey(CancellableCallWithoutTokenAnalyzer.WithCancellationProperty))
        {
            return node is ExpressionSyntax collection ? (title, collection, TokenArguments.WithCancellation(collection, token!)) : null;
        }

        InvocationExpressionSyntax? invocation = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        if (invocation is null || !diagnostic.Properties.TryGetValue(CancellableCallWithoutTokenAnalyzer.ParameterProperty, out string? parameter) || parameter is null)
        {
            return null;
        }

        bool named = diagnostic.Properties.TryGetValue(CancellableCallWithoutTokenAnalyzer.NamedProperty, out string? namedText) && namedText == "true";
        return (title, invocation, TokenArguments.AddToken(invocation, token!, parameter, named));
    }
}
