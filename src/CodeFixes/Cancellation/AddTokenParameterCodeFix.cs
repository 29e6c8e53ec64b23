using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using NoDowntime.Analyzers.Cancellation;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>
/// ND3003: add <c>CancellationToken cancellationToken</c> to the action or handler and pass it to every call in its
/// body that takes one.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddTokenParameterCodeFix)), Shared]
public sealed class AddTokenParameterCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "ND3003.AddTokenParameter";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.HandlerWithoutToken.Id);

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
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            SyntaxNode? function = node.AncestorsAndSelf().FirstOrDefault(n => n is MethodDeclarationSyntax or ParenthesizedLambdaExpressionSyntax);
            if (function is ParenthesizedLambdaExpressionSyntax lambda && lambda.ParameterList.Parameters.Any(p => p.Type is null))
            {
                continue;
            }

            if (function is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Add a CancellationToken parameter and pass it on", ct => FixAsync(context.Document, function, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, SyntaxNode function, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        CancellationContext? cancellation = CancellationContext.Create(model.Compilation, document.Project.AnalyzerOptions);
        if (cancellation is null)
        {
            return document;
        }

        IOperation? operationRoot;
        ISymbol? owner;
        bool isMethod = function is MethodDeclarationSyntax;
        if (function is MethodDeclarationSyntax method)
        {
            owner = model.GetDeclaredSymbol(method, cancellationToken);
            SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
            operationRoot = body is null ? null : model.GetOperation(body, cancellationToken);
        }
        else
        {
            operationRoot = model.GetOperation(function, cancellationToken);
            owner = model.GetEnclosingSymbol(function.SpanStart, cancellationToken);
            while (owner is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } nested && nested.ContainingSymbol is { } containing)
            {
                owner = containing;
            }
        }

        if (operationRoot is null)
        {
            return document;
        }

        string name = FreeName(function, model);
        var calls = new Dictionary<SyntaxNode, (bool IsLoop, MissingToken Missing)>();
        foreach (IOperation call in HandlerWithoutTokenAnalyzer.UncancelledCalls(operationRoot, owner, cancellation, stopAtNestedHandlers: isMethod))
        {
            if (call is IInvocationOperation invocation && CancellableCalls.Analyze(invocation, cancellation) is { } missing)
            {
                calls[invocation.Syntax] = (false, missing);
            }
            else if (call is IForEachLoopOperation loop && loop.Syntax is ForEachStatementSyntax statement)
            {
                calls[statement.Expression] = (true, default);
            }
        }

        SyntaxNode newFunction = function.ReplaceNodes(calls.Keys, (original, rewritten) =>
        {
            var (isLoop, missing) = calls[original];
            if (isLoop)
            {
                return rewritten is ExpressionSyntax collection ? TokenArguments.WithCancellation(collection, name) : rewritten;
            }

            return rewritten is InvocationExpressionSyntax invocation ? TokenArguments.AddToken(invocation, name, missing.ParameterName, missing.Named) : rewritten;
        });

        ParameterSyntax parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation));
        newFunction = newFunction switch
        {
            MethodDeclarationSyntax m => m.WithParameterList(Insert(m.ParameterList, parameter)),
            ParenthesizedLambdaExpressionSyntax l => l.WithParameterList(Insert(l.ParameterList, parameter)),
            _ => newFunction,
        };

        return document.WithSyntaxRoot(root.ReplaceNode(function, newFunction));
    }

    /// <summary>The parameter goes before optional parameters and a params array, else last.</summary>
    private static ParameterListSyntax Insert(ParameterListSyntax list, ParameterSyntax parameter)
    {
        int index = list.Parameters.Count;
        for (int i = 0; i < list.Parameters.Count; i++)
        {
            ParameterSyntax existing = list.Parameters[i];
            if (existing.Default is not null || existing.Modifiers.Any(SyntaxKind.ParamsKeyword))
            {
                index = i;
                break;
            }
        }

        return list.WithParameters(list.Parameters.Insert(index, parameter));
    }

    private static string FreeName(SyntaxNode function, SemanticModel model)
    {
        var taken = new HashSet<string>(function.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        foreach (ISymbol symbol in model.LookupSymbols(function.SpanStart))
        {
            taken.Add(symbol.Name);
        }

        string name = "cancellationToken";
        for (int i = 2; taken.Contains(name) && i < 100; i++)
        {
            name = "cancellationToken" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }
}
