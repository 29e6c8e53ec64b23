using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Blocking;

/// <summary>
/// Recognises blocking calls: sync-over-async on Task/ValueTask, sleeps and blocking waits, and synchronous
/// I/O that has an asynchronous counterpart. Built once per compilation; counterpart look-ups are cached.
/// </summary>
internal sealed class BlockingCallClassifier
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.MinimallyQualifiedFormat;

    private static readonly HashSet<string> QueryMaterializers = new(StringComparer.Ordinal)
    {
        "ToList", "ToArray", "ToDictionary", "ToHashSet", "First", "FirstOrDefault", "Single", "SingleOrDefault",
        "Last", "LastOrDefault", "Any", "All", "Count", "LongCount", "Sum", "Average", "Min", "Max", "Contains",
        "ElementAt", "ElementAtOrDefault", "Load",
    };

    private static readonly string[] InMemoryTypeNames =
    {
        "System.IO.MemoryStream", "System.IO.UnmanagedMemoryStream", "System.IO.StringReader", "System.IO.StringWriter",
        "Microsoft.IO.RecyclableMemoryStream",
    };

    /// <summary>Types that read or write through the stream they are constructed over.</summary>
    private static readonly string[] WrapperBaseTypeNames =
    {
        "System.IO.Stream", "System.IO.TextReader", "System.IO.TextWriter", "System.IO.Compression.ZipArchive",
    };

    private static readonly string[] ReaderWriterTypeNames =
    {
        "System.IO.StreamReader", "System.IO.StreamWriter", "System.IO.BinaryReader", "System.IO.BinaryWriter",
    };

    private readonly Compilation compilation;
    private readonly INamedTypeSymbol task;
    private readonly INamedTypeSymbol? taskOfT;
    private readonly INamedTypeSymbol? valueTask;
    private readonly INamedTypeSymbol? valueTaskOfT;
    private readonly INamedTypeSymbol? thread;
    private readonly INamedTypeSymbol? semaphoreSlim;
    private readonly INamedTypeSymbol? waitHandle;
    private readonly INamedTypeSymbol? manualResetEventSlim;
    private readonly INamedTypeSymbol? countdownEvent;
    private readonly INamedTypeSymbol? barrier;
    private readonly INamedTypeSymbol? process;
    private readonly INamedTypeSymbol? spinWait;
    private readonly INamedTypeSymbol? blockingCollection;
    private readonly INamedTypeSymbol? cancellationToken;
    private readonly INamedTypeSymbol? cancellationTokenSource;
    private readonly INamedTypeSymbol? console;
    private readonly INamedTypeSymbol? stream;
    private readonly INamedTypeSymbol? iqueryable;
    private readonly INamedTypeSymbol? span;
    private readonly INamedTypeSymbol? readOnlySpan;
    private readonly INamedTypeSymbol? memory;
    private readonly INamedTypeSymbol? readOnlyMemory;
    private readonly INamedTypeSymbol? dbDataReader;
    private readonly INamedTypeSymbol? idbConnection;
    private readonly INamedTypeSymbol? idbCommand;
    private readonly INamedTypeSymbol? smtpClient;
    private readonly INamedTypeSymbol? efQueryableExtensions;
    private readonly INamedTypeSymbol? mongoQueryable;
    private readonly INamedTypeSymbol? mongoCursorSourceExtensions;
    private readonly ImmutableArray<INamedTypeSymbol> inMemoryTypes;
    private readonly ImmutableArray<INamedTypeSymbol> readerWriterTypes;
    private readonly ImmutableArray<INamedTypeSymbol> wrapperBaseTypes;
    private readonly INamedTypeSymbol? asyncEnumerable;
    private readonly INamedTypeSymbol? enumerable;
    private readonly Memo<IMethodSymbol, Counterpart?> counterparts;
    private readonly Memo<IMethodSymbol, bool> mayBlock;

    private BlockingCallClassifier(Compilation compilation, INamedTypeSymbol task)
    {
        this.compilation = compilation;
        this.task = task;
        counterparts = Memo.ForSymbols<IMethodSymbol, Counterpart?>(FindCounterpart);
        mayBlock = Memo.ForSymbols<IMethodSymbol, bool>(ComputeMayBlock);
        taskOfT = WellKnownTypes.Get(compilation, "System.Threading.Tasks.Task`1");
        valueTask = WellKnownTypes.Get(compilation, "System.Threading.Tasks.ValueTask");
        valueTaskOfT = WellKnownTypes.Get(compilation, "System.Threading.Tasks.ValueTask`1");
        thread = WellKnownTypes.Get(compilation, "System.Threading.Thread");
        semaphoreSlim = WellKnownTypes.Get(compilation, "System.Threading.SemaphoreSlim");
        waitHandle = WellKnownTypes.Get(compilation, "System.Threading.WaitHandle");
        manualResetEventSlim = WellKnownTypes.Get(compilation, "System.Threading.ManualResetEventSlim");
        countdownEvent = WellKnownTypes.Get(compilation, "System.Threading.CountdownEvent");
        barrier = WellKnownTypes.Get(compilation, "System.Threading.Barrier");
        process = WellKnownTypes.Get(compilation, "System.Diagnostics.Process");
        spinWait = WellKnownTypes.Get(compilation, "System.Threading.SpinWait");
        blockingCollection = WellKnownTypes.Get(compilation, "System.Collections.Concurrent.BlockingCollection`1");
        cancellationToken = WellKnownTypes.Get(compilation, "System.Threading.CancellationToken");
        cancellationTokenSource = WellKnownTypes.Get(compilation, "System.Threading.CancellationTokenSource");
        console = WellKnownTypes.Get(compilation, "System.Console");
        stream = WellKnownTypes.Get(compilation, "System.IO.Stream");
        iqueryable = WellKnownTypes.Get(compilation, "System.Linq.IQueryable");
        span = WellKnownTypes.Get(compilation, "System.Span`1");
        readOnlySpan = WellKnownTypes.Get(compilation, "System.ReadOnlySpan`1");
        memory = WellKnownTypes.Get(compilation, "System.Memory`1");
        readOnlyMemory = WellKnownTypes.Get(compilation, "System.ReadOnlyMemory`1");
        dbDataReader = WellKnownTypes.Get(compilation, "System.Data.Common.DbDataReader");
        idbConnection = WellKnownTypes.Get(compilation, "System.Data.IDbConnection");
        idbCommand = WellKnownTypes.Get(compilation, "System.Data.IDbCommand");
        smtpClient = WellKnownTypes.Get(compilation, "System.Net.Mail.SmtpClient");
        efQueryableExtensions = WellKnownTypes.Get(compilation, "Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
        mongoQueryable = WellKnownTypes.Get(compilation, "MongoDB.Driver.Linq.MongoQueryable");
        mongoCursorSourceExtensions = WellKnownTypes.Get(compilation, "MongoDB.Driver.IAsyncCursorSourceExtensions");
        inMemoryTypes = Resolve(compilation, InMemoryTypeNames);
        readerWriterTypes = Resolve(compilation, ReaderWriterTypeNames);
        wrapperBaseTypes = Resolve(compilation, WrapperBaseTypeNames);
        asyncEnumerable = WellKnownTypes.Get(compilation, "System.Collections.Generic.IAsyncEnumerable`1");
        enumerable = WellKnownTypes.Get(compilation, "System.Collections.Generic.IEnumerable`1");
    }

    /// <summary>The types of <paramref name="names"/> that the compilation has.</summary>
    private static ImmutableArray<INamedTypeSymbol> Resolve(Compilation compilation, IEnumerable<string> names) =>
        names.Select(name => WellKnownTypes.Get(compilation, name)).Where(t => t is not null).Select(t => t!).ToImmutableArray();

    internal static BlockingCallClassifier? Create(Compilation compilation) =>
        WellKnownTypes.Get(compilation, "System.Threading.Tasks.Task") is { } task ? new BlockingCallClassifier(compilation, task) : null;

    internal bool IsTaskType(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        INamedTypeSymbol original = named.OriginalDefinition;
        return Is(original, task) || Is(original, taskOfT) || Is(original, valueTask) || Is(original, valueTaskOfT);
    }

    internal bool IsTaskClass(INamedTypeSymbol? type) => type is not null && (Is(type.OriginalDefinition, task) || Is(type.OriginalDefinition, taskOfT));

    internal bool IsTaskStatic(IMethodSymbol method, string name) => method.IsStatic && method.Name == name && Is(method.ContainingType, task);

    internal bool IsCancellationToken(ITypeSymbol? type) => Is(type, cancellationToken);

    // ---- classification ----------------------------------------------------------------------------

    internal BlockingCall? Classify(IPropertyReferenceOperation reference)
    {
        IPropertySymbol property = reference.Property;
        if (property.Name == "Form" && FormReads.IsBlockingFormRead(reference))
        {
            return new BlockingCall(BlockingKind.SynchronousIo, reference, "HttpRequest.Form", FormReads.Advice, null, Props(BlockingProperties.FixReadForm));
        }

        if (property.Name != "Result" || property.IsStatic || reference.Instance is null)
        {
            return null;
        }

        INamedTypeSymbol? containing = property.ContainingType?.OriginalDefinition;
        if (!Is(containing, taskOfT) && !Is(containing, valueTaskOfT))
        {
            return null;
        }

        return new BlockingCall(
            BlockingKind.SyncOverAsync,
            reference,
            Display(reference.Instance.Type ?? property.ContainingType!) + ".Result",
            "await the task instead",
            reference.Instance,
            Props(BlockingProperties.FixAwait));
    }

    internal BlockingCall? Classify(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (!MayBlock(method))
        {
            return null;
        }

        INamedTypeSymbol? containing = method.ContainingType;
        if (containing is null)
        {
            return null;
        }

        INamedTypeSymbol original = containing.OriginalDefinition;
        string name = method.Name;

        // Sync over async.
        if (Is(original, task) || Is(original, taskOfT))
        {
            if (name == "Wait" && !method.IsStatic && invocation.Instance is not null)
            {
                bool plain = invocation.Arguments.Length == 0 && invocation.Parent is IExpressionStatementOperation;
                return new BlockingCall(
                    BlockingKind.SyncOverAsync, invocation, Display(invocation.Instance.Type ?? containing) + ".Wait", "await the task instead",
                    invocation.Instance, plain ? Props(BlockingProperties.FixAwaitWait) : Props(null));
            }

            if (method.IsStatic && name is "WaitAll" or "WaitAny")
            {
                bool plain = name == "WaitAll" && invocation.Parent is IExpressionStatementOperation
                    && method.Parameters.Length == 1 && method.Parameters[0].IsParams;
                return new BlockingCall(
                    BlockingKind.SyncOverAsync, invocation, "Task." + name,
                    name == "WaitAll" ? "use 'await Task.WhenAll' instead" : "use 'await Task.WhenAny' instead",
                    null, plain ? Props(BlockingProperties.FixWhenAll) : Props(null));
            }

            return null;
        }

        if (name == "GetResult" && !method.IsStatic && IsAwaiter(original) && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter)
        {
            IOperation? awaited = getAwaiter.Instance;
            IOperation? taskOperation = awaited;
            if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                taskOperation = configured;
            }

            if (taskOperation is null || !IsTaskType(taskOperation.Type))
            {
                return null;
            }

            return new BlockingCall(
                BlockingKind.SyncOverAsync, invocation, Display(taskOperation.Type!) + ".GetAwaiter().GetResult()", "await the task instead",
                taskOperation, Props(BlockingProperties.FixAwait));
        }

        // Sleeps and blocking waits.
        if (Is(original, thread))
        {
            if (name == "Sleep" && method.IsStatic && !IsZeroTimeout(invocation))
            {
                return Wait(invocation, "Thread.Sleep", "use 'await Task.Delay' instead", BlockingProperties.FixDelay, null);
            }

            if (name == "Join" && !method.IsStatic && !IsZeroTimeout(invocation))
            {
                return Wait(invocation, "Thread.Join", "await a Task that completes when the work is done instead", null, null);
            }

            return null;
        }

        if (Is(original, semaphoreSlim))
        {
            return name == "Wait" && !IsZeroTimeout(invocation)
                ? Wait(invocation, "SemaphoreSlim.Wait", "use 'await WaitAsync' instead", BlockingProperties.FixAsyncCounterpart, "WaitAsync")
                : null;
        }

        if (InheritsFrom(original, waitHandle) && name is "WaitOne" or "WaitAll" or "WaitAny" or "SignalAndWait" && !IsZeroTimeout(invocation))
        {
            string owner = method.IsStatic ? "WaitHandle" : containing.Name;
            return Wait(invocation, owner + "." + name, "wait asynchronously instead (SemaphoreSlim.WaitAsync, a TaskCompletionSource or a Channel)", null, null);
        }

        if ((Is(original, manualResetEventSlim) || Is(original, countdownEvent)) && name == "Wait" && !IsZeroTimeout(invocation))
        {
            return Wait(invocation, containing.Name + ".Wait", "wait asynchronously instead (SemaphoreSlim.WaitAsync or a TaskCompletionSource)", null, null);
        }

        if (Is(original, barrier) && name == "SignalAndWait")
        {
            return Wait(invocation, "Barrier.SignalAndWait", "coordinate with an asynchronous primitive instead", null, null);
        }

        if (Is(original, process) && name == "WaitForExit")
        {
            return IsZeroTimeout(invocation)
                ? null
                : Wait(invocation, "Process.WaitForExit", "use 'await WaitForExitAsync' instead",
                    invocation.Arguments.Length == 0 ? BlockingProperties.FixAsyncCounterpart : null, "WaitForExitAsync");
        }

        if (InheritsFrom(original, waitHandle) || Is(original, manualResetEventSlim) || Is(original, countdownEvent) || Is(original, barrier))
        {
            return null;
        }

        if (Is(original, spinWait) && name == "SpinUntil")
        {
            return Wait(invocation, "SpinWait.SpinUntil", "wait asynchronously for the condition instead", null, null);
        }

        if (Is(original, blockingCollection))
        {
            // Take and GetConsumingEnumerable park the thread until an item arrives; TryTake only with a timeout.
            bool waits = name is "Take" or "GetConsumingEnumerable"
                || (name == "TryTake" && HasNonZeroTimeout(invocation));
            return waits
                ? Wait(invocation, "BlockingCollection." + name, "read from a Channel<T> with 'await ReadAsync' or 'ReadAllAsync' instead", null, null)
                : null;
        }

        return ClassifyIo(invocation, method);
    }

    /// <summary>
    /// False when no invocation of <paramref name="method"/> can be a blocking call, which is the answer for
    /// almost every call in a program: decided once per method definition from what <see cref="Classify(IInvocationOperation)"/>
    /// reads of the method alone (its type, its name, its async counterpart), so the common call costs one look-up.
    /// A type that <see cref="Classify(IInvocationOperation)"/> checks before <see cref="ClassifyIo"/> must be listed here.
    /// </summary>
    internal bool MayBlock(IMethodSymbol method)
    {
        // Most calls go to the program's own methods: they are decided at once, without a memo entry (a write
        // to a shared table for every method of the program made the callbacks wait on each other).
        IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
        if (!SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, compilation.Assembly))
        {
            return mayBlock.Get(definition);
        }

        // Of the blocking members, only a WaitHandle subclass's waits or an awaiter's GetResult can be declared in
        // the program itself: a name test settles almost every call.
        INamedTypeSymbol? containing = definition.ContainingType;
        return containing is not null
            && definition.Name switch
            {
                "WaitOne" or "WaitAll" or "WaitAny" or "SignalAndWait" => InheritsFrom(containing, waitHandle),
                "GetResult" => IsAwaiter(containing.OriginalDefinition),
                _ => false,
            };
    }

    private bool ComputeMayBlock(IMethodSymbol definition)
    {
        INamedTypeSymbol? containing = definition.ContainingType?.OriginalDefinition;
        if (containing is null)
        {
            return false;
        }

        if (Is(containing, task) || Is(containing, taskOfT) || Is(containing, thread) || Is(containing, semaphoreSlim)
            || InheritsFrom(containing, waitHandle) || Is(containing, manualResetEventSlim) || Is(containing, countdownEvent)
            || Is(containing, barrier) || Is(containing, process) || Is(containing, spinWait) || Is(containing, blockingCollection)
            || (definition.Name == "GetResult" && IsAwaiter(containing)))
        {
            return true;
        }

        // What ClassifyIo decides from the method alone; query materializers depend on the receiver.
        if (SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, compilation.Assembly) || IsAwaitable(definition.ReturnType))
        {
            return false;
        }

        return (definition.IsExtensionMethod && QueryMaterializers.Contains(definition.Name))
            || counterparts.Get(definition) is not null;
    }

    /// <summary><c>foreach</c> over an EF Core or MongoDB query enumerates it synchronously.</summary>
    internal BlockingCall? Classify(IForEachLoopOperation loop)
    {
        if (loop.IsAsynchronous || iqueryable is null)
        {
            return null;
        }

        IOperation collection = StripConversions(loop.Collection);
        ITypeSymbol? type = collection.Type;
        if (type is null || !IsQueryable(type) || QueryProvider(collection) is null)
        {
            return null;
        }

        return new BlockingCall(
            BlockingKind.SynchronousIo,
            collection,
            "foreach over " + type.Name,
            "use 'await foreach' over AsAsyncEnumerable() or 'await ToListAsync' instead",
            null,
            Props(null));
    }

    private BlockingCall Wait(IInvocationOperation invocation, string member, string advice, string? fix, string? asyncName)
    {
        var properties = Props(fix);
        if (asyncName is not null)
        {
            properties = properties.SetItem(BlockingProperties.AsyncName, asyncName);
            if (fix == BlockingProperties.FixAsyncCounterpart)
            {
                string count = invocation.TargetMethod.Parameters.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                properties = properties.SetItem(BlockingProperties.TokenParameter, "cancellationToken")
                    .SetItem(BlockingProperties.TokenIndex, count);
            }
        }

        return new BlockingCall(BlockingKind.SleepOrWait, invocation, member, advice, null, properties);
    }

    private BlockingCall? ClassifyIo(IInvocationOperation invocation, IMethodSymbol method)
    {
        IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, compilation.Assembly) || IsAwaitable(definition.ReturnType))
        {
            return null;
        }

        IOperation? receiver = invocation.Instance
            ?? (definition.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

        Counterpart? counterpart = QueryCounterpart(definition, receiver)
            ?? EnumeratedQueryCounterpart(definition, receiver)
            ?? counterparts.Get(definition);
        if (counterpart is null)
        {
            return null;
        }

        if (receiver is not null && (IsInMemory(receiver, 0) || IsConsoleStream(receiver)))
        {
            return null;
        }

        if (invocation.Instance is null && HasInMemoryStreamArgument(invocation))
        {
            return null;
        }

        bool isPlainStatic = method.IsStatic && !method.IsExtensionMethod;
        string owner = !isPlainStatic && receiver is not null && StripConversions(receiver).Type?.Name is { Length: > 0 } receiverName ? receiverName : method.ContainingType.Name;
        string asyncDisplay = isPlainStatic ? method.ContainingType.Name + "." + counterpart.Name : counterpart.Name;
        string advice = counterpart.Streaming
            ? $"use 'await foreach' over '{asyncDisplay}' instead"
            : counterpart.Note is null ? $"use 'await {asyncDisplay}' instead" : $"use 'await {asyncDisplay}' {counterpart.Note} instead";

        var properties = Props(counterpart.Fixable ? BlockingProperties.FixAsyncCounterpart : null)
            .SetItem(BlockingProperties.AsyncName, counterpart.Name);
        if (counterpart.TokenParameter is not null)
        {
            properties = properties.SetItem(BlockingProperties.TokenParameter, counterpart.TokenParameter)
                .SetItem(BlockingProperties.TokenIndex, counterpart.TokenIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (counterpart.Import is not null)
        {
            properties = properties.SetItem(BlockingProperties.Import, counterpart.Import);
        }

        return new BlockingCall(BlockingKind.SynchronousIo, invocation, owner + "." + method.Name, advice, null, properties);
    }

    // ---- async counterparts ------------------------------------------------------------------------

    private sealed class Counterpart
    {
        internal Counterpart(string name, string? tokenParameter, bool fixable, string? import = null, string? note = null, int tokenIndex = -1, bool streaming = false)
        {
            Streaming = streaming;
            TokenIndex = tokenIndex;
            Name = name;
            TokenParameter = tokenParameter;
            Fixable = fixable;
            Import = import;
            Note = note;
        }

        internal string Name { get; }

        internal string? TokenParameter { get; }

        internal int TokenIndex { get; }

        internal bool Fixable { get; }

        internal string? Import { get; }

        internal string? Note { get; }

        /// <summary>The counterpart returns <c>IAsyncEnumerable&lt;T&gt;</c>: it is enumerated, not awaited.</summary>
        internal bool Streaming { get; }
    }

    /// <summary>LINQ materializers over an EF Core or MongoDB queryable: <c>ToList</c> -&gt; <c>ToListAsync</c>.</summary>
    private Counterpart? QueryCounterpart(IMethodSymbol definition, IOperation? receiver)
    {
        if (receiver is null || !definition.IsExtensionMethod || !QueryMaterializers.Contains(definition.Name)
            || !Namespaces.Is(definition.ContainingNamespace, "System.Linq") || iqueryable is null)
        {
            return null;
        }

        ITypeSymbol? type = StripConversions(receiver).Type;
        if (!IsQueryable(type))
        {
            return null;
        }

        bool? mongo = QueryProvider(receiver);
        if (mongo is null)
        {
            return null;
        }

        INamedTypeSymbol?[] providers = mongo.Value
            ? new[] { mongoQueryable, mongoCursorSourceExtensions }
            : new[] { efQueryableExtensions ?? mongoQueryable };
        string asyncName = definition.Name + "Async";
        IMethodSymbol? target = null;
        INamedTypeSymbol? provider = null;
        foreach (INamedTypeSymbol? candidate in providers)
        {
            target = candidate?.GetMembers(asyncName).OfType<IMethodSymbol>().FirstOrDefault();
            if (target is not null)
            {
                provider = candidate;
                break;
            }
        }

        if (target is null || provider is null)
        {
            return null;
        }

        IParameterSymbol? token = target.Parameters.FirstOrDefault(p => IsCancellationToken(p.Type));
        return new Counterpart(asyncName, token?.Name, fixable: true, import: provider.ContainingNamespace.ToDisplayString(), tokenIndex: token?.Ordinal ?? -1);
    }

    /// <summary>
    /// LINQ-to-objects materializers over a database query switched to <c>AsEnumerable()</c>:
    /// <c>db.Items.Where(...).AsEnumerable().Where(...).ToList()</c> runs the query synchronously while enumerating.
    /// </summary>
    private Counterpart? EnumeratedQueryCounterpart(IMethodSymbol definition, IOperation? receiver)
    {
        if (receiver is null || !definition.IsExtensionMethod || !QueryMaterializers.Contains(definition.Name)
            || !Namespaces.Is(definition.ContainingNamespace, "System.Linq") || iqueryable is null)
        {
            return null;
        }

        IOperation? current = receiver;
        for (int depth = 0; current is not null && depth < 32; depth++)
        {
            if (StripConversions(current) is not IInvocationOperation { TargetMethod: { IsExtensionMethod: true } method } invocation
                || !Namespaces.Is(method.ContainingNamespace, "System.Linq") || invocation.Arguments.Length == 0)
            {
                return null;
            }

            IOperation source = invocation.Arguments[0].Value;
            if (method.Name == "AsEnumerable")
            {
                ITypeSymbol? type = StripConversions(source).Type;
                bool queryable = IsQueryable(type);
                return queryable && QueryProvider(source) is not null
                    ? new Counterpart("AsAsyncEnumerable", null, fixable: false, streaming: true)
                    : null;
            }

            current = source;
        }

        return null;
    }

    private bool IsQueryable(ITypeSymbol? type)
    {
        if (type is null || iqueryable is null)
        {
            return false;
        }

        if (Is(type, iqueryable))
        {
            return true;
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (Is(implemented, iqueryable))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for MongoDB, false for EF Core (or unknown with EF Core present), null for in-memory queryables.</summary>
    private bool? QueryProvider(IOperation receiver)
    {
        IOperation? current = receiver;
        for (int depth = 0; current is not null && depth < 32; depth++)
        {
            current = StripConversions(current);
            if (current.Type is INamedTypeSymbol type && NamespaceStartsWith(type.OriginalDefinition, "MongoDB.Driver"))
            {
                return true;
            }

            if (current is not IInvocationOperation invocation)
            {
                break;
            }

            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name == "AsQueryable" && Namespaces.Is(method.ContainingNamespace, "System.Linq"))
            {
                return null;
            }

            if (NamespaceStartsWith(method.ContainingType, "MongoDB.Driver"))
            {
                return true;
            }

            current = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        }

        return efQueryableExtensions is not null ? false : mongoQueryable is not null ? true : null;
    }

    private Counterpart? FindCounterpart(IMethodSymbol definition)
    {
        if (IsDenied(definition))
        {
            return null;
        }

        INamedTypeSymbol containing = definition.ContainingType;
        if ((Is(containing, idbConnection) && definition.Name == "Open")
            || (Is(containing, idbCommand) && definition.Name is "ExecuteReader" or "ExecuteNonQuery" or "ExecuteScalar"))
        {
            // The ADO.NET interfaces have no async methods; DbConnection / DbCommand do.
            return new Counterpart(definition.Name + "Async", null, fixable: false, note: "on a DbConnection / DbCommand");
        }

        if (Is(containing, smtpClient) && definition.Name == "Send")
        {
            return new Counterpart("SendMailAsync", null, fixable: false);
        }

        var names = new List<string>(4) { definition.Name + "Async" };
        if (definition.Name.EndsWith("Sync", StringComparison.Ordinal) && definition.Name.Length > 4)
        {
            names.Add(definition.Name.Substring(0, definition.Name.Length - 4) + "Async");
        }

        // Older APIs name the awaitable form after their event-based Async method (WebClient.DownloadString ->
        // DownloadStringTaskAsync) or after the type (Ping.Send -> SendPingAsync).
        names.Add(definition.Name + "TaskAsync");
        names.Add(definition.Name + containing.Name + "Async");

        Counterpart? withoutToken = null;
        foreach (string name in names)
        {
            foreach (INamedTypeSymbol type in SearchTypes(definition))
            {
                foreach (ISymbol member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol candidate && Compatible(definition, candidate, out IParameterSymbol? token))
                    {
                        // A streaming counterpart (File.ReadLines -> File.ReadLinesAsync) is consumed with
                        // 'await foreach', which the fix does not write.
                        bool streaming = !IsAwaitable(candidate.ReturnType);

                        // Prefer the overload that takes a CancellationToken.
                        if (token is not null)
                        {
                            return new Counterpart(name, token.Name, fixable: !streaming, tokenIndex: token.Ordinal, streaming: streaming);
                        }

                        withoutToken ??= new Counterpart(name, null, fixable: !streaming, streaming: streaming);
                    }
                }
            }

            if (withoutToken is not null)
            {
                return withoutToken;
            }
        }

        return null;
    }

    private static IEnumerable<INamedTypeSymbol> SearchTypes(IMethodSymbol definition)
    {
        INamedTypeSymbol containing = definition.ContainingType;
        if (definition.IsExtensionMethod || definition.IsStatic)
        {
            yield return containing;
            yield break;
        }

        for (INamedTypeSymbol? current = containing; current is not null; current = current.BaseType)
        {
            yield return current;
        }

        if (containing.TypeKind == TypeKind.Interface)
        {
            foreach (INamedTypeSymbol inherited in containing.AllInterfaces)
            {
                yield return inherited;
            }
        }
    }

    private bool Compatible(IMethodSymbol sync, IMethodSymbol candidate, out IParameterSymbol? token)
    {
        token = null;
        if (candidate.IsStatic != sync.IsStatic || candidate.IsExtensionMethod != sync.IsExtensionMethod
            || candidate.Arity != sync.Arity || candidate.Parameters.Length < sync.Parameters.Length
            || !(IsAwaitable(candidate.ReturnType) || StreamsWhatSyncEnumerates(sync, candidate))
            || candidate.DeclaredAccessibility != Accessibility.Public)
        {
            return false;
        }

        for (int i = 0; i < sync.Parameters.Length; i++)
        {
            if (sync.Parameters[i].RefKind != candidate.Parameters[i].RefKind || !SameType(sync.Parameters[i].Type, candidate.Parameters[i].Type, 0))
            {
                return false;
            }

            if (IsCancellationToken(candidate.Parameters[i].Type))
            {
                // Both take a token (MongoDB's sync methods do): the fix passes it by name.
                token ??= candidate.Parameters[i];
            }
        }

        for (int i = sync.Parameters.Length; i < candidate.Parameters.Length; i++)
        {
            IParameterSymbol extra = candidate.Parameters[i];
            if (IsCancellationToken(extra.Type))
            {
                token ??= extra;
            }
            else if (!extra.IsOptional)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The sync method returns <c>IEnumerable&lt;T&gt;</c> and the candidate <c>IAsyncEnumerable&lt;T&gt;</c>.</summary>
    private bool StreamsWhatSyncEnumerates(IMethodSymbol sync, IMethodSymbol candidate) =>
        sync.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } syncReturn && Is(syncReturn, enumerable)
        && candidate.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } asyncReturn && Is(asyncReturn, asyncEnumerable)
        && SameType(syncReturn.TypeArguments[0], asyncReturn.TypeArguments[0], 0);

    private bool SameType(ITypeSymbol a, ITypeSymbol b, int depth)
    {
        if (SymbolEqualityComparer.Default.Equals(a, b))
        {
            return true;
        }

        if (depth > 8)
        {
            return false;
        }

        if (a is ITypeParameterSymbol pa && b is ITypeParameterSymbol pb)
        {
            return pa.TypeParameterKind == pb.TypeParameterKind && pa.Ordinal == pb.Ordinal;
        }

        if (a is IArrayTypeSymbol arrayA && b is IArrayTypeSymbol arrayB)
        {
            return arrayA.Rank == arrayB.Rank && SameType(arrayA.ElementType, arrayB.ElementType, depth + 1);
        }

        if (a is INamedTypeSymbol na && b is INamedTypeSymbol nb && na.Arity == nb.Arity && na.Arity > 0)
        {
            INamedTypeSymbol oa = na.OriginalDefinition;
            INamedTypeSymbol ob = nb.OriginalDefinition;
            bool sameGeneric = SymbolEqualityComparer.Default.Equals(oa, ob)
                || (Is(oa, span) && Is(ob, memory))
                || (Is(oa, readOnlySpan) && Is(ob, readOnlyMemory));
            if (!sameGeneric)
            {
                return false;
            }

            for (int i = 0; i < na.TypeArguments.Length; i++)
            {
                if (!SameType(na.TypeArguments[i], nb.TypeArguments[i], depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    private bool IsDenied(IMethodSymbol method)
    {
        string name = method.Name;
        if (name is "Dispose" or "Close" or "Equals" or "GetHashCode" or "ToString")
        {
            return true;
        }

        INamedTypeSymbol type = method.ContainingType;
        if (Is(type, cancellationTokenSource) || Is(type, console))
        {
            return true;
        }

        if (dbDataReader is not null && InheritsFrom(type, dbDataReader) && name is "IsDBNull" or "GetFieldValue")
        {
            return true;
        }

        string ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) && name is "Add" or "AddRange")
        {
            // EF Core documents Add/AddRange as the normal choice; AddAsync only matters for special value generators.
            return true;
        }

        if ((ns == "System.Xml" && !ns.StartsWith("System.Xml.Linq", StringComparison.Ordinal))
            || ns.StartsWith("Newtonsoft.Json", StringComparison.Ordinal)
            || ns.StartsWith("FluentValidation", StringComparison.Ordinal)
            || ns.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal)
            || ns == "Microsoft.AspNetCore.Builder"
            || (ns == "System.Text.Json" && type.Name == "Utf8JsonWriter")
            || (ns == "System.IO.Pipelines" && name == "Complete"))
        {
            return true;
        }

        return false;
    }

    internal bool IsAwaitable(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (IsTaskType(type))
        {
            return true;
        }

        return type.GetMembers("GetAwaiter").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 0 && !m.IsStatic);
    }

    // ---- in-memory exclusions ----------------------------------------------------------------------

    private bool IsInMemory(IOperation operation, int depth)
    {
        if (depth > 4)
        {
            return false;
        }

        operation = StripConversions(operation);
        if (IsInMemoryType(operation.Type))
        {
            return true;
        }

        // What the expression, or the local it reads, was made from: `TextWriter writer = new StringWriter()`,
        // `new StreamReader(new MemoryStream(bytes))`, `var entry = archiveOverMemory.CreateEntry(name)`.
        switch (ValueOf(operation))
        {
            case IObjectCreationOperation creation:
                if (IsInMemoryType(creation.Type))
                {
                    return true;
                }

                // A reader, writer, stream wrapper or archive over an in-memory stream stays in memory.
                return IsWrapperType(creation.Type) && creation.Arguments.Length > 0 && IsInMemory(creation.Arguments[0].Value, depth + 1);

            case IInvocationOperation { TargetMethod: { Name: "GetManifestResourceStream" } resource }
                when resource.ContainingType?.ToDisplayString() == "System.Reflection.Assembly":
                // Embedded resources are mapped with the assembly image.
                return true;

            case IInvocationOperation { Instance: { } owner }:
                // An object handed out by an in-memory object (an entry of an archive held in a MemoryStream).
                return IsInMemory(owner, depth + 1);

            case ICoalesceOperation coalesce:
                // `GetManifestResourceStream(name) ?? throw ...`
                return IsInMemory(coalesce.Value, depth + 1);

            default:
                return false;
        }
    }

    private bool IsInMemoryType(ITypeSymbol? type) => type is INamedTypeSymbol named && inMemoryTypes.Any(t => InheritsFrom(named, t));

    private bool IsWrapperType(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && (readerWriterTypes.Any(t => InheritsFrom(named, t)) || wrapperBaseTypes.Any(t => InheritsFrom(named, t)));

    /// <summary>The expression itself, or for a local the (unconverted) value it was initialised with.</summary>
    private static IOperation? ValueOf(IOperation operation)
    {
        if (operation is not ILocalReferenceOperation local)
        {
            return operation;
        }

        if (operation.SemanticModel is not { } model)
        {
            return null;
        }

        foreach (SyntaxReference reference in local.Local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == model.SyntaxTree
                && reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } value }
                && model.GetOperation(value) is { } initializer)
            {
                return StripConversions(initializer);
            }
        }

        return null;
    }

    private bool IsConsoleStream(IOperation receiver) =>
        StripConversions(receiver) is IPropertyReferenceOperation { Property: { IsStatic: true } property } && Is(property.ContainingType, console);

    private bool HasInMemoryStreamArgument(IInvocationOperation invocation)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Value.Type is INamedTypeSymbol type && stream is not null && InheritsFrom(type, stream) && IsInMemory(argument.Value, 0))
            {
                return true;
            }
        }

        return false;
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private bool IsAwaiter(INamedTypeSymbol type) =>
        type.Name is "TaskAwaiter" or "ValueTaskAwaiter" or "ConfiguredTaskAwaiter" or "ConfiguredValueTaskAwaiter"
        && NamespaceStartsWith(type, "System.Runtime.CompilerServices");

    /// <summary>A timeout argument (int milliseconds or TimeSpan) that is not a constant zero.</summary>
    private static bool HasNonZeroTimeout(IInvocationOperation invocation)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || parameter.RefKind != RefKind.None)
            {
                continue;
            }

            bool isTimeout = parameter.Type.SpecialType == SpecialType.System_Int32
                || (parameter.Type.Name == "TimeSpan" && Namespaces.Is(parameter.Type.ContainingNamespace, "System"));
            if (!isTimeout)
            {
                continue;
            }

            IOperation value = StripConversions(argument.Value);
            bool zero = (value.ConstantValue is { HasValue: true, Value: int ms } && ms == 0)
                || value is IFieldReferenceOperation { Field.Name: "Zero", Field.ContainingType.Name: "TimeSpan" }
                || value is IPropertyReferenceOperation { Property.Name: "Zero", Property.ContainingType.Name: "TimeSpan" };
            return !zero;
        }

        return false;
    }

    private static bool IsZeroTimeout(IInvocationOperation invocation)
    {
        if (invocation.Arguments.Length == 0)
        {
            return false;
        }

        IOperation first = StripConversions(invocation.Arguments[0].Value);
        if (first.ConstantValue is { HasValue: true, Value: int value })
        {
            return value == 0;
        }

        return first is IFieldReferenceOperation { Field.Name: "Zero", Field.ContainingType.Name: "TimeSpan" }
            || first is IPropertyReferenceOperation { Property.Name: "Zero", Property.ContainingType.Name: "TimeSpan" };
    }

    internal static IOperation StripConversions(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    operation = conversion.Operand;
                    break;
                case IConversionOperation { OperatorMethod: null } conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    private static bool NamespaceStartsWith(ISymbol? symbol, string prefix) => Namespaces.IsWithin(symbol?.ContainingNamespace, prefix);

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    private static bool InheritsFrom(INamedTypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static string Display(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

    private static ImmutableDictionary<string, string?> Props(string? fix) =>
        fix is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(BlockingProperties.Fix, fix);
}
