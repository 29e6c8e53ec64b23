using System;

namespace NoDowntime.Analyzers.RequestPaths;

/// <summary>What kind of code starts a request path.</summary>
internal enum EntryPointKind
{
    ControllerAction,
    RazorPageHandler,
    MinimalApiHandler,
    Middleware,
    SignalRHubMethod,
    GrpcServiceMethod,
    BackgroundService,
    HostedService,
    MessageHandler,
    FrameworkCallback,
    Configured,
}

/// <summary>An entry point of a request path, with the name messages show for it.</summary>
internal sealed class EntryPoint
{
    private readonly Func<string>? displayNameFactory;
    private string? displayName;

    internal EntryPoint(EntryPointKind kind, string displayName)
    {
        Kind = kind;
        this.displayName = displayName;
    }

    /// <summary>An entry point whose name is built only when a message needs it (routes read attributes).</summary>
    internal EntryPoint(EntryPointKind kind, Func<string> displayName)
    {
        Kind = kind;
        displayNameFactory = displayName;
    }

    internal EntryPointKind Kind { get; }

    /// <summary><c>GET /orders/{id}</c>, <c>OrdersController.Get</c>, <c>middleware RequestLogging</c>, <c>OrderSyncWorker.ExecuteAsync</c>.</summary>
    internal string DisplayName
    {
        // Built on first read (at most a few times under a race, always to the same text).
        get => displayName ??= displayNameFactory!();
    }

    public override string ToString() => DisplayName;
}
