using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Blocking;

internal enum BlockingKind
{
    SyncOverAsync,
    SleepOrWait,
    SynchronousIo,
}

/// <summary>Names of the properties a blocking-call diagnostic carries for its code fix.</summary>
internal static class BlockingProperties
{
    /// <summary>Which rewrite applies: <see cref="FixAwait"/>, <see cref="FixAwaitWait"/>, <see cref="FixWhenAll"/>, <see cref="FixDelay"/>, <see cref="FixAsyncCounterpart"/>, <see cref="FixReadForm"/>, or absent.</summary>
    internal const string Fix = "Fix";

    /// <summary>The async counterpart's name (for <see cref="FixAsyncCounterpart"/>).</summary>
    internal const string AsyncName = "AsyncName";

    /// <summary>The counterpart's CancellationToken parameter name, when it has one.</summary>
    internal const string TokenParameter = "TokenParameter";

    /// <summary>The index of the counterpart's CancellationToken parameter.</summary>
    internal const string TokenIndex = "TokenIndex";

    /// <summary>The namespace to import for an extension-method counterpart in another class (EF Core, MongoDB).</summary>
    internal const string Import = "Import";

    internal const string FixAwait = "Await";
    internal const string FixAwaitWait = "AwaitWait";
    internal const string FixWhenAll = "WhenAll";
    internal const string FixDelay = "Delay";
    internal const string FixAsyncCounterpart = "AsyncCounterpart";
    internal const string FixReadForm = "ReadForm";
}

/// <summary>One blocking call found in code: what it is, what to say about it, and how it could be fixed.</summary>
internal sealed class BlockingCall
{
    internal BlockingCall(BlockingKind kind, IOperation operation, string member, string advice, IOperation? task, ImmutableDictionary<string, string?> properties)
    {
        Kind = kind;
        Operation = operation;
        Member = member;
        Advice = advice;
        Task = task;
        Properties = properties;
    }

    internal BlockingKind Kind { get; }

    internal IOperation Operation { get; }

    /// <summary><c>Task&lt;Order&gt;.Result</c>, <c>Thread.Sleep</c>, <c>File.ReadAllText</c>.</summary>
    internal string Member { get; }

    /// <summary>What to do instead: <c>await the task instead</c>.</summary>
    internal string Advice { get; }

    /// <summary>For sync-over-async: the task being waited for (to check it is not already complete).</summary>
    internal IOperation? Task { get; }

    internal ImmutableDictionary<string, string?> Properties { get; }

    internal int Position => Operation.Syntax.SpanStart;
}
