using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using NoDowntime.Analyzers.Cancellation;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>ND3005: make the worker loop's condition check <c>!stoppingToken.IsCancellationRequested</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ObserveStoppingTokenCodeFix)), Shared]
public sealed class ObserveStoppingTokenCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "ND3005.CheckStoppingToken";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.WorkerLoopIgnoresStoppingToken.Id);

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
            if (!diagnostic.Properties.TryGetValue(WorkerLoopIgnoresStoppingTokenAnalyzer.TokenProperty, out string? token) || string.IsNullOrEmpty(token))
            {
                continue;
            }

            SyntaxToken keyword = root.FindToken(diagnostic.Location.SourceSpan.Start);
            if (keyword.Parent is not (WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax) || keyword.Parent is not StatementSyntax loop)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Check '{token}.IsCancellationRequested'", ct => FixAsync(context.Document, loop, token!, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, StatementSyntax loop, string token, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        ExpressionSyntax check = SyntaxFactory.ParseExpression("!" + token + ".IsCancellationRequested");
        StatementSyntax fixedLoop = loop switch
        {
            WhileStatementSyntax whileStatement => whileStatement.WithCondition(Combine(check, whileStatement.Condition)),
            DoStatementSyntax doStatement => doStatement.WithCondition(Combine(check, doStatement.Condition)),
            ForStatementSyntax forStatement => forStatement
                .WithCondition(Combine(check, forStatement.Condition))
                .WithFirstSemicolonToken(forStatement.FirstSemicolonToken.WithTrailingTrivia(SyntaxFactory.Space))
                .WithSecondSemicolonToken(forStatement.SecondSemicolonToken.WithoutTrivia()),
            _ => loop,
        };

        return document.WithSyntaxRoot(root.ReplaceNode(loop, fixedLoop));
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
