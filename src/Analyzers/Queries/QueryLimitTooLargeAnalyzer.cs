using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Queries;

/// <summary>
/// ND2003: a constant limit above <c>nodowntime.max_query_limit</c>: <c>Limit</c>, <c>Take</c> (on a MongoDB or EF Core
/// query), <c>FindOptions.Limit</c>, a <c>$limit</c> stage.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QueryLimitTooLargeAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.QueryLimitTooLarge);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            QueryTypes types = QueryTypes.Create(start.Compilation);
            if ((!types.HasMongo && !types.HasEntityFramework) || TestProjects.IsTestProject(start.Compilation))
            {
                return;
            }

            var options = new NoDowntimeOptions<QueryOptions>(start.Options, QueryOptions.Parse);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, types, options), OperationKind.Invocation);
            if (types.HasMongo)
            {
                start.RegisterOperationAction(c => AnalyzeAssignment(c, types, options), OperationKind.SimpleAssignment);
                start.RegisterOperationAction(c => AnalyzeCreation(c, types, options), OperationKind.ObjectCreation);
                start.RegisterOperationAction(c => AnalyzeJsonStage(c, options), OperationKind.Literal);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, QueryTypes types, NoDowntimeOptions<QueryOptions> options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;

        // new BsonDocument { { "$limit", 5000 } }: the collection initializer calls Add(name, value).
        if (method.Name == "Add" && types.HasMongo && QueryTypes.Is(method.ContainingType, types.BsonDocument) && invocation.Arguments.Length >= 2
            && QueryChainWalker.Unwrap(invocation.Arguments[0].Value)?.ConstantValue is { HasValue: true, Value: "$limit" })
        {
            Check(context, invocation.Arguments[1].Value, options);
            return;
        }

        if (method.Name is not ("Limit" or "Take"))
        {
            return;
        }

        // Only a constant above the limit can be reported: decided before any type is compared or query walked.
        int valueOrdinal = method.IsExtensionMethod ? 1 : 0;
        IArgumentOperation? argument = null;
        foreach (IArgumentOperation candidate in invocation.Arguments)
        {
            if (candidate.Parameter?.Ordinal == valueOrdinal)
            {
                argument = candidate;
                break;
            }
        }

        if (!Exceeds(argument?.Value, options))
        {
            return;
        }

        INamedTypeSymbol? container = method.ContainingType?.OriginalDefinition;
        bool mongo = QueryTypes.Is(container, types.FindFluent) || QueryTypes.Is(container, types.AggregateFluent)
            || QueryTypes.Is(container, types.PipelineDefinitionBuilder) || QueryTypes.Is(container, types.PipelineStageDefinitionBuilder)
            || QueryTypes.Is(container, types.MongoQueryable);
        if (!mongo)
        {
            if (!QueryTypes.Is(container, types.Queryable))
            {
                return;
            }

            // Queryable.Take counts only on a database query, not on in-memory data made queryable.
            QueryChain chain = new QueryChainWalker(types).Walk(QueryChainWalker.Receiver(invocation));
            if (chain.Source == QuerySourceKind.None)
            {
                return;
            }
        }

        Check(context, argument?.Value, options);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, QueryTypes types, NoDowntimeOptions<QueryOptions> options)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "Limit" } property }
            && QueryTypes.Is(property.ContainingType, types.FindOptions2))
        {
            Check(context, assignment.Value, options);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, QueryTypes types, NoDowntimeOptions<QueryOptions> options)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (QueryTypes.Is(creation.Type, types.BsonDocument)
            && creation.Arguments.Length == 2
            && QueryChainWalker.Unwrap(creation.Arguments[0].Value)?.ConstantValue is { HasValue: true, Value: "$limit" })
        {
            Check(context, creation.Arguments[1].Value, options);
        }
    }

    /// <summary>A JSON stage handed to the driver: <c>AppendStage&lt;T&gt;("{ $limit: 5000 }")</c>, <c>BsonDocument.Parse(...)</c>.</summary>
    private static void AnalyzeJsonStage(OperationAnalysisContext context, NoDowntimeOptions<QueryOptions> options)
    {
        // The type first: reading a number literal's constant value boxes it, and most literals are numbers.
        var literal = (ILiteralOperation)context.Operation;
        if (literal.Type?.SpecialType != SpecialType.System_String
            || literal.ConstantValue is not { HasValue: true, Value: string text } || text.IndexOf("$limit", System.StringComparison.Ordinal) < 0)
        {
            return;
        }

        System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(text, @"[""']?\$limit[""']?\s*:\s*(\d{1,18})");
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long limit))
        {
            return;
        }

        // Only JSON that goes to the driver: the nearest call or creation belongs to MongoDB.
        IOperation? owner = literal.Parent;
        while (owner is not null and not IInvocationOperation and not IObjectCreationOperation)
        {
            owner = owner.Parent;
        }

        ISymbol? target = owner switch
        {
            IInvocationOperation call => call.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            _ => null,
        };
        string? ns = target?.ContainingNamespace?.ToDisplayString();
        if (ns is null || !ns.StartsWith("MongoDB", System.StringComparison.Ordinal))
        {
            return;
        }

        int max = options.For(literal.Syntax.SyntaxTree).MaxQueryLimit;
        if (limit > max)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Rules.QueryLimitTooLarge,
                literal.Syntax.GetLocation(),
                limit.ToString(CultureInfo.InvariantCulture),
                max));
        }
    }

    /// <summary>Whether <paramref name="value"/> is a constant above the configured maximum (what <see cref="Check"/> reports).</summary>
    private static bool Exceeds(IOperation? value, NoDowntimeOptions<QueryOptions> options) => Exceeds(value, options, out _, out _, out _);

    /// <summary>Whether <paramref name="value"/> is a constant above the configured maximum; the constant's operation, value and the maximum.</summary>
    private static bool Exceeds(IOperation? value, NoDowntimeOptions<QueryOptions> options, out IOperation? constant, out long limit, out int max)
    {
        constant = QueryChainWalker.Unwrap(value);
        limit = 0;
        max = 0;
        if (constant is null || !constant.ConstantValue.HasValue || QueryChainWalker.ToLong(constant.ConstantValue.Value) is not long found)
        {
            return false;
        }

        limit = found;
        max = options.For(constant.Syntax.SyntaxTree).MaxQueryLimit;
        return limit > max;
    }

    private static void Check(OperationAnalysisContext context, IOperation? value, NoDowntimeOptions<QueryOptions> options)
    {
        if (!Exceeds(value, options, out IOperation? constant, out long limit, out int max))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rules.QueryLimitTooLarge,
            constant!.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(QueryOptions.MaxLimitProperty, max.ToString(CultureInfo.InvariantCulture)),
            limit.ToString(CultureInfo.InvariantCulture),
            max));
    }
}
