using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace NoDowntime.Analyzers.Queries;

/// <summary>
/// Walks a query back from the call that runs it to its source: through fluent calls, LINQ operators,
/// aggregation stages, <c>FindOptions</c> initializers and assignments, and locals assigned within the method
/// (<c>var q = coll.Find(f); if (x) q = q.Sort(s); return await q.ToListAsync(ct);</c>).
/// The walk never throws; what it cannot follow marks the chain <see cref="QueryChain.Unresolved"/>.
/// </summary>
internal sealed class QueryChainWalker
{
    private const int MaxDepth = 64;

    private static readonly HashSet<string> ProjectionNames = new(StringComparer.Ordinal)
    {
        "Project", "Select", "ReplaceRoot", "ReplaceWith",
    };

    private static readonly HashSet<string> AggregatingNames = new(StringComparer.Ordinal)
    {
        "Group", "GroupBy", "Count", "Bucket", "BucketAuto", "SortByCount", "Facet", "Distinct", "Sample",
    };

    private static readonly HashSet<string> ProjectionStages = new(StringComparer.Ordinal)
    {
        "$project", "$replaceRoot", "$replaceWith", "$unset",
    };

    private static readonly HashSet<string> AggregatingStages = new(StringComparer.Ordinal)
    {
        "$group", "$count", "$bucket", "$bucketAuto", "$sortByCount", "$facet", "$sample",
    };

    private readonly QueryTypes types;
    // Created on first use: most walks follow no local and no helper.
    private HashSet<ILocalSymbol>? visiting;
    private HashSet<IMethodSymbol>? visitingMethods;
    private QueryChain chain = new();
    private int depth;

    public QueryChainWalker(QueryTypes types)
    {
        this.types = types;
    }

    /// <summary>Walks the query that <paramref name="query"/> (the receiver of a run call) evaluates.</summary>
    public QueryChain Walk(IOperation? query)
    {
        chain = new QueryChain();
        visiting?.Clear();
        visitingMethods?.Clear();
        depth = 0;
        Visit(query);
        if (chain.Source == QuerySourceKind.None)
        {
            chain.Unresolved = true;
        }

        return chain;
    }

    /// <summary>Removes conversions, parentheses and awaits.</summary>
    public static IOperation? Unwrap(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                case IAwaitOperation awaited:
                    operation = awaited.Operation;
                    break;
                case ITranslatedQueryOperation query:
                    operation = query.Operation;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The receiver of an instance or extension invocation.</summary>
    public static IOperation? Receiver(IInvocationOperation invocation)
    {
        if (!invocation.TargetMethod.IsExtensionMethod)
        {
            return invocation.Instance;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument.Value;
            }
        }

        return null;
    }

    public static IOperation? Argument(IInvocationOperation invocation, string name)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>The outermost operation of the body that holds <paramref name="operation"/>.</summary>
    public static IOperation Root(IOperation operation)
    {
        IOperation current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>Every value assigned to a local in the body (its initializer and simple assignments); null when one cannot be seen.</summary>
    public static List<IOperation>? AssignedValues(ILocalSymbol local, IOperation anyOperationInBody)
    {
        var values = new List<IOperation>();
        bool escapes = false;
        foreach (IOperation operation in Root(anyOperationInBody).Descendants())
        {
            // Most nodes of a body are of no kind below: rejected without a type test each.
            if (operation.Kind is not (OperationKind.VariableDeclarator or OperationKind.SimpleAssignment or OperationKind.CompoundAssignment
                or OperationKind.DeconstructionAssignment or OperationKind.Argument or OperationKind.Loop))
            {
                continue;
            }

            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    IOperation? initializer = declarator.Initializer?.Value
                        ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    if (initializer is not null)
                    {
                        values.Add(initializer);
                    }

                    break;
                case ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, local):
                    values.Add(assignment.Value);
                    break;
                case ICompoundAssignmentOperation compound when compound.Target is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, local):
                    escapes = true;
                    break;
                case IDeconstructionAssignmentOperation:
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref }:
                    if (operation is IArgumentOperation argument
                        && Unwrap(argument.Value) is ILocalReferenceOperation byRef
                        && SymbolEqualityComparer.Default.Equals(byRef.Local, local))
                    {
                        escapes = true;
                    }
                    else if (operation is IDeconstructionAssignmentOperation deconstruction
                        && deconstruction.Target.Descendants().OfType<ILocalReferenceOperation>().Any(r => SymbolEqualityComparer.Default.Equals(r.Local, local)))
                    {
                        escapes = true;
                    }

                    break;
                case IForEachLoopOperation loop when loop.Locals.Contains(local, SymbolEqualityComparer.Default):
                    escapes = true;
                    break;
            }
        }

        return escapes || values.Count == 0 ? null : values;
    }

    private void Visit(IOperation? operation)
    {
        if (++depth > MaxDepth)
        {
            chain.Unresolved = true;
            depth--;
            return;
        }

        try
        {
            VisitCore(Unwrap(operation));
        }
        finally
        {
            depth--;
        }
    }

    private void VisitCore(IOperation? operation)
    {
        if (operation is null)
        {
            chain.Unresolved = true;
            return;
        }

        if (types.IsDbSet(operation.Type) && operation is not IInvocationOperation { TargetMethod.IsExtensionMethod: true })
        {
            SetSource(QuerySourceKind.EfDbSet, operation, (operation.Type as INamedTypeSymbol) is { } set ? FirstTypeArgument(set) : null);
            return;
        }

        switch (operation)
        {
            case ILocalReferenceOperation local:
                VisitLocal(local);
                return;
            case IInvocationOperation invocation:
                VisitInvocation(invocation);
                return;
            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                Visit(conditional.WhenTrue);
                Visit(conditional.WhenFalse);
                return;
            case ICoalesceOperation coalesce:
                Visit(coalesce.Value);
                Visit(coalesce.WhenNull);
                return;
            case IPropertyReferenceOperation { Property.GetMethod: { } getter } property when TryReturnedQuery(property, getter) is { } returned:
                // IQueryable<Order> Active => db.Orders.Where(o => o.Active);
                (visitingMethods ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Add(getter);
                Visit(returned);
                visitingMethods.Remove(getter);
                return;
            default:
                chain.Unresolved = true;
                return;
        }
    }

    private static ITypeSymbol? FirstTypeArgument(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.TypeArguments.Length > 0)
            {
                return current.TypeArguments[0];
            }
        }

        return null;
    }

    private void VisitLocal(ILocalReferenceOperation reference)
    {
        ILocalSymbol local = reference.Local;
        if (visiting?.Contains(local) == true)
        {
            // q = q.Sort(...): a refinement of the query this local already holds.
            return;
        }

        List<IOperation>? values = AssignedValues(local, reference);
        if (values is null)
        {
            chain.Unresolved = true;
            return;
        }

        (visiting ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(local);
        foreach (IOperation value in values)
        {
            Visit(value);
        }

        visiting.Remove(local);
    }

    private void SetSource(QuerySourceKind kind, IOperation source, ITypeSymbol? documentType)
    {
        if (chain.Source != QuerySourceKind.None && chain.Source != kind)
        {
            // Two different sources (a ternary over a Find and an AsQueryable): keep the first.
            return;
        }

        chain.Source = kind;
        chain.SourceOperation ??= source;
        chain.DocumentType ??= documentType;
    }

    private void VisitInvocation(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol? container = method.ContainingType?.OriginalDefinition;
        string name = method.Name;

        if (types.HasMongo && TryMongoSource(invocation, method, container, name))
        {
            return;
        }

        if (types.IsOperatorContainer(container))
        {
            if (!types.IsQueryShape(method.ReturnType))
            {
                // A call that runs the query (ToList, First, ...) in the middle of a chain: what follows is in memory.
                chain.Unresolved = true;
                return;
            }

            ApplyOperator(invocation, method, container, name);
            Visit(Receiver(invocation));
            return;
        }

        // A user's own extension method over a query (WhereActive(), Page(p, size)): follow its receiver, and take a
        // Take/Limit inside its body as a bound.
        if (method.IsExtensionMethod && types.IsQueryShape(method.ReturnType) && !method.DeclaringSyntaxReferences.IsEmpty)
        {
            string body = method.DeclaringSyntaxReferences[0].GetSyntax().ToString();
            if (body.IndexOf(".Take(", StringComparison.Ordinal) >= 0 || body.IndexOf(".Limit(", StringComparison.Ordinal) >= 0)
            {
                chain.AddLimit(null);
            }

            if (body.IndexOf(".Select(", StringComparison.Ordinal) >= 0 || body.IndexOf(".Project(", StringComparison.Ordinal) >= 0)
            {
                chain.HasProjection = true;
            }

            if (body.IndexOf(".Where(", StringComparison.Ordinal) >= 0 || body.IndexOf(".Match(", StringComparison.Ordinal) >= 0)
            {
                chain.HasFilter = true;
            }

            Visit(Receiver(invocation));
            return;
        }

        // A helper in the same file that returns a query (IFindFluent<Order, Order> Open() => orders.Find(...)): follow
        // its single returned expression.
        if (!method.IsExtensionMethod && TryReturnedQuery(invocation, method) is { } returned)
        {
            (visitingMethods ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Add(method);
            Visit(returned);
            visitingMethods.Remove(method);
            return;
        }

        chain.Unresolved = true;
    }

    private IOperation? TryReturnedQuery(IOperation call, IMethodSymbol method)
    {
        if (method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern || method.DeclaringSyntaxReferences.Length != 1
            || !types.IsQueryShape(method.ReturnType) || visitingMethods?.Contains(method) == true || call.SemanticModel is null)
        {
            return null;
        }

        SyntaxReference reference = method.DeclaringSyntaxReferences[0];
        if (reference.SyntaxTree != call.Syntax.SyntaxTree)
        {
            return null;
        }

        SyntaxNode? returned = reference.GetSyntax() switch
        {
            MethodDeclarationSyntax { ExpressionBody: { } arrow } => arrow.Expression,
            MethodDeclarationSyntax { Body: { } body } => SingleReturn(body),
            LocalFunctionStatementSyntax { ExpressionBody: { } arrow } => arrow.Expression,
            ArrowExpressionClauseSyntax arrow => arrow.Expression,
            AccessorDeclarationSyntax { ExpressionBody: { } arrow } => arrow.Expression,
            AccessorDeclarationSyntax { Body: { } body } => SingleReturn(body),
            _ => null,
        };

        return returned is null ? null : call.SemanticModel.GetOperation(returned);
    }

    private static SyntaxNode? SingleReturn(BlockSyntax body) =>
        body.Statements.Count == 1 && body.Statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null;

    private void ApplyOperator(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol? container, string name)
    {
        bool inMemory = QueryTypes.Is(container, types.Enumerable) || QueryTypes.Is(container, types.AsyncEnumerable);
        switch (name)
        {
            case "Limit":
            case "Take":
                ApplyLimit(invocation, QueryTypes.Is(container, types.FindFluent));
                return;
            case "Where":
            case "Match":
                if (!inMemory)
                {
                    chain.HasFilter = true;
                    int ordinal = invocation.TargetMethod.IsExtensionMethod ? 1 : 0;
                    IOperation? predicate = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;
                    if (IsByKeyFilter(predicate))
                    {
                        chain.ByKey = true;
                    }
                    else if (IsKeySetFilter(predicate))
                    {
                        chain.ByKeys = true;
                    }
                }

                return;
            case "AppendStage":
                ScanStages(invocation);
                return;
        }

        if (inMemory)
        {
            return;
        }

        if (ProjectionNames.Contains(name))
        {
            chain.HasProjection = true;
        }
        else if (AggregatingNames.Contains(name))
        {
            chain.HasProjection = true;
            chain.Aggregated = true;
        }
    }

    private void ApplyLimit(IInvocationOperation invocation, bool findFluent)
    {
        IOperation? value = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == (invocation.TargetMethod.IsExtensionMethod ? 1 : 0))?.Value;
        if (value is null)
        {
            chain.AddLimit(null);
            return;
        }

        Optional<object?> constant = Unwrap(value)?.ConstantValue ?? default;
        if (constant.HasValue)
        {
            // IFindFluent.Limit(null) and Limit(0) both mean "no limit".
            if (constant.Value is null || (findFluent && IsZero(constant.Value)))
            {
                return;
            }

            chain.AddLimit(ToLong(constant.Value));
            return;
        }

        chain.AddLimit(null);
    }

    private static bool IsZero(object value) => ToLong(value) == 0;

    public static long? ToLong(object? value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        uint u => u,
        ulong ul when ul <= long.MaxValue => (long)ul,
        _ => null,
    };

    private bool TryMongoSource(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol? container, string name)
    {
        if (QueryTypes.Is(container, types.MongoCollectionExtensions))
        {
            // The document type only for the collection extensions (TypeArguments builds a new array on every call).
            ITypeSymbol? document = method.TypeArguments.Length > 0 ? method.TypeArguments[0] : null;
            switch (name)
            {
                case "Find":
                    SetSource(QuerySourceKind.MongoFind, invocation, document);
                    ApplyFilter(Argument(invocation, "filter"));
                    return true;
                case "FindAsync":
                case "FindSync":
                    SetSource(QuerySourceKind.MongoFindCursor, invocation, document);
                    ApplyFilter(Argument(invocation, "filter"));
                    ApplyFindOptions(Argument(invocation, "options"));
                    return true;
                case "Aggregate":
                    SetSource(QuerySourceKind.MongoAggregate, invocation, document);
                    return true;
                case "AsQueryable":
                    SetSource(QuerySourceKind.MongoQueryable, invocation, document);
                    return true;
                default:
                    chain.Unresolved = true;
                    return true;
            }
        }

        if (QueryTypes.Is(container, types.MongoCollection))
        {
            ITypeSymbol? collectionDocument = method.ContainingType is { TypeArguments.Length: > 0 } collection ? collection.TypeArguments[0] : null;
            switch (name)
            {
                case "FindAsync":
                case "FindSync":
                    SetSource(QuerySourceKind.MongoFindCursor, invocation, collectionDocument);
                    ApplyFilter(Argument(invocation, "filter"));
                    ApplyFindOptions(Argument(invocation, "options"));
                    return true;
                case "Aggregate":
                case "AggregateAsync":
                    SetSource(QuerySourceKind.MongoAggregateCursor, invocation, collectionDocument);
                    ApplyPipeline(Argument(invocation, "pipeline"));
                    return true;
                default:
                    chain.Unresolved = true;
                    return true;
            }
        }

        if (QueryTypes.Is(container, types.MongoDatabaseExtensions) && name is "Aggregate" or "AsQueryable")
        {
            // A database-level pipeline ($documents, $currentOp, ...): not a collection read the rules can judge.
            chain.Unresolved = true;
            return true;
        }

        return false;
    }

    private void ApplyFilter(IOperation? filter)
    {
        filter = Unwrap(filter);
        if (filter is null)
        {
            chain.Unresolved = true;
            return;
        }

        if (IsEmptyFilter(filter))
        {
            chain.EmptyFilter = true;
            return;
        }

        // var filter = Builders<T>.Filter.Empty; if (x) filter &= ...;  (a compound assignment makes it a real filter)
        if (filter is ILocalReferenceOperation local && AssignedValues(local.Local, local) is { } values
            && values.All(v => Unwrap(v) is { } value && IsEmptyFilter(value)))
        {
            chain.EmptyFilter = true;
            return;
        }

        chain.HasFilter = true;
        if (IsByKeyFilter(filter))
        {
            chain.ByKey = true;
        }
        else if (IsKeySetFilter(filter))
        {
            chain.ByKeys = true;
        }
    }

    /// <summary><c>x =&gt; ids.Contains(x.Id)</c> or <c>Builders&lt;T&gt;.Filter.In(x =&gt; x.Id, ids)</c> / <c>In("_id", ids)</c>: as many documents as keys given.</summary>
    private static bool IsKeySetFilter(IOperation? filter)
    {
        filter = Unwrap(filter);
        switch (filter)
        {
            case IDelegateCreationOperation delegateCreation:
                return IsKeySetFilter(delegateCreation.Target);
            case IAnonymousFunctionOperation lambda:
                return ReturnedValue(lambda) is IInvocationOperation { TargetMethod.Name: "Contains" } contains
                    && contains.Arguments.Length > 0
                    && IsKeyMember(contains.Arguments[contains.Arguments.Length - 1].Value);
            case IInvocationOperation { TargetMethod.Name: "In" } inFilter when inFilter.Arguments.Length >= 2:
                IOperation? field = Unwrap(inFilter.Arguments[0].Value);
                if (field is ILiteralOperation { ConstantValue: { HasValue: true, Value: string fieldName } })
                {
                    return fieldName == "_id";
                }

                IAnonymousFunctionOperation? keySelector = field as IAnonymousFunctionOperation ?? (field as IDelegateCreationOperation)?.Target as IAnonymousFunctionOperation;
                return keySelector is not null && ReturnedValue(keySelector) is { } key && IsKeyMember(key);
            default:
                return false;
        }
    }

    private bool IsEmptyFilter(IOperation filter)
    {
        switch (filter)
        {
            case IPropertyReferenceOperation property when property.Property.Name == "Empty"
                && (QueryTypes.Is(property.Property.ContainingType, types.FilterDefinition) || QueryTypes.Is(property.Property.ContainingType, types.FilterDefinitionBuilder)):
                return true;
            case IObjectCreationOperation creation when QueryTypes.Is(creation.Type, types.BsonDocument):
                return creation.Arguments.Length == 0 && (creation.Initializer is null || creation.Initializer.Initializers.Length == 0);
            case IDelegateCreationOperation delegateCreation:
                return IsEmptyFilter(delegateCreation.Target);
            case IAnonymousFunctionOperation lambda:
                return ReturnedValue(lambda) is { ConstantValue: { HasValue: true, Value: true } };
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: string json } }:
                return json.Replace(" ", string.Empty) == "{}";
            default:
                return false;
        }
    }

    private static IOperation? ReturnedValue(IAnonymousFunctionOperation lambda) =>
        lambda.Body.Operations.Length == 1 && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } value } ? Unwrap(value) : null;

    /// <summary><c>x =&gt; x.Id == id</c> or <c>Builders&lt;T&gt;.Filter.Eq(x =&gt; x.Id, id)</c> / <c>Eq("_id", id)</c>.</summary>
    private static bool IsByKeyFilter(IOperation? filter)
    {
        filter = Unwrap(filter);
        switch (filter)
        {
            case IDelegateCreationOperation delegateCreation:
                return IsByKeyFilter(delegateCreation.Target);
            case IAnonymousFunctionOperation lambda:
                return ReturnedValue(lambda) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals
                    && (IsKeyMember(equals.LeftOperand) || IsKeyMember(equals.RightOperand));
            case IInvocationOperation { TargetMethod.Name: "Eq" } eq when eq.Arguments.Length >= 2:
                IOperation? field = Unwrap(eq.Arguments[0].Value);
                if (field is ILiteralOperation { ConstantValue: { HasValue: true, Value: string fieldName } })
                {
                    return fieldName == "_id";
                }

                IAnonymousFunctionOperation? selector = field as IAnonymousFunctionOperation ?? (field as IDelegateCreationOperation)?.Target as IAnonymousFunctionOperation;
                return selector is not null && ReturnedValue(selector) is { } selected && IsKeyMember(selected);
            default:
                return false;
        }
    }

    private static bool IsKeyMember(IOperation operand)
    {
        operand = Unwrap(operand)!;
        if (operand is IDelegateCreationOperation or IAnonymousFunctionOperation)
        {
            return false;
        }

        return operand is IPropertyReferenceOperation { Instance: IParameterReferenceOperation } property
            && (string.Equals(property.Property.Name, "Id", StringComparison.OrdinalIgnoreCase)
                || string.Equals(property.Property.Name, property.Property.ContainingType.Name + "Id", StringComparison.Ordinal)
                || property.Property.GetAttributes().Any(a => a.AttributeClass?.Name is "BsonIdAttribute" or "KeyAttribute"));
    }

    private void ApplyFindOptions(IOperation? options)
    {
        options = Unwrap(options);
        switch (options)
        {
            case null:
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
            case IDefaultValueOperation:
                return;
            case IObjectCreationOperation creation:
                if (creation.Initializer is not null)
                {
                    foreach (IOperation initializer in creation.Initializer.Initializers)
                    {
                        if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
                        {
                            ApplyOption(property.Property, assignment.Value);
                        }
                    }
                }

                return;
            case ILocalReferenceOperation local:
                List<IOperation>? values = AssignedValues(local.Local, local);
                if (values is null)
                {
                    chain.Unresolved = true;
                    return;
                }

                foreach (IOperation value in values)
                {
                    ApplyFindOptions(value);
                }

                foreach (IOperation operation in Root(local).Descendants())
                {
                    if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: ILocalReferenceOperation owner } property } assignment
                        && SymbolEqualityComparer.Default.Equals(owner.Local, local.Local))
                    {
                        ApplyOption(property.Property, assignment.Value);
                    }
                }

                return;
            default:
                // Options from a parameter, a field or a factory: what they hold is not visible here.
                chain.Unresolved = true;
                return;
        }
    }

    private void ApplyOption(IPropertySymbol property, IOperation value)
    {
        Optional<object?> constant = Unwrap(value)?.ConstantValue ?? default;
        bool isNull = constant.HasValue && constant.Value is null;
        switch (property.Name)
        {
            case "Limit" when QueryTypes.Is(property.ContainingType, types.FindOptions2):
                if (isNull || (constant.HasValue && IsZero(constant.Value!)))
                {
                    return;
                }

                chain.AddLimit(constant.HasValue ? ToLong(constant.Value) : null);
                return;
            case "Projection" when !isNull:
                chain.HasProjection = true;
                return;
        }
    }

    private void ApplyPipeline(IOperation? pipeline)
    {
        pipeline = Unwrap(pipeline);
        if (pipeline is null)
        {
            chain.Unresolved = true;
            return;
        }

        if (pipeline is ILocalReferenceOperation local)
        {
            List<IOperation>? values = AssignedValues(local.Local, local);
            if (values is null)
            {
                chain.Unresolved = true;
                return;
            }

            foreach (IOperation value in values)
            {
                ApplyPipeline(value);
            }

            return;
        }

        if (pipeline is IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation)
        {
            chain.Unresolved = true;
            return;
        }

        ScanStages(pipeline);
    }

    /// <summary>Reads stage names from a pipeline expression: builder calls and BSON / JSON stage documents.</summary>
    private void ScanStages(IOperation root)
    {
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation invocation when QueryTypes.Is(invocation.TargetMethod.ContainingType, types.PipelineDefinitionBuilder)
                    || QueryTypes.Is(invocation.TargetMethod.ContainingType, types.PipelineStageDefinitionBuilder):
                    string name = invocation.TargetMethod.Name;
                    if (name == "Limit")
                    {
                        IOperation? value = Unwrap(invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "limit")?.Value);
                        chain.AddLimit(value?.ConstantValue is { HasValue: true } c ? ToLong(c.Value) : null);
                    }
                    else if (name == "Match")
                    {
                        chain.HasFilter = true;
                    }
                    else if (ProjectionNames.Contains(name))
                    {
                        chain.HasProjection = true;
                    }
                    else if (AggregatingNames.Contains(name))
                    {
                        chain.HasProjection = true;
                        chain.Aggregated = true;
                    }

                    break;
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }:
                    ScanStageText(text, operation);
                    break;
            }
        }
    }

    private void ScanStageText(string text, IOperation literal)
    {
        if (text.IndexOf("$limit", StringComparison.Ordinal) >= 0)
        {
            long? constant = null;

            // new BsonDocument("$limit", 10): the value is the next argument.
            if (text == "$limit" && literal.Parent is IArgumentOperation { Parent: IObjectCreationOperation creation } && creation.Arguments.Length == 2)
            {
                IOperation? value = Unwrap(creation.Arguments[1].Value);
                constant = value?.ConstantValue is { HasValue: true } c ? ToLong(c.Value) : null;
            }

            chain.AddLimit(constant);
        }

        if (text.IndexOf("$match", StringComparison.Ordinal) >= 0)
        {
            chain.HasFilter = true;
        }

        foreach (string stage in ProjectionStages)
        {
            if (text.IndexOf(stage, StringComparison.Ordinal) >= 0)
            {
                chain.HasProjection = true;
            }
        }

        foreach (string stage in AggregatingStages)
        {
            if (text.IndexOf(stage, StringComparison.Ordinal) >= 0)
            {
                chain.HasProjection = true;
                chain.Aggregated = true;
            }
        }
    }
}
