using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using NoDowntime.Analyzers.Cancellation;
using NoDowntime.Analyzers.CodeFixes.Common;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>ND3005: make the worker loop's condition check <c>!stoppingToken.IsCancellationRequested</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ObserveStoppingTokenCodeFix)), Shared]
public sealed class ObserveStoppingTokenCodeFix : NodeReplacementCodeFix
{
    internal const string EquivalenceKey = "ND3005.CheckStoppingToken";

    public ObserveStoppingTokenCodeFix()
        : base(EquivalenceKey)
    {
    }

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.WorkerLoopIgnoresStoppingToken.Id);

    protected override (string Title, SyntaxNode Node, SyntaxNode Replacement)? Replace(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(WorkerLoopIgnoresStoppingTokenAnalyzer.TokenProperty, out string? token) || string.IsNullOrEmpty(token))
        {
            return null;
        }

        SyntaxToken keyword = root.FindToken(diagnostic.Location.SourceSpan.Start);
        ExpressionSyntax check = SyntaxFactory.ParseExpression("!" + token + ".IsCancellationRequested");
        StatementSyntax? fixedLoop = keyword.Parent switch
        {
            WhileStatementSyntax whileStatement => whileStatement.WithCondition(Combine(check, whileStatement.Condition)),
            DoStatementSyntax doStatement => doStatement.WithCondition(Combine(check, doStatement.Condition)),
            ForStatementSyntax forStatement => forStatement
                .WithCondition(Combine(check, forStatement.Condition))
                .WithFirstSemicolonToken(forStatement.FirstSemicolonToken.WithTrailingTrivia(SyntaxFactory.Space))
                .WithSecondSemicolonToken(forStatement.SecondSemicolonToken.WithoutTrivia()),
            _ => null,
        };

        return fixedLoop is null ? null : ($"Check '{token}.IsCancellationRequested'", keyword.Parent!, fixedLoop);
    }

    /// <summary><c>true</c> or nothing becomes the check alone; anything else is kept after <c>&amp;&amp;</c>.</summary>
    private static ExpressionSyntax Combine(ExpressionSyntax check, ExpressionSyntax? condition)
    {
        if (condition is null || condition is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.TrueLiteralExpression))
        {
            return condition is null ? check : check.WithTriviaFrom(condition);
        }

        ExpressionSyntax right = condition.WithoutTrivia();
        if (right is BinaryExpressionSyntax binary && !binary.IsKind(SyntaxKind.LogicalAndExpression)
            || right is ConditionalExpressionSyntax or AssignmentExpressionSyntax)
        {
            right = SyntaxFactory.ParenthesizedExpression(right);
        }

        return SyntaxFactory.BinaryExpression(SyntaxKind.LogicalAndExpression, check, right)
            .WithTriviaFrom(condition)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
