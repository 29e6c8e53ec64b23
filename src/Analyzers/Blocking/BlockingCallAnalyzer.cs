using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
        BlockingCallClassifier? classifier = BlockingCallClassifier.Create(context.Compilation);
        if (classifier is null)
        {
            return;
        }

        RequestPathModel? model = RequestPathModel.Create(context.Compilation, context.Options);
        if (model is null)
        {
            return;
        }

        model.Register(context);
        var pending = new ConcurrentQueue<(BlockingCall Call, FunctionKey Function)>();

        context.RegisterOperationBlockStartAction(block =>
        {
            var state = new BlockState();
            block.RegisterOperationAction(
                op => state.Add(classifier.Classify((IInvocationOperation)op.Operation), classifier),
                OperationKind.Invocation);
            block.RegisterOperationAction(
                op => state.OnProperty((IPropertyReferenceOperation)op.Operation, classifier),
                OperationKind.PropertyReference);
            block.RegisterOperationAction(
                op => state.OnAwait((IAwaitOperation)op.Operation, classifier),
                OperationKind.Await);
            block.RegisterOperationAction(
                op => state.Add(op.Operation is IForEachLoopOperation loop ? classifier.Classify(loop) : null, classifier),
                OperationKind.Loop);
            block.RegisterOperationBlockEndAction(end => state.Report(end, model, classifier, pending));
        });

        context.RegisterCompilationEndAction(end =>
        {
            if (pending.IsEmpty)
            {
                return;
            }

            RequestPathGraph graph = model.Graph;
            foreach (var (call, function) in pending)
            {
                end.CancellationToken.ThrowIfCancellationRequested();
                if (graph.TryGetPath(function, out RequestPath path))
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

    /// <summary>What one operation block holds: blocking calls, and facts that show a task is already complete.</summary>
    private sealed class BlockState
    {
        private readonly object gate = new();
        private readonly List<BlockingCall> calls = new();
        private readonly List<(ISymbol Symbol, int Position)> completed = new();
        private readonly List<int> joins = new();

        internal void Add(BlockingCall? call, BlockingCallClassifier classifier)
        {
            if (call is null)
            {
                return;
            }

            lock (gate)
            {
                calls.Add(call);
                if (call.Kind != BlockingKind.SyncOverAsync)
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
        }

        internal void OnProperty(IPropertyReferenceOperation reference, BlockingCallClassifier classifier)
        {
            if (reference.Property.Name is "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status"
                && reference.Instance is { } instance && classifier.IsTaskType(instance.Type))
            {
                if (Root(instance) is { } symbol)
                {
                    lock (gate)
                    {
                        completed.Add((symbol, reference.Syntax.SpanStart));
                    }
                }

                return;
            }

            Add(classifier.Classify(reference), classifier);
        }

        internal void OnAwait(IAwaitOperation await, BlockingCallClassifier classifier)
        {
            IOperation awaited = BlockingCallClassifier.StripConversions(await.Operation);
            if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                awaited = BlockingCallClassifier.StripConversions(configured);
            }

            int position = await.Syntax.SpanStart;
            lock (gate)
            {
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

        internal void Report(OperationBlockAnalysisContext context, RequestPathModel model, BlockingCallClassifier classifier, ConcurrentQueue<(BlockingCall, FunctionKey)> pending)
        {
            List<BlockingCall> snapshot;
            lock (gate)
            {
                snapshot = calls.ToList();
            }

            foreach (BlockingCall call in snapshot)
            {
                if (call.Kind == BlockingKind.SyncOverAsync && IsKnownComplete(call, classifier))
                {
                    continue;
                }

                var where = Where(call.Operation, context.OwningSymbol, model);
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
                    pending.Enqueue((call, function));
                }
            }
        }

        private bool IsKnownComplete(BlockingCall call, BlockingCallClassifier classifier)
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

            int position = call.Position;
            lock (gate)
            {
                foreach (var (known, at) in completed)
                {
                    if (at < position && SymbolEqualityComparer.Default.Equals(known, symbol))
                    {
                        return true;
                    }
                }

                bool joinedEarlier = joins.Any(at => at < position);
                if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda })
                {
                    // t => t.Result inside ContinueWith, or over the tasks that Task.WhenAll already awaited.
                    return joinedEarlier || IsContinuation(task, lambda);
                }

                if (joinedEarlier && symbol is ILocalSymbol local && local.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ForEachStatementSyntax))
                {
                    return true;
                }
            }

            return false;
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

        /// <summary>
        /// Where a call is, for reporting: inside an entry point or async code (reported at once, with the text
        /// for the message), else in which function (for the compilation-end check).
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
}
