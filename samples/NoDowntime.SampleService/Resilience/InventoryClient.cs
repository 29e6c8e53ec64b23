using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using NoDowntime.SampleService.Configuration;
using NoDowntime.SampleService.Observability;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace NoDowntime.SampleService.Resilience;

/// <summary>The circuit to the inventory service, shared by the pipeline and the readiness probe.</summary>
public sealed class InventoryCircuit
{
    public CircuitBreakerStateProvider StateProvider { get; } = new();

    public CircuitState State => StateProvider.CircuitState;
}

public sealed record StockLevel(string Sku, int Available);

/// <summary>The outbound call, wrapped (outermost first) in a total timeout, retries with jittered exponential
/// backoff, a circuit breaker, and a per-attempt timeout.</summary>
public sealed class InventoryClient(HttpClient http, ResiliencePipeline<HttpResponseMessage> pipeline)
{
    public const string PipelineName = "inventory";

    public async Task<StockLevel?> GetStockAsync(string sku, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await pipeline.ExecuteAsync(
            static async (state, token) => await state.http.GetAsync("stock/" + Uri.EscapeDataString(state.sku), HttpCompletionOption.ResponseHeadersRead, token),
            (http, sku),
            cancellationToken);

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<StockLevel>(cancellationToken);
    }

    public static ResiliencePipeline<HttpResponseMessage> BuildPipeline(InventoryOptions options, InventoryCircuit circuit, TimeProvider time)
    {
        PredicateBuilder<HttpResponseMessage> transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

        ResiliencePipelineBuilder<HttpResponseMessage> builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(2),
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 8,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = options.BreakDuration,
                StateProvider = circuit.StateProvider,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }
}

public static class InventorySetup
{
    public static IServiceCollection AddInventoryClient(this IServiceCollection services)
    {
        services.AddSingleton<InventoryCircuit>();
        services.AddSingleton(sp => InventoryClient.BuildPipeline(
            sp.GetRequiredService<IOptions<InventoryOptions>>().Value,
            sp.GetRequiredService<InventoryCircuit>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddTransient<CorrelationIdHandler>();
        services.AddHttpClient<InventoryClient>((sp, http) =>
        {
            InventoryOptions options = sp.GetRequiredService<IOptions<InventoryOptions>>().Value;
            http.BaseAddress = options.BaseAddress;
            // The pipeline owns the timeouts; this is only a backstop, a little above the pipeline's total.
            http.Timeout = options.TotalTimeout + TimeSpan.FromSeconds(1);
        }).AddHttpMessageHandler<CorrelationIdHandler>();
        return services;
    }
}
