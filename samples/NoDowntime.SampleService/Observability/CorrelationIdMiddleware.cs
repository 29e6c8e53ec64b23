using System.Diagnostics;

namespace NoDowntime.SampleService.Observability;

/// <summary>
/// Takes X-Correlation-ID from the request (or makes one), returns it on the response, tags the trace with it,
/// and opens a log scope so every log line of the request carries it next to the trace id.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-ID";
    public const string BaggageKey = "correlation.id";
    private const int MaxLength = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        string correlationId = Accept(context.Request.Headers[HeaderName].ToString())
            ?? Activity.Current?.TraceId.ToHexString()
            ?? Guid.NewGuid().ToString("N");

        context.Items[HeaderName] = correlationId;
        context.Request.Headers[HeaderName] = correlationId;
        context.Response.Headers[HeaderName] = correlationId;
        // Tag the server span, and carry the id as baggage so outbound calls (CorrelationIdHandler) forward it.
        Activity.Current?.SetTag("correlation.id", correlationId);
        Activity.Current?.SetBaggage(BaggageKey, correlationId);

        using (logger.BeginScope("CorrelationId:{CorrelationId}", correlationId))
        {
            await next(context);
        }
    }

    /// <summary>A caller's id is kept only when short and plain, so it cannot forge log lines or headers.</summary>
    private static string? Accept(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return null;
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return null;
            }
        }

        return value;
    }
}

/// <summary>Forwards the current request's correlation id to outbound HTTP calls.</summary>
public sealed class CorrelationIdHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? correlationId = Activity.Current?.GetBaggageItem(CorrelationIdMiddleware.BaggageKey);
        if (correlationId is not null && !request.Headers.Contains(CorrelationIdMiddleware.HeaderName))
        {
            request.Headers.TryAddWithoutValidation(CorrelationIdMiddleware.HeaderName, correlationId);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
