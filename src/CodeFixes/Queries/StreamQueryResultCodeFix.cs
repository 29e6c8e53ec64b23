using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Queries;

namespace NoDowntime.Analyzers.CodeFixes.Queries;

/// <summary>
/// ND2001, ND2002, ND2004: when the materialised list is only enumerated once, by the <c>foreach</c> right after it,
/// stream the query instead: a MongoDB cursor (<c>ToCursorAsync</c> + <c>MoveNextAsync</c>, or the <c>FindAsync</c>
/// cursor itself), or EF Core's <c>await foreach</c> over <c>AsAsyncEnumerable()</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StreamQueryResultCodeFix)), Shared]
public sealed class StreamQueryResultCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "NoDowntime.StreamQueryResult";

    public override ImmutableArray<string> FixableDiagnosticIds =>
        ImmutableArray.Create(Rules.UnboundedMongoQuery.Id, Rules.UnboundedEfCoreQuery.Id, Rules.WholeCollectionScan.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode? fixedRoot = TryFix(root, model, diagnostic, context.CancellationToken);
            if (fixedRoot is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Stream the results instead of loading them into a list", _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static SyntaxNode? TryFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (QueryFixSyntax.TerminalAt(root, diagnostic) is not var (memberAccess, invocation)
            || invocation.Parent is not AwaitExpressionSyntax awaitExpression
            || awaitExpression.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 }
            || declarator.Parent.Parent is not LocalDeclarationStatementSyntax declaration
            || !declaration.UsingKeyword.IsKind(SyntaxKind.None)
            || declaration.Parent is not BlockSyntax block)
        {
            return null;
        }

        int index = block.Statements.IndexOf(declaration);
        if (index < 0 || index + 1 >= block.Statements.Count
            || block.Statements[index + 1] is not ForEachStatementSyntax loop
            || !loop.AwaitKeyword.IsKind(SyntaxKind.None)
            || loop.Expression is not IdentifierNameSyntax { Identifier.ValueText: var listName }
            || listName != declarator.Identifier.ValueText
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol list
            || CountReferences(block, model, list, cancellationToken) != 1
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation terminal)
        {
            return null;
        }

        var types = QueryTypes.Create(model.Compilation);
        QueryChain chain = new QueryChainWalker(types).Walk(QueryChainWalker.Receiver(terminal));
        ArgumentListSyntax arguments = invocation.ArgumentList.WithoutTrivia();
        string args = arguments.Arguments.ToString();

        StatementSyntax[] replacement;
        if (chain.IsEntityFramework)
        {
            // The reader stays open while the body runs: only for bodies that make no other (awaited) call.
            if (terminal.TargetMethod.Name != "ToListAsync" && terminal.TargetMethod.Name != "ToArrayAsync"
                || loop.Statement.DescendantNodesAndSelf().OfType<AwaitExpressionSyntax>().Any())
            {
                return null;
            }

            string source = memberAccess.Expression.WithoutTrivia() + ".AsAsyncEnumerable()" + (args.Length > 0 ? $".WithCancellation({args})" : string.Empty);
            replacement = new StatementSyntax[]
            {
                loop.WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                    .WithForEachKeyword(loop.ForEachKeyword.WithLeadingTrivia())
                    .WithExpression(SyntaxFactory.ParseExpression(source))
                    .WithLeadingTrivia(declaration.GetLeadingTrivia()),
            };
        }
        else if (chain.IsMongo && terminal.TargetMethod.Name == "ToListAsync" && !BreaksOut(loop))
        {
            string cursorName = UniqueName(model, block, declaration.SpanStart, "cursor");
            string open;
            ExpressionSyntax receiver = memberAccess.Expression;
            if (QueryTypes.Is(model.GetTypeInfo(receiver, cancellationToken).Type, types.AsyncCursor))
            {
                // (await coll.FindAsync(...)).ToListAsync(ct): the awaited call already returns the cursor.
                while (receiver is ParenthesizedExpressionSyntax parenthesized)
                {
                    receiver = parenthesized.Expression;
                }

                if (receiver is not AwaitExpressionSyntax)
                {
                    return null;
                }

                open = receiver.WithoutTrivia().ToString();
            }
            else
            {
                open = $"await {receiver.WithoutTrivia()}.ToCursorAsync({args})";
            }

            StatementSyntax usingCursor = SyntaxFactory.ParseStatement($"using var {cursorName} = {open};")
                .WithLeadingTrivia(declaration.GetLeadingTrivia())
                .WithTrailingTrivia(declaration.GetTrailingTrivia());
            ForEachStatementSyntax inner = loop.WithExpression(SyntaxFactory.ParseExpression($"{cursorName}.Current")).WithoutLeadingTrivia();
            WhileStatementSyntax whileLoop = SyntaxFactory.WhileStatement(
                    SyntaxFactory.ParseExpression($"await {cursorName}.MoveNextAsync({args})"),
                    SyntaxFactory.Block(inner))
                .WithLeadingTrivia(loop.GetLeadingTrivia())
                .WithTrailingTrivia(loop.GetTrailingTrivia());
            replacement = new StatementSyntax[] { usingCursor, whileLoop.WithAdditionalAnnotations(Formatter.Annotation) };
        }
        else
        {
            return null;
        }

        SyntaxList<StatementSyntax> statements = block.Statements.RemoveAt(index + 1).RemoveAt(index).InsertRange(index, replacement);
        return root.ReplaceNode(block, block.WithStatements(statements));
    }

    private static int CountReferences(SyntaxNode scope, SemanticModel model, ILocalSymbol local, CancellationToken cancellationToken) =>
        scope.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Count(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, local));

    /// <summary>A <c>break</c> of this loop would only leave the inner loop of a batch once it is wrapped.</summary>
    private static bool BreaksOut(ForEachStatementSyntax loop) =>
        loop.Statement.DescendantNodesAndSelf().OfType<BreakStatementSyntax>().Any(b =>
            b.Ancestors().First(a => a is ForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or SwitchStatementSyntax or SwitchSectionSyntax) == loop)
        || loop.Statement.DescendantNodesAndSelf().OfType<GotoStatementSyntax>().Any()
        || loop.Statement.DescendantNodesAndSelf().OfType<YieldStatementSyntax>().Any();

    private static string UniqueName(SemanticModel model, BlockSyntax block, int position, string name)
    {
        SyntaxNode scope = block.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax) ?? block;
        var declared = new System.Collections.Generic.HashSet<string>(
            scope.DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(v => v.Identifier.ValueText)
                .Concat(scope.DescendantNodes().OfType<SingleVariableDesignationSyntax>().Select(v => v.Identifier.ValueText)));
        string candidate = name;
        for (int i = 2; declared.Contains(candidate) || !model.LookupSymbols(position, name: candidate).IsEmpty; i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
