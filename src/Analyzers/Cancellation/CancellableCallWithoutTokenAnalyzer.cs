using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace NoDowntime.Analyzers.Cancellation;

/// <summary>
/// ND3001: a cancellable call made without a token while one is available. Reported locally: the token in scope
/// makes the request-path question moot. Calls whose task is thrown away belong to ND3007; controller actions and
/// page handlers that could only reach the token through <c>HttpContext</c> belong to ND3003.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CancellableCallWithoutTokenAnalyzer : DiagnosticAnalyzer
{
    internal const string TokenProperty = "Token";
    internal const string ParameterProperty = "Parameter";
    internal const string NamedProperty = "Named";
    internal const string WithCancellationProperty = "WithCancellation";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.CancellableCallWithoutToken);

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

            start.RegisterOperationAction(c => AnalyzeInvocation(c, cancellation), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeForEach(c, cancellation), OperationKind.Loop);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CancellationContext cancellation)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (CancellableCalls.Analyze(invocation, cancellation) is not { } missing || CancellableCalls.IsDiscarded(invocation))
        {
            return;
        }

        if (Available(invocation, context.ContainingSymbol, cancellation) is not { } token)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties.Add(TokenProperty, token.Expression);
        properties.Add(ParameterProperty, missing.ParameterName);
        properties.Add(NamedProperty, missing.Named ? "true" : "false");
        context.ReportDiagnostic(Diagnostic.Create(
            Rules.CancellableCallWithoutToken,
            NameLocation(invocation.Syntax),
            properties.ToImmutable(),
            DisplayName(invocation.TargetMethod),
            token.Expression,
            Reason(token.Kind)));
    }

    private static void AnalyzeForEach(OperationAnalysisContext context, CancellationContext cancellation)
    {
        if (context.Operation is not IForEachLoopOperation loop || !CancellableCalls.IsUncancelledAsyncForEach(loop, cancellation))
        {
            return;
        }

        if (Available(loop.Collection, context.ContainingSymbol, cancellation) is not { } token)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties.Add(TokenProperty, token.Expression);
        properties.Add(WithCancellationProperty, "true");
        SyntaxNode collectionSyntax = loop.Collection.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(
            Rules.CancellableCallWithoutToken,
            collectionSyntax.GetLocation(),
            properties.ToImmutable(),
            "await foreach over " + collectionSyntax.ToString(),
            token.Expression,
            Reason(token.Kind)));
    }

    /// <summary>The token ND3001 would pass at <paramref name="operation"/>, or null when the rule stays silent there.</summary>
    internal static AvailableToken? Available(IOperation operation, ISymbol? owningSymbol, CancellationContext cancellation)
    {
        if (cancellation.IsExempt(operation, owningSymbol))
        {
            return null;
        }

        if (TokenScope.Find(operation, owningSymbol, cancellation) is not { } token)
        {
            return null;
        }

        if (token.Kind == TokenSourceKind.ControllerHttpContext && owningSymbol is IMethodSymbol method
            && cancellation.Model.EntryPoints.ForMethod(method) is not null)
        {
            // An action or page handler without a token of its own: ND3003 adds one and forwards it everywhere.
            return null;
        }

        return token;
    }

    internal static Location NameLocation(SyntaxNode syntax)
    {
        if (syntax is InvocationExpressionSyntax invocation)
        {
            ExpressionSyntax expression = invocation.Expression;
            SyntaxNode name = expression switch
            {
                MemberAccessExpressionSyntax member => member.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                _ => expression,
            };
            return name.GetLocation();
        }

        return syntax.GetLocation();
    }

    internal static string DisplayName(IMethodSymbol method) =>
        (method.ContainingType is { } type ? type.Name + "." : string.Empty) + method.Name;

    private static string Reason(TokenSourceKind kind) => kind switch
    {
        TokenSourceKind.HttpContext or TokenSourceKind.ControllerHttpContext or TokenSourceKind.HttpContextAccessor => "the client disconnects",
        TokenSourceKind.ServerCallContext => "the gRPC call is cancelled or its deadline passes",
        _ => "the caller cancels",
    };
}
