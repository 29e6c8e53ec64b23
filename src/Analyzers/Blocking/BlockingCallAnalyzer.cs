using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.RequestPaths;

namespace NoDowntime.Analyzers.Blocking;

/// <summary>
/// ND1001-ND1006: blocking calls on a request path. One walk finds sync-over-async, sleeps and blocking waits,
/// and synchronous I/O. A call inside an entry point itself, or inside async code, is reported at once
/// (ND1001-ND1003); a call in a synchronous helper is reported at compilation end when an entry point reaches
/// it, with the path (ND1004-ND1006).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.SyncOverAsync,
        Rules.SleepOrBlockingWait,
        Rules.SynchronousIo,
        Rules.SyncOverAsyncOnPath,
        Rules.SleepOrBlockingWaitOnPath,
        Rules.SynchronousIoOnPath);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        // Nothing is resolved here (compilation start runs again for every edit in the IDE): the classifier and
        // the request-path model are built by the first callback that needs them.
        Compilation compilation = context.Compilation;
        AnalyzerOptions options = context.Options;
        var lazyState = new Lazy<State?>(() => State.Create(compilation, options), LazyThreadSafetyMode.ExecutionAndPublication);
        var pending = new ConcurrentQueue<(BlockingCall Call, FunctionKey[] Functions)>();

        // The model's collecting handlers run from the same callbacks as the blocking-call checks. Both reject a
        // non-matching operation in O(1) (a property name check, a per-method memo), so almost every callback ends
        // there; only a candidate looks at its enclosing body.
        context.RegisterSymbolAction(symbol => lazyState.Value?.Model.AnalyzeMethod(symbol), SymbolKind.Method);
        context.RegisterSymbolAction(symbol => lazyState.Value?.Model.AnalyzeType(symbol), SymbolKind.NamedType);
        context.RegisterOperationAction(
            op =>
            {
                if (lazyState.Value is { } state)
                {
                    state.Model.AnalyzeInvocation(op);
                    Check(op.ContainingSymbol, state.Classifier.Classify((IInvocationOperation)op.Operation), op, state, pending);
                }
            },
            OperationKind.Invocation);
        context.RegisterOperationAction(
            op =>
            {
                if (lazyState.Value is { } state)
                {
                    state.Model.AnalyzePropertyReference(op);
                    Check(op.ContainingSymbol, state.Classifier.Classify((IPropertyReferenceOperation)op.Operation), op, state, pending);
                }
            },
            OperationKind.PropertyReference);
        context.RegisterOperationAction(
            op =>
            {
                if (op.Operation is IForEachLoopOperation loop && lazyState.Value is { } state)
                {
                    Check(op.ContainingSymbol, state.Classifier.Classify(loop), op, state, pending);
                }
            },
            OperationKind.Loop);
        context.RegisterOperationAction(op => lazyState.Value?.Model.AnalyzeObjectCreation(op), OperationKind.ObjectCreation);
        context.RegisterOperationAction(op => lazyState.Value?.Model.AnalyzeMethodReference(op), OperationKind.MethodReference);
        context.RegisterOperationAction(op => lazyState.Value?.Model.AnalyzeAnonymousFunction(op), OperationKind.AnonymousFunction);
        context.RegisterOperationAction(op => lazyState.Value?.Model.AnalyzeLocalFunction(op), OperationKind.LocalFunction);

        context.RegisterCompilationEndAction(end =>
        {
            if (pending.IsEmpty)
            {
                return;
            }

            // Only the functions holding a pending call are searched for.
            var targets = new HashSet<FunctionKey>();
            foreach (var (_, functions) in pending)
            {
                targets.UnionWith(functions);
            }

            RequestPathGraph graph = lazyState.Value!.Model.PathsTo(targets);
            foreach (var (call, functions) in pending)
            {
                end.CancellationToken.ThrowIfCancellationRequested();
                if (Array.Find(functions, graph.IsReachable) is { IsValid: true } function && graph.TryGetPath(function, out RequestPath path))
                {
                    DiagnosticDescriptor descriptor = call.Kind switch
                    {
                        BlockingKind.SyncOverAsync => Rules.SyncOverAsyncOnPath,
                        BlockingKind.SleepOrWait => Rules.SleepOrBlockingWaitOnPath,
                        _ => Rules.SynchronousIoOnPath,
                    };
                    end.ReportDiagnostic(Diagnostic.Create(descriptor, call.Operation.Syntax.GetLocation(), call.Properties, call.Member, path.Describe(), call.Advice));
                }
            }
        });
    }

    private static void Check(ISymbol owningSymbol, BlockingCall? call, OperationAnalysisContext context, State state, ConcurrentQueue<(BlockingCall, FunctionKey[])> pending)
    {
        if (call is null || owningSymbol is null)
        {
            return;
        }

        if (call.Kind == BlockingKind.SyncOverAsync && BodyFacts.IsKnownComplete(call, state.Classifier))
        {
            return;
        }

        var where = Where(call.Operation, owningSymbol, state.Model);
        if (where.Local is { } local)
        {
            DiagnosticDescriptor descriptor = call.Kind switch
            {
                BlockingKind.SyncOverAsync => Rules.SyncOverAsync,
                BlockingKind.SleepOrWait => Rules.SleepOrBlockingWait,
                _ => Rules.SynchronousIo,
            };
            context.ReportDiagnostic(Diagnostic.Create(descriptor, call.Operation.Syntax.GetLocation(), call.Properties, call.Member, local, call.Advice));
        }
        else if (where.Function is { } function)
        {
            pending.Enqueue((call, new[] { function }));
        }
        else if (FunctionKey.InitializerConstructors(owningSymbol) is { } constructors)
        {
            // On a request path when any of the constructors it runs in is.
            pending.Enqueue((call, constructors.ToArray()));
        }
    }

    /// <summary>What the analyzer needs of a compilation; null for a test project or without System.Threading.Tasks.</summary>
    private sealed class State
    {
        private State(BlockingCallClassifier classifier, RequestPathModel model)
        {
            Classifier = classifier;
            Model = model;
        }

        internal BlockingCallClassifier Classifier { get; }

        internal RequestPathModel Model { get; }

        internal static State? Create(Compilation compilation, AnalyzerOptions options) =>
            BlockingCallClassifier.Create(compilation) is { } classifier && RequestPathModel.Create(compilation, options) is { } model
                ? new State(classifier, model)
                : null;
    }

    /// <summary>
    /// Facts of one body that show a task is already complete when a later sync-over-async call reads it: an
    /// earlier await, wait, IsCompleted/Status check, or Task.WhenAll / WhenAny / WaitAll over it. Gathered only
    /// for a candidate call, by one walk of the body (lambdas and local functions included) that contains it.
    /// </summary>
    private sealed class BodyFacts
    {
        private readonly List<(ISymbol Symbol, int Position)> completed = new();
        private readonly List<int> joins = new();

        private BodyFacts()
        {
        }

        internal static bool IsKnownComplete(BlockingCall call, BlockingCallClassifier classifier)
        {
            if (call.Task is null)
            {
                return false;
            }

            IOperation task = BlockingCallClassifier.StripConversions(call.Task);
            switch (task)
            {
                case IInvocationOperation { TargetMethod.Name: "FromResult" or "FromCanceled" or "FromException" } fromResult
                    when fromResult.TargetMethod.IsStatic && classifier.IsTaskType(fromResult.Type):
                case IPropertyReferenceOperation { Property.Name: "CompletedTask", Property.IsStatic: true }:
                case IObjectCreationOperation creation when classifier.IsTaskType(creation.Type) && !classifier.IsTaskClass(creation.Type as INamedTypeSymbol):
                    return true;
            }

            ISymbol? symbol = Root(task);
            if (symbol is null)
            {
                return false;
            }

            IOperation body = call.Operation;
            while (body.Parent is { } parent)
            {
                body = parent;
            }

            var facts = new BodyFacts();
            facts.Collect(body, classifier);

            int position = call.Position;
            foreach (var (known, at) in facts.completed)
            {
                if (at < position && SymbolEqualityComparer.Default.Equals(known, symbol))
                {
                    return true;
                }
            }

            bool joinedEarlier = false;
            foreach (int at in facts.joins)
            {
                joinedEarlier |= at < position;
            }

            if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda })
            {
                // t => t.Result inside ContinueWith, or over the tasks that Task.WhenAll already awaited.
                return joinedEarlier || IsContinuation(task, lambda);
            }

            if (joinedEarlier && symbol is ILocalSymbol local && local.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ForEachStatementSyntax))
            {
                return true;
            }

            return false;
        }

        private void Collect(IOperation body, BlockingCallClassifier classifier)
        {
            foreach (IOperation operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        Add(classifier.Classify(invocation), classifier);
                        break;
                    case IPropertyReferenceOperation reference:
                        OnProperty(reference, classifier);
                        break;
                    case IAwaitOperation await:
                        OnAwait(await, classifier);
                        break;
                }
            }
        }

        private void Add(BlockingCall? call, BlockingCallClassifier classifier)
        {
            if (call is null || call.Kind != BlockingKind.SyncOverAsync)
            {
                return;
            }

            // After a wait the task is complete: a later .Result on it is not a second blocking point.
            if (call.Task is { } task && Root(task) is { } symbol)
            {
                completed.Add((symbol, call.Position));
            }
            else if (call.Task is { } joined && BlockingCallClassifier.StripConversions(joined) is IInvocationOperation join
                && (classifier.IsTaskStatic(join.TargetMethod, "WhenAll") || classifier.IsTaskStatic(join.TargetMethod, "WhenAny")))
            {
                // Task.WhenAll(a, b).Wait(): a and b are complete afterwards.
                AddArguments(join, call.Position);
            }
            else if (call.Operation is IInvocationOperation { TargetMethod.Name: "WaitAll" } waitAll)
            {
                AddArguments(waitAll, call.Position);
            }
        }

        private void OnProperty(IPropertyReferenceOperation reference, BlockingCallClassifier classifier)
        {
            if (reference.Property.Name is "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status"
                && reference.Instance is { } instance && classifier.IsTaskType(instance.Type))
            {
                if (Root(instance) is { } symbol)
                {
                    completed.Add((symbol, reference.Syntax.SpanStart));
                }

                return;
            }

            Add(classifier.Classify(reference), classifier);
        }

        private void OnAwait(IAwaitOperation await, BlockingCallClassifier classifier)
        {
            IOperation awaited = BlockingCallClassifier.StripConversions(await.Operation);
            if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                awaited = BlockingCallClassifier.StripConversions(configured);
            }

            int position = await.Syntax.SpanStart;
            if (awaited is IInvocationOperation invocation
                && (classifier.IsTaskStatic(invocation.TargetMethod, "WhenAll") || classifier.IsTaskStatic(invocation.TargetMethod, "WhenAny")))
            {
                AddArguments(invocation, position);
                if (invocation.TargetMethod.Name == "WhenAny" && AssignedSymbol(await) is { } winner)
                {
                    completed.Add((winner, position));
                }

                return;
            }

            if (Root(awaited) is { } symbol)
            {
                completed.Add((symbol, position));
            }
        }

        private void AddArguments(IInvocationOperation invocation, int position)
        {
            joins.Add(position);
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                foreach (IOperation descendant in argument.Value.DescendantsAndSelf())
                {
                    if (Root(descendant) is { } symbol)
                    {
                        completed.Add((symbol, position));
                    }
                }
            }
        }

        private static bool IsContinuation(IOperation task, IMethodSymbol lambda)
        {
            for (IOperation? current = task.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
                {
                    IOperation? parent = function.Parent;
                    while (parent is IDelegateCreationOperation or IConversionOperation)
                    {
                        parent = parent.Parent;
                    }

                    return parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ContinueWith" } };
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Where a call is, for reporting: inside an entry point (reported at once, with the text for the message),
    /// else in which function (for the compilation-end check against the graph).
    /// </summary>
    private static (string? Local, FunctionKey? Function) Where(IOperation operation, ISymbol owningSymbol, RequestPathModel model)
    {
        FunctionKey? innermost = null;
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation function:
                    innermost ??= FunctionKey.For(function.Syntax);
                    if (model.EntryPoints.ForAnonymousFunction(function) is { } lambdaEntry)
                    {
                        return ("on " + lambdaEntry.DisplayName, innermost);
                    }

                    break;

                case ILocalFunctionOperation localFunction:
                    innermost ??= FunctionKey.For(localFunction.Syntax);
                    break;
            }
        }

        innermost ??= FunctionKey.OwnerKey(owningSymbol);
        if (!RequestPathModel.IsStartupCode(owningSymbol) && owningSymbol is IMethodSymbol method && model.EntryPoints.ForMethod(method) is { } entry)
        {
            return ("on " + entry.DisplayName, innermost);
        }

        // Anywhere else, async or not, the call is on a request path only when an entry point reaches it: an
        // async seeding helper that start-up code alone calls is not. The graph decides at compilation end.
        return (null, innermost);
    }

    private static ISymbol? AssignedSymbol(IOperation operation)
    {
        IOperation? parent = operation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation assignment => Root(assignment.Target),
            _ => null,
        };
    }

    /// <summary>The variable, parameter, field or property a task expression reads (through indexers and conversions).</summary>
    internal static ISymbol? Root(IOperation operation)
    {
        for (int depth = 0; depth < 16; depth++)
        {
            operation = BlockingCallClassifier.StripConversions(operation);
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation field:
                    return field.Field;
                case IPropertyReferenceOperation { Arguments.Length: 0 } property when property.Property.Name != "Result":
                    return property.Property;
                case IPropertyReferenceOperation { Instance: { } indexed } indexer when indexer.Arguments.Length > 0:
                    operation = indexed;
                    break;
                case IArrayElementReferenceOperation element:
                    operation = element.ArrayReference;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }
}
