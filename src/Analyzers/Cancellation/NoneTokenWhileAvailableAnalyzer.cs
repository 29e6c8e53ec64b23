using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Cancellation;

/// <summary>
/// ND3002: <c>CancellationToken.None</c>, <c>default</c> or <c>new CancellationToken()</c> passed while a token is
/// available. Thrown-away tasks (deliberately detached work, ND3007) and <c>Task.Run</c> are left out.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoneTokenWhileAvailableAnalyzer : DiagnosticAnalyzer
{
    internal const string TokenProperty = "Token";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.NoneTokenWhileAvailable);

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

            start.RegisterOperationAction(c => Analyze(c, cancellation), OperationKind.Argument);
        });
    }

    private static void Analyze(OperationAnalysisContext context, CancellationContext cancellation)
    {
        // The value first: it is at hand, and almost no argument is a default or CancellationToken.None, while the
        // parameter of a generic method's construction is built on first read.
        var argument = (IArgumentOperation)context.Operation;
        if (argument.ArgumentKind != ArgumentKind.Explicit || !IsNone(argument.Value, cancellation)
            || argument.Parameter is not { } parameter || !cancellation.IsToken(DeclaredTypes.TypeOf(parameter)))
        {
            return;
        }

        IMethodSymbol? target = argument.Parent switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            _ => null,
        };
        if (target is null || CancellableCalls.IsTaskStart(target, cancellation) || CancellableCalls.IsDiscarded(argument.Parent!))
        {
            return;
        }

        if (cancellation.IsExempt(argument, context.ContainingSymbol) || TokenScope.Find(argument, context.ContainingSymbol, cancellation) is not { } token)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties.Add(TokenProperty, token.Expression);
        context.ReportDiagnostic(Diagnostic.Create(
            Rules.NoneTokenWhileAvailable,
            argument.Value.Syntax.GetLocation(),
            properties.ToImmutable(),
            argument.Value.Syntax.ToString(),
            CancellableCallWithoutTokenAnalyzer.DisplayName(target),
            token.Expression,
            token.Kind is TokenSourceKind.HttpContext or TokenSourceKind.ControllerHttpContext or TokenSourceKind.HttpContextAccessor
                ? "the client disconnects"
                : "the caller cancels"));
    }

    private static bool IsNone(IOperation value, CancellationContext cancellation)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value switch
        {
            IDefaultValueOperation => true,
            IPropertyReferenceOperation { Property.Name: "None", Property.IsStatic: true } property => cancellation.IsToken(property.Property.ContainingType),
            IObjectCreationOperation creation when cancellation.IsToken(creation.Type) =>
                creation.Arguments.Length == 0 || creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: false },
            _ => false,
        };
    }
}
