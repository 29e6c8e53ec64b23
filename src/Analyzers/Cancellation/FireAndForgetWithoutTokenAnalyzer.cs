using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;
using NoDowntime.Analyzers.RequestPaths;

namespace NoDowntime.Analyzers.Cancellation;

/// <summary>
/// ND3007: a task started and thrown away (<c>Task.Run(...);</c>, <c>_ = Task.Run(...)</c>, <c>_ = SendAsync()</c>,
/// <c>SendAsync();</c>) with no token anywhere in the call or in the delegate it runs, inside an entry point or in
/// code that holds a token (so it is certainly serving something). Helpers without a token of their own are left to
/// the request-path graph of other rules: this rule stays local to keep false alarms near zero.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FireAndForgetWithoutTokenAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.FireAndForgetWithoutToken);

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

            start.RegisterOperationAction(c => Analyze(c, cancellation), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, CancellationContext cancellation)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!cancellation.IsTaskLike(DeclaredTypes.ReturnTypeOf(invocation.TargetMethod)) || !CancellableCalls.IsDiscarded(invocation) || CarriesToken(invocation, cancellation))
        {
            return;
        }

        if (cancellation.IsExempt(invocation, context.ContainingSymbol))
        {
            return;
        }

        string where;
        EntryPoint? entry = cancellation.Model.EntryPointOf(invocation, context.ContainingSymbol);
        if (entry is not null)
        {
            where = entry.DisplayName;
        }
        else if (TokenScope.Find(invocation, context.ContainingSymbol, cancellation) is not null && context.ContainingSymbol is IMethodSymbol method)
        {
            where = EntryPointDetector.MethodName(method);
        }
        else
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rules.FireAndForgetWithoutToken,
            CancellableCallWithoutTokenAnalyzer.NameLocation(invocation.Syntax),
            CancellableCallWithoutTokenAnalyzer.DisplayName(invocation.TargetMethod),
            where));
    }

    /// <summary>A real token is passed to the call, or read inside the delegates it is given.</summary>
    private static bool CarriesToken(IInvocationOperation invocation, CancellationContext cancellation)
    {
        foreach (IOperation operation in invocation.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IArgumentOperation { ArgumentKind: ArgumentKind.Explicit } argument when argument.Parameter is not null && cancellation.IsToken(argument.Parameter.Type):
                    if (!IsNone(argument.Value, cancellation))
                    {
                        return true;
                    }

                    break;

                case IParameterReferenceOperation or ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsStatic: false }
                    when cancellation.IsToken(operation.Type) || (cancellation.TokenSource is not null && CancellationContext.InheritsFrom(operation.Type, cancellation.TokenSource)):
                    return true;
            }
        }

        return false;
    }

    private static bool IsNone(IOperation value, CancellationContext cancellation)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value is IDefaultValueOperation
            || (value is IPropertyReferenceOperation { Property: { Name: "None", IsStatic: true } property } && cancellation.IsToken(property.ContainingType))
            || (value is IObjectCreationOperation creation && cancellation.IsToken(creation.Type));
    }
}
