using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Cancellation;

/// <summary>
/// ND3004: <c>HttpClient.Timeout = Timeout.InfiniteTimeSpan</c> (or <c>TimeSpan.FromMilliseconds(-1)</c>), anywhere:
/// plain assignments, object initializers and <c>AddHttpClient</c> / <c>ConfigureHttpClient</c> delegates. A client
/// registration that also adds a resilience handler (which enforces its own total timeout) is left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InfiniteHttpClientTimeoutAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> ResilienceMethods = ImmutableHashSet.Create(
        "AddStandardResilienceHandler", "AddStandardHedgingHandler", "AddResilienceHandler", "AddPolicyHandler");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.InfiniteHttpClientTimeout);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? httpClient = WellKnownTypes.Get(start.Compilation, "System.Net.Http.HttpClient");
            INamedTypeSymbol? timeout = WellKnownTypes.Get(start.Compilation, "System.Threading.Timeout");
            INamedTypeSymbol? timeSpan = WellKnownTypes.Get(start.Compilation, "System.TimeSpan");
            if (httpClient is null || timeout is null || timeSpan is null || TestProjects.IsTestProject(start.Compilation))
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, httpClient, timeout, timeSpan), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol httpClient, INamedTypeSymbol timeout, INamedTypeSymbol timeSpan)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "Timeout" } property }
            || !CancellationContext.InheritsFrom(property.ContainingType, httpClient)
            || !IsInfinite(assignment.Value, timeout, timeSpan)
            || HasResilienceHandler(assignment))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rules.InfiniteHttpClientTimeout, assignment.Syntax.GetLocation(), assignment.Syntax.ToString()));
    }

    private static bool IsInfinite(IOperation value, INamedTypeSymbol timeout, INamedTypeSymbol timeSpan)
    {
        while (value is IConversionOperation or IParenthesizedOperation)
        {
            value = value is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)value).Operand;
        }

        switch (value)
        {
            case IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" } field:
                return SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, timeout);
            case IInvocationOperation { TargetMethod.Name: "FromMilliseconds", Arguments.Length: 1 } invocation
                when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, timeSpan):
                return invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: { } constant }
                    && constant switch
                    {
                        int i => i == -1,
                        long l => l == -1,
                        double d => d == -1d,
                        float f => f == -1f,
                        _ => false,
                    };
            default:
                return false;
        }
    }

    /// <summary>The assignment sits in a delegate given to a client registration whose chain adds a resilience handler.</summary>
    private static bool HasResilienceHandler(IOperation assignment)
    {
        IOperation? current = assignment.Parent;
        while (current is not null and not IAnonymousFunctionOperation)
        {
            current = current.Parent;
        }

        if (current is null)
        {
            return false;
        }

        IOperation? parent = current.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation)
        {
            parent = parent.Parent;
        }

        if (parent is not IArgumentOperation { Parent: IInvocationOperation registration })
        {
            return false;
        }

        // Walk the fluent chain outwards: registration.AddStandardResilienceHandler()...
        IOperation chain = registration;
        for (int depth = 0; depth < 16; depth++)
        {
            IOperation? next = chain.Parent;
            while (next is IConversionOperation)
            {
                next = next.Parent;
            }

            if (next is IArgumentOperation { Parent: IInvocationOperation outer } argument && outer.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0)
            {
                if (ResilienceMethods.Contains(outer.TargetMethod.Name))
                {
                    return true;
                }

                chain = outer;
                continue;
            }

            if (next is IInvocationOperation instanceCall && ReferenceEquals(instanceCall.Instance, chain))
            {
                if (ResilienceMethods.Contains(instanceCall.TargetMethod.Name))
                {
                    return true;
                }

                chain = instanceCall;
                continue;
            }

            break;
        }

        return false;
    }
}
