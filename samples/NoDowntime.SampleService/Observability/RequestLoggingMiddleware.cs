using System.Diagnostics;

namespace NoDowntime.SampleService.Observability;

/// <summary>One structured line per request with its duration; probes and scrapes log at Debug to keep the noise down.</summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        long started = Stopwatch.GetTimestamp();
        int status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            PathString path = context.Request.Path;
            LogLevel level = path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics")
                ? LogLevel.Debug
                : status >= 500 ? LogLevel.Warning : LogLevel.Information;
            if (context.RequestAborted.IsCancellationRequested)
            {
                status = 499; // client went away
            }

            logger.Log(
                level,
                "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms",
                context.Request.Method,
                path.Value,
                status,
                elapsedMs);
        }
    }
}
