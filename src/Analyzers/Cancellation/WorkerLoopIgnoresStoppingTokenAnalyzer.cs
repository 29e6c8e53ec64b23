using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace NoDowntime.Analyzers.Cancellation;

/// <summary>
/// ND3005: a loop at the top level of <c>BackgroundService.ExecuteAsync</c> that only ends when something else ends
/// it (no condition, <c>true</c>, or a flag without calls) and never touches a token. Loops whose condition calls
/// something (<c>TryDequeue</c>, <c>WaitForNextTickAsync</c>) are driven by that call; ND3001 covers a call that
/// could take the token.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkerLoopIgnoresStoppingTokenAnalyzer : DiagnosticAnalyzer
{
    internal const string TokenProperty = "Token";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.WorkerLoopIgnoresStoppingToken);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            CancellationContext? cancellation = CancellationContext.Create(start.Compilation, start.Options);
            if (cancellation?.BackgroundService is null)
            {
                return;
            }

            start.RegisterOperationBlockAction(c => Analyze(c, cancellation));
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, CancellationContext cancellation)
    {
        if (context.OwningSymbol is not IMethodSymbol { Name: "ExecuteAsync", IsOverride: true, Parameters.Length: 1 } method
            || !cancellation.IsToken(method.Parameters[0].Type) || !OverridesBackgroundService(method, cancellation))
        {
            return;
        }

        string token = method.Parameters[0].Name;
        HashSet<string>? derived = null;
        var stack = new Stack<IOperation>();
        foreach (IOperation block in context.OperationBlocks)
        {
            stack.Push(block);
        }

        while (stack.Count > 0)
        {
            IOperation operation = stack.Pop();
            if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                continue;
            }

            if (operation is ILoopOperation loop)
            {
                // Only the outermost loops: inner loops run inside an iteration of one that is judged.
                if (RunsUntilStopped(loop) && !ObservesToken(loop, cancellation, derived ??= DerivedNames(method, token, context.CancellationToken)))
                {
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(TokenProperty, token);
                    context.ReportDiagnostic(Diagnostic.Create(
                        Rules.WorkerLoopIgnoresStoppingToken,
                        KeywordLocation(loop.Syntax),
                        properties,
                        (method.ContainingType?.Name ?? string.Empty) + ".ExecuteAsync",
                        token));
                }

                continue;
            }

            foreach (IOperation child in operation.ChildOperations)
            {
                stack.Push(child);
            }
        }
    }

    private static bool OverridesBackgroundService(IMethodSymbol method, CancellationContext cancellation)
    {
        int guard = 0;
        for (IMethodSymbol? current = method.OverriddenMethod; current is not null && guard++ < 32; current = current.OverriddenMethod)
        {
            if (cancellation.Is(current.ContainingType, cancellation.BackgroundService))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>No condition, constant true, or a condition that only reads state (a flag): nothing but a token ends it in time.</summary>
    private static bool RunsUntilStopped(ILoopOperation loop)
    {
        IOperation? condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };
        if (loop is not (IWhileLoopOperation or IForLoopOperation))
        {
            return false;
        }

        if (condition is null)
        {
            return loop is IForLoopOperation || loop is IWhileLoopOperation { Condition: null };
        }

        if (condition.ConstantValue is { HasValue: true, Value: true })
        {
            return true;
        }

        if (loop is IForLoopOperation)
        {
            return false;
        }

        foreach (IOperation part in condition.DescendantsAndSelf())
        {
            if (part is IInvocationOperation or IAwaitOperation or IBinaryOperation { OperatorKind: not (BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals) }
                or ILocalReferenceOperation or IParameterReferenceOperation)
            {
                // Calls, counters and locals: the loop has its own way to end.
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The stopping token and the locals derived from it (their initializer mentions the token or another derived
    /// local), by name, in source order: <c>var linked = CreateLinkedTokenSource(stoppingToken); var token = linked.Token;</c>.
    /// </summary>
    private static HashSet<string> DerivedNames(IMethodSymbol method, string token, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal) { token };
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            foreach (VariableDeclaratorSyntax declarator in reference.GetSyntax(cancellationToken).DescendantNodes().OfType<VariableDeclaratorSyntax>())
            {
                if (declarator.Initializer is { } initializer
                    && initializer.Value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => names.Contains(n.Identifier.ValueText)))
                {
                    names.Add(declarator.Identifier.ValueText);
                }
            }
        }

        return names;
    }

    /// <summary>
    /// The loop reads the stopping token or a local derived from it, or a token held by the instance (a field, or a
    /// property such as <c>lifetime.ApplicationStopping</c>). A local source that is not derived (ND3006) does not count.
    /// </summary>
    private static bool ObservesToken(IOperation loop, CancellationContext cancellation, HashSet<string> derived)
    {
        foreach (IOperation operation in loop.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IParameterReferenceOperation parameter when derived.Contains(parameter.Parameter.Name):
                case ILocalReferenceOperation local when derived.Contains(local.Local.Name):
                    return true;
                case IFieldReferenceOperation { Field.IsStatic: false } field when IsTokenType(field.Type, cancellation):
                    return true;
                case IPropertyReferenceOperation { Property.IsStatic: false, Instance: not (ILocalReferenceOperation or null) } property
                    when IsTokenType(property.Type, cancellation):
                    return true;
            }
        }

        return false;
    }

    private static bool IsTokenType(ITypeSymbol? type, CancellationContext cancellation) =>
        cancellation.IsToken(type) || (cancellation.TokenSource is not null && CancellationContext.InheritsFrom(type, cancellation.TokenSource));

    private static Location KeywordLocation(SyntaxNode syntax) => syntax switch
    {
        WhileStatementSyntax whileStatement => whileStatement.WhileKeyword.GetLocation(),
        DoStatementSyntax doStatement => doStatement.DoKeyword.GetLocation(),
        ForStatementSyntax forStatement => forStatement.ForKeyword.GetLocation(),
        _ => syntax.GetLocation(),
    };
}
