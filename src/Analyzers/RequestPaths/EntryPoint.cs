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
    internal EntryPoint(EntryPointKind kind, string displayName)
    {
        Kind = kind;
        DisplayName = displayName;
    }

    internal EntryPointKind Kind { get; }

    /// <summary><c>GET /orders/{id}</c>, <c>OrdersController.Get</c>, <c>middleware RequestLogging</c>, <c>OrderSyncWorker.ExecuteAsync</c>.</summary>
    internal string DisplayName { get; }

    public override string ToString() => DisplayName;
}
