using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.RequestPaths;

namespace NoDowntime.Analyzers.Cancellation;

/// <summary>
/// ND3003: a controller action, page handler or minimal API handler lambda that does cancellable work but takes
/// no token (nor an <c>HttpContext</c> / <c>ServerCallContext</c> / configured carrier to read one from).
/// Reported at the handler, once; the fix adds the parameter and forwards it to every such call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandlerWithoutTokenAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.HandlerWithoutToken);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            CancellationContext? cancellation = CancellationContext.Create(start.Compilation, start.Options);
            if (cancellation is null)
            {
                return;
            }

            start.RegisterOperationBlockAction(c => AnalyzeMethod(c, cancellation));
            start.RegisterOperationAction(c => AnalyzeLambda(c, cancellation), OperationKind.AnonymousFunction);
            start.RegisterOperationAction(c => AnalyzeMethodGroup(c, cancellation), OperationKind.Invocation);
        });
    }

    private static void AnalyzeMethod(OperationBlockAnalysisContext context, CancellationContext cancellation)
    {
        // Controller actions and page handlers are public instance methods of controllers and pages: decided from the
        // symbol and its type alone.
        if (context.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: false, DeclaredAccessibility: Accessibility.Public } method
            || context.OperationBlocks.IsDefaultOrEmpty || !cancellation.MayDeclareHandlers(method.ContainingType))
        {
            return;
        }

        if (cancellation.Model.EntryPoints.ForMethod(method) is not { } entry
            || entry.Kind is not (EntryPointKind.ControllerAction or EntryPointKind.RazorPageHandler))
        {
            return;
        }

        // A handler that takes a token (or a carrier such as HttpContext) reaches it everywhere except inside static
        // local functions: no need to look at its calls.
        if (TokenScope.ParametersGiveToken(method, cancellation, context.OperationBlocks[0].Syntax.SyntaxTree) && !HasStaticKeyword(context.OperationBlocks))
        {
            return;
        }

        if (method.DeclaringSyntaxReferences.Length == 0 || method.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not MethodDeclarationSyntax declaration)
        {
            return;
        }

        foreach (IOperation block in context.OperationBlocks)
        {
            if (FirstUncancelledCall(block, method, cancellation, stopAtNestedHandlers: true) is { } call)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rules.HandlerWithoutToken, declaration.Identifier.GetLocation(), entry.DisplayName, call));
                return;
            }
        }
    }

    private static void AnalyzeLambda(OperationAnalysisContext context, CancellationContext cancellation)
    {
        var function = (IAnonymousFunctionOperation)context.Operation;
        if (!IsMapArgument(function) || cancellation.Model.EntryPoints.ForAnonymousFunction(function) is not { Kind: EntryPointKind.MinimalApiHandler } entry)
        {
            return;
        }

        Location? location = function.Syntax switch
        {
            ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList.GetLocation(),
            SimpleLambdaExpressionSyntax simple => simple.Parameter.GetLocation(),
            _ => null,
        };
        if (location is null)
        {
            return;
        }

        // A handler lambda that takes a token (or a carrier) reaches it everywhere in its body unless a static function
        // or another lambda (which may be a handler of its own) sits there: then the calls need no look.
        if (TokenScope.ParametersGiveToken(function.Symbol, cancellation, function.Syntax.SyntaxTree) && !HasNestedFunctionOrStatic(function.Syntax))
        {
            return;
        }

        if (FirstUncancelledCall(function.Body, context.ContainingSymbol, cancellation, stopAtNestedHandlers: false) is { } call)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rules.HandlerWithoutToken, location, entry.DisplayName, call));
        }
    }

    /// <summary>
    /// A method group given to <c>Map*</c> (<c>group.MapGet("/", GetAll)</c>) whose declaration is in the same file:
    /// its body is read through the same semantic model. Handlers declared in other files are not judged here.
    /// </summary>
    private static void AnalyzeMethodGroup(OperationAnalysisContext context, CancellationContext cancellation)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!EntryPointDetector.IsMapHandlerMethod(invocation.TargetMethod.Name)
            || invocation.SemanticModel is not { } model)
        {
            return;
        }

        var found = new List<(IOperation Target, EntryPoint Entry)>(1);
        cancellation.Model.EntryPoints.ForInvocation(invocation, found);
        foreach (var (target, entry) in found)
        {
            if (entry.Kind != EntryPointKind.MinimalApiHandler || target is not IMethodReferenceOperation { Method: { } method }
                || method.MethodKind != MethodKind.Ordinary || method.DeclaringSyntaxReferences.Length != 1)
            {
                continue;
            }

            SyntaxReference reference = method.DeclaringSyntaxReferences[0];
            if (reference.SyntaxTree != model.SyntaxTree || reference.GetSyntax(context.CancellationToken) is not MethodDeclarationSyntax declaration)
            {
                continue;
            }

            SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            if (body is null)
            {
                continue;
            }

            // As for actions: a handler that takes a token (or a carrier) reaches it everywhere outside static
            // functions, so its body (another member's operation tree) need not be built at all.
            if (TokenScope.ParametersGiveToken(method, cancellation, reference.SyntaxTree) && !HasStaticKeyword(body))
            {
                continue;
            }

            if (model.GetOperation(body, context.CancellationToken) is not { } root)
            {
                continue;
            }

            if (FirstUncancelledCall(root, method, cancellation, stopAtNestedHandlers: true) is { } call)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rules.HandlerWithoutToken, declaration.Identifier.GetLocation(), entry.DisplayName, call));
            }
        }
    }

    /// <summary>Whether the code holds a <c>static</c> keyword (a static local function or lambda, which sees no outer token).</summary>
    private static bool HasStaticKeyword(ImmutableArray<IOperation> blocks)
    {
        foreach (IOperation block in blocks)
        {
            if (HasStaticKeyword(block.Syntax))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the syntax holds a <c>static</c> keyword (a static local function or lambda, which sees no outer token).</summary>
    private static bool HasStaticKeyword(SyntaxNode node)
    {
        // The text tells at once that most bodies hold no "static" at all; only those that do are tokenised.
        if (!TextContains(node, "static"))
        {
            return false;
        }

        foreach (SyntaxToken token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.StaticKeyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the lambda holds another lambda, an anonymous method or a <c>static</c> keyword (conservative: any <c>=&gt;</c> counts).</summary>
    private static bool HasNestedFunctionOrStatic(SyntaxNode lambda)
    {
        SyntaxNode? body = lambda switch
        {
            ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.Body,
            SimpleLambdaExpressionSyntax simple => simple.Body,
            _ => lambda,
        };
        if (body is null)
        {
            return true;
        }

        if (!TextContains(body, "static") && !TextContains(body, "=>") && !TextContains(body, "delegate"))
        {
            return false;
        }

        foreach (SyntaxToken token in body.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.StaticKeyword) || token.IsKind(SyntaxKind.EqualsGreaterThanToken) || token.IsKind(SyntaxKind.DelegateKeyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the source text of <paramref name="node"/> holds <paramref name="word"/> anywhere (in a token, comment or
    /// string alike): false means no token of the node can be that keyword, so the exact token walk can be skipped.
    /// </summary>
    private static bool TextContains(SyntaxNode node, string word)
    {
        if (node.SyntaxTree is not { } tree || !tree.TryGetText(out Microsoft.CodeAnalysis.Text.SourceText? text))
        {
            return true;
        }

        Microsoft.CodeAnalysis.Text.TextSpan span = node.Span;
        if (span.End > text.Length)
        {
            return true;
        }

        char first = word[0];
        int last = span.End - word.Length;
        for (int i = span.Start; i <= last; i++)
        {
            if (text[i] != first)
            {
                continue;
            }

            int j = 1;
            while (j < word.Length && text[i + j] == word[j])
            {
                j++;
            }

            if (j == word.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A lambda handed (through its delegate conversion) to a <c>Map*</c> call: the only place a minimal API handler is declared.</summary>
    private static bool IsMapArgument(IAnonymousFunctionOperation function)
    {
        IOperation? current = function.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current is IArgumentOperation { Parent: IInvocationOperation invocation } && EntryPointDetector.IsMapHandlerMethod(invocation.TargetMethod.Name);
    }

    /// <summary>The name of the first call in the handler that a token would reach, or null.</summary>
    private static string? FirstUncancelledCall(IOperation root, ISymbol owningSymbol, CancellationContext cancellation, bool stopAtNestedHandlers)
    {
        foreach (IOperation operation in UncancelledCalls(root, owningSymbol, cancellation, stopAtNestedHandlers))
        {
            return operation is IInvocationOperation invocation ? CancellableCallWithoutTokenAnalyzer.DisplayName(invocation.TargetMethod) : "await foreach";
        }

        return null;
    }

    /// <summary>
    /// Calls (invocations, or <c>await foreach</c> loops) in a handler body that can be cancelled, are not given a
    /// token, and that no token in scope reaches except through a controller's <c>HttpContext</c>. The code fix uses
    /// the same list, so the diagnostic and the fix agree.
    /// </summary>
    internal static IEnumerable<IOperation> UncancelledCalls(IOperation root, ISymbol? owningSymbol, CancellationContext cancellation, bool stopAtNestedHandlers)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            IOperation operation = stack.Pop();
            if (operation is IAnonymousFunctionOperation function && !ReferenceEquals(operation, root)
                && (TokenScope.IsDetached(function) || function.Symbol.IsStatic
                    || (stopAtNestedHandlers && cancellation.Model.EntryPoints.ForAnonymousFunction(function) is not null)))
            {
                continue;
            }

            IOperation? candidate = operation switch
            {
                IInvocationOperation invocation when CancellableCalls.Analyze(invocation, cancellation) is not null && !CancellableCalls.IsDiscarded(invocation) => invocation,
                IForEachLoopOperation loop when CancellableCalls.IsUncancelledAsyncForEach(loop, cancellation) => loop,
                _ => null,
            };
            if (candidate is not null && !cancellation.IsExempt(candidate, owningSymbol)
                && TokenScope.Find(candidate is IForEachLoopOperation l ? l.Collection : candidate, owningSymbol, cancellation) is null or { Kind: TokenSourceKind.ControllerHttpContext })
            {
                yield return candidate;
            }

            // Children in reverse so the walk yields calls in source order.
            foreach (IOperation child in operation.ChildOperations.Reverse())
            {
                stack.Push(child);
            }
        }
    }
}
