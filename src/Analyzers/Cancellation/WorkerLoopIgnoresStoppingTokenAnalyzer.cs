using System.Collections.Generic;
using System.Collections.Immutable;
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
                if (RunsUntilStopped(loop) && !ObservesToken(loop, cancellation))
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

    private static bool ObservesToken(IOperation loop, CancellationContext cancellation)
    {
        foreach (IOperation operation in loop.DescendantsAndSelf())
        {
            ITypeSymbol? type = operation switch
            {
                IParameterReferenceOperation parameter => parameter.Type,
                ILocalReferenceOperation local => local.Type,
                IFieldReferenceOperation field => field.Type,
                IPropertyReferenceOperation { Property.IsStatic: false } property => property.Type,
                _ => null,
            };
            if (type is null)
            {
                continue;
            }

            if (cancellation.IsToken(type) || (cancellation.TokenSource is not null && CancellationContext.InheritsFrom(type, cancellation.TokenSource)))
            {
                return true;
            }
        }

        return false;
    }

    private static Location KeywordLocation(SyntaxNode syntax) => syntax switch
    {
        WhileStatementSyntax whileStatement => whileStatement.WhileKeyword.GetLocation(),
        DoStatementSyntax doStatement => doStatement.DoKeyword.GetLocation(),
        ForStatementSyntax forStatement => forStatement.ForKeyword.GetLocation(),
        _ => syntax.GetLocation(),
    };
}
