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
using NoDowntime.Analyzers.Queries;

namespace NoDowntime.Analyzers.CodeFixes.Queries;

/// <summary>
/// ND2005: projects a materialised MongoDB read onto exactly the members the code goes on to use, when every use
/// can be seen: <c>.Project(x =&gt; new { x.Id, x.Total })</c> on a fluent, <c>.Select(...)</c> on a LINQ query, and
/// <c>Projection = Builders&lt;T&gt;.Projection.Include(...)</c> in the <c>FindOptions</c> of a cursor.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddProjectionCodeFix)), Shared]
public sealed class AddProjectionCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "NoDowntime.AddProjection";

    /// <summary>Enumerable methods whose result holds no element of the list (so the element type may change).</summary>
    private static readonly HashSet<string> ElementFreeMethods = new()
    {
        "Select", "SelectMany", "Sum", "Average", "Min", "Max", "Count", "LongCount", "Any", "All", "ToDictionary",
    };

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rules.MongoQueryWithoutProjection.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode? fixedRoot = TryFix(root, model, diagnostic, context.CancellationToken, out List<string> members);
            if (fixedRoot is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Project onto {string.Join(", ", members)}", _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)), EquivalenceKey),
                diagnostic);
        }
    }

    private static SyntaxNode? TryFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken, out List<string> members)
    {
        members = new List<string>();
        if (QueryFixSyntax.TerminalAt(root, diagnostic) is not var (memberAccess, invocation)
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation terminal)
        {
            return null;
        }

        var types = QueryTypes.Create(model.Compilation);
        if (QueryTerminals.Classify(terminal, types, out _) != TerminalKind.Materialise
            || model.GetTypeInfo(memberAccess.Expression, cancellationToken).Type is not INamedTypeSymbol receiverType)
        {
            return null;
        }

        ITypeSymbol? element = ElementType(receiverType, types);
        if (element is null || !CollectUsedMembers(terminal, element, members, cancellationToken) || members.Count == 0)
        {
            return null;
        }

        string parameter = ParameterName(model, invocation.SpanStart);
        bool keepsType = QueryTypes.Is(receiverType, types.AsyncCursor);
        if (keepsType)
        {
            // FindOptions<T> cannot name an anonymous type: include the fields and keep T.
            bool buildersInScope = model.LookupNamespacesAndTypes(invocation.SpanStart, name: "Builders")
                .Any(s => s.ContainingNamespace?.ToDisplayString() == "MongoDB.Driver");
            ExpressionSyntax projection = SyntaxFactory.ParseExpression(
                $"{(buildersInScope ? string.Empty : "MongoDB.Driver.")}Builders<{element.ToMinimalDisplayString(model, invocation.SpanStart)}>.Projection"
                + string.Concat(members.Select(m => $".Include({parameter} => {parameter}.{m})")));
            return QueryFixSyntax.SetFindOption(root, model, types, terminal, "Projection", projection);
        }

        // A type of the project that holds exactly these members (OrderSummary(string Id, decimal Total)) reads better
        // than an anonymous one; without a single such type, project onto an anonymous type.
        string creation = MatchingTypeCreation(model, element, members, parameter, invocation.SpanStart, cancellationToken)
            ?? $"new {{ {string.Join(", ", members.Select(m => parameter + "." + m))} }}";
        ExpressionSyntax lambda = SyntaxFactory.ParseExpression($"{parameter} => {creation}");
        if (QueryTypes.Is(receiverType, types.FindFluent) || QueryTypes.Is(receiverType, types.OrderedFindFluent)
            || QueryTypes.Is(receiverType, types.AggregateFluent) || QueryTypes.Is(receiverType, types.OrderedAggregateFluent))
        {
            return QueryFixSyntax.InsertCall(root, memberAccess, "Project", lambda);
        }

        if (QueryFixSyntax.IsQueryable(receiverType, types))
        {
            SyntaxNode fixedRoot = QueryFixSyntax.InsertCall(root, memberAccess, "Select", lambda);
            bool needsMongoLinq = QueryTypes.Is(receiverType, types.MongoQueryableInterface) || QueryTypes.Is(receiverType, types.OrderedMongoQueryableInterface);
            return needsMongoLinq ? QueryFixSyntax.AddUsing(fixedRoot, QueryFixSyntax.MongoLinqNamespace) : fixedRoot;
        }

        return null;
    }

    private static string? MatchingTypeCreation(SemanticModel model, ITypeSymbol element, List<string> members, string parameter, int position, CancellationToken cancellationToken)
    {
        var memberTypes = new Dictionary<string, ITypeSymbol>();
        foreach (string name in members)
        {
            ISymbol? member = AllMembers(element, name);
            ITypeSymbol? type = member switch { IPropertySymbol p => p.Type, IFieldSymbol f => f.Type, _ => null };
            if (type is null)
            {
                return null;
            }

            memberTypes[name] = type;
        }

        string? found = null;
        foreach (ISymbol symbol in model.Compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken))
        {
            if (symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false, IsGenericType: false, IsStatic: false } candidate
                || SymbolEqualityComparer.Default.Equals(candidate, element)
                || !model.IsAccessible(position, candidate))
            {
                continue;
            }

            var properties = candidate.GetMembers().OfType<IPropertySymbol>()
                .Where(p => !p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public)
                .ToList();
            if (properties.Count != members.Count
                || !properties.All(p => memberTypes.TryGetValue(p.Name, out ITypeSymbol? t) && SymbolEqualityComparer.Default.Equals(t, p.Type)))
            {
                continue;
            }

            string typeName = candidate.ToMinimalDisplayString(model, position);
            IMethodSymbol? constructor = candidate.InstanceConstructors.FirstOrDefault(c =>
                c.DeclaredAccessibility == Accessibility.Public
                && c.Parameters.Length == members.Count
                && c.Parameters.All(p => members.Any(m => string.Equals(m, p.Name, System.StringComparison.OrdinalIgnoreCase)
                    && SymbolEqualityComparer.Default.Equals(memberTypes[m], p.Type))));
            string? creation = null;
            if (constructor is not null)
            {
                creation = $"new {typeName}({string.Join(", ", constructor.Parameters.Select(p => parameter + "." + members.First(m => string.Equals(m, p.Name, System.StringComparison.OrdinalIgnoreCase))))})";
            }
            else if (candidate.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.IsEmpty)
                && properties.All(p => p.SetMethod is { DeclaredAccessibility: Accessibility.Public }))
            {
                creation = $"new {typeName} {{ {string.Join(", ", members.Select(m => $"{m} = {parameter}.{m}"))} }}";
            }

            if (creation is null)
            {
                continue;
            }

            if (found is not null)
            {
                // Two types fit: the choice is the author's.
                return null;
            }

            found = creation;
        }

        return found;
    }

    private static ISymbol? AllMembers(ITypeSymbol type, string name)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            ISymbol? member = current.GetMembers(name).FirstOrDefault(m => m is IPropertySymbol or IFieldSymbol);
            if (member is not null)
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>The element type the query returns, when it is still the document type (no projection yet).</summary>
    private static ITypeSymbol? ElementType(INamedTypeSymbol receiver, QueryTypes types)
    {
        if ((QueryTypes.Is(receiver, types.FindFluent) || QueryTypes.Is(receiver, types.OrderedFindFluent))
            && receiver.TypeArguments.Length == 2)
        {
            return SymbolEqualityComparer.Default.Equals(receiver.TypeArguments[0], receiver.TypeArguments[1]) ? receiver.TypeArguments[1] : null;
        }

        return receiver.TypeArguments.Length == 1 ? receiver.TypeArguments[0] : null;
    }

    private static string ParameterName(SemanticModel model, int position)
    {
        foreach (string candidate in new[] { "x", "doc", "item", "d" })
        {
            if (model.LookupSymbols(position, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }

        return "x0";
    }

    /// <summary>
    /// Follows the materialised list to every use and collects the members read from its elements. False when a use
    /// cannot be followed, or lets an element escape (returned, passed on, stored).
    /// </summary>
    private static bool CollectUsedMembers(IInvocationOperation terminal, ITypeSymbol element, List<string> members, CancellationToken cancellationToken)
    {
        IOperation value = terminal;
        while (value.Parent is IAwaitOperation or IConversionOperation or IParenthesizedOperation)
        {
            value = value.Parent;
        }

        var uses = new List<IOperation>();
        if (value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
            && declarator.Syntax is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } })
        {
            ILocalSymbol local = declarator.Symbol;
            List<IOperation>? assigned = QueryChainWalker.AssignedValues(local, terminal);
            if (assigned is null || assigned.Count != 1)
            {
                return false;
            }

            uses.AddRange(QueryChainWalker.Root(terminal).Descendants()
                .OfType<ILocalReferenceOperation>()
                .Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local)));
        }
        else
        {
            uses.Add(value);
        }

        foreach (IOperation use in uses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!CollectFromUse(use, element, members))
            {
                return false;
            }
        }

        return true;
    }

    private static bool CollectFromUse(IOperation use, ITypeSymbol element, List<string> members)
    {
        IOperation current = use;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IPropertyReferenceOperation { Property.Name: "Count" or "Length" }:
                return true;
            case IForEachLoopOperation loop when loop.Collection == current || loop.Collection.Descendants().Contains(use):
                return loop.Syntax is ForEachStatementSyntax { Type.IsVar: true }
                    && loop.Locals.Length == 1
                    && CollectFromElement(loop.Locals[0], loop.Body, element, members);
            case IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation consumer }
                when consumer.TargetMethod.ContainingType?.ToDisplayString() == "System.Linq.Enumerable" && ElementFreeMethods.Contains(consumer.TargetMethod.Name):
                foreach (IArgumentOperation argument in consumer.Arguments.Skip(1))
                {
                    IOperation? lambdaOperation = QueryChainWalker.Unwrap(argument.Value);
                    if (lambdaOperation is IDelegateCreationOperation creation)
                    {
                        lambdaOperation = creation.Target;
                    }

                    if (lambdaOperation is not IAnonymousFunctionOperation lambda
                        || lambda.Symbol.Parameters.Length != 1
                        || lambda.Syntax is ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters: var parameters } && parameters.Any(p => p.Type is not null))
                    {
                        return false;
                    }

                    if (!CollectFromElement(lambda.Symbol.Parameters[0], lambda.Body, element, members))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Every reference to the element (loop variable or lambda parameter) must be a member read.</summary>
    private static bool CollectFromElement(ISymbol variable, IOperation scope, ITypeSymbol element, List<string> members)
    {
        foreach (IOperation operation in scope.DescendantsAndSelf())
        {
            bool isReference = operation switch
            {
                ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, variable),
                IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, variable),
                _ => false,
            };
            if (!isReference)
            {
                continue;
            }

            ISymbol? member = operation.Parent switch
            {
                IPropertyReferenceOperation property when property.Instance == operation && property.Arguments.IsEmpty => property.Property,
                IFieldReferenceOperation field when field.Instance == operation => field.Field,
                _ => null,
            };
            if (member is null || member.IsStatic || !InheritsOrIs(element, member.ContainingType))
            {
                return false;
            }

            if (!members.Contains(member.Name))
            {
                members.Add(member.Name);
            }
        }

        return true;
    }

    private static bool InheritsOrIs(ITypeSymbol type, INamedTypeSymbol? container)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, container))
            {
                return true;
            }
        }

        return false;
    }
}
