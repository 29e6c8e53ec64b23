using System.Collections.Immutable;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>
/// ND5006: a middleware whose services are registered but which never joins the pipeline, or which joins the
/// pipeline (or is asked for by endpoint metadata) without its services. One diagnostic per missing half.
/// </summary>
internal static class MiddlewarePairsRule
{
    /// <summary>Diagnostic property: "Services" (a builder.Services call is missing) or "Pipeline" (an app call is).</summary>
    internal const string StageProperty = "Stage";

    /// <summary>Diagnostic property: the call that is missing, as the fix writes it (<c>UseRequestTimeouts()</c>).</summary>
    internal const string CallProperty = "Call";

    internal const string ServicesStage = "Services";
    internal const string PipelineStage = "Pipeline";

    private static readonly Pair[] Pairs =
    {
        new("request-timeout", HostApi.AddRequestTimeouts, "AddRequestTimeouts()", "AddRequestTimeouts()", HostApi.UseRequestTimeouts, HostApi.None, "UseRequestTimeouts()", "request timeouts (WithRequestTimeout / [RequestTimeout])", true),
        new("rate-limiting", HostApi.AddRateLimiter, "AddRateLimiter(_ => { })", "AddRateLimiter(...)", HostApi.UseRateLimiter, HostApi.None, "UseRateLimiter()", "rate-limiting policies (RequireRateLimiting / [EnableRateLimiting])", true),
        new("health-check", HostApi.AddHealthChecks, "AddHealthChecks()", "AddHealthChecks()", HostApi.MapHealthChecks, HostApi.UseHealthChecks, "MapHealthChecks(...)", null, false),
        new("output-cache", HostApi.AddOutputCache, "AddOutputCache()", "AddOutputCache()", HostApi.UseOutputCache, HostApi.None, "UseOutputCache()", null, true),
        new("response-compression", HostApi.AddResponseCompression, "AddResponseCompression()", "AddResponseCompression()", HostApi.UseResponseCompression, HostApi.None, "UseResponseCompression()", null, true),
        new("response-caching", HostApi.AddResponseCaching, "AddResponseCaching()", "AddResponseCaching()", HostApi.UseResponseCaching, HostApi.None, "UseResponseCaching()", null, true),
    };

    internal static void Evaluate(HostRuleContext context)
    {
        HostFacts model = context.Facts;
        if (model.UsesPlatformMethod)
        {
            return;
        }

        foreach (Pair pair in Pairs)
        {
            bool services = model.Has(pair.Add);
            bool pipeline = model.Has(pair.Use) || (pair.OtherUse != HostApi.None && model.Has(pair.OtherUse));
            bool metadata = pair.Metadata is not null && HasMetadata(model, pair.Add);

            if (!pipeline && (services || metadata) && pair.ChecksMissingUse)
            {
                string present = services ? $"{pair.AddDisplay} registers the {pair.Feature} services" : $"Endpoints declare {pair.Metadata}";
                Report(context, PipelineStage, pair.UseCall,
                    $"{present} but {pair.UseCall} never adds the {pair.Feature} middleware to the pipeline, so it never runs; call app.{pair.UseCall} (after UseRouting when the app calls it)");
            }

            if (!services && (pipeline || metadata))
            {
                string present = pipeline ? $"The {pair.Feature} middleware is in the pipeline" : $"Endpoints declare {pair.Metadata}";
                Report(context, ServicesStage, pair.AddCall,
                    $"{present} but {pair.AddDisplay} never registers its services, so the app fails at startup or on the first request that reaches it; call builder.Services.{pair.AddDisplay}");
            }
        }
    }

    private static bool HasMetadata(HostFacts model, HostApi add) => add switch
    {
        HostApi.AddRequestTimeouts => model.HasRequestTimeoutMetadata,
        HostApi.AddRateLimiter => model.HasRateLimitingMetadata,
        _ => false,
    };

    private static void Report(HostRuleContext context, string stage, string call, string message)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(StageProperty, stage).Add(CallProperty, call);
        context.ReportAtSites(Rules.MiddlewareHalfWired, properties, message);
    }

    private sealed class Pair
    {
        internal Pair(string feature, HostApi add, string addCall, string addDisplay, HostApi use, HostApi otherUse, string useCall, string? metadata, bool checksMissingUse)
        {
            Feature = feature;
            Add = add;
            AddCall = addCall;
            AddDisplay = addDisplay;
            Use = use;
            OtherUse = otherUse;
            UseCall = useCall;
            Metadata = metadata;
            ChecksMissingUse = checksMissingUse;
        }

        internal string Feature { get; }

        internal HostApi Add { get; }

        /// <summary>The call as the fix writes it.</summary>
        internal string AddCall { get; }

        /// <summary>The call as a message shows it.</summary>
        internal string AddDisplay { get; }

        internal HostApi Use { get; }

        internal HostApi OtherUse { get; }

        internal string UseCall { get; }

        internal string? Metadata { get; }

        /// <summary>
        /// Whether registered services without the middleware are a finding. Not for health checks: a host with
        /// checks but no endpoint is ND5001's, and a hand-written probe may run the checks itself.
        /// </summary>
        internal bool ChecksMissingUse { get; }
    }
}
