using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NoDowntime.SampleService.Endpoints;
using NoDowntime.SampleService.Health;
using NoDowntime.SampleService.Tests.Infrastructure;
using Xunit;

namespace NoDowntime.SampleService.Tests.Endpoints;

public sealed class EndpointTests : IAsyncLifetime
{
    private readonly SampleServiceFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _factory.CreateReadyClientAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Probes_pass_once_started()
    {
        foreach (string probe in new[] { "/health/live", "/health/startup", "/health/ready" })
        {
            using HttpResponseMessage response = await _client.GetAsync(probe);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Readiness_fails_as_soon_as_draining_begins_while_liveness_and_the_api_keep_working()
    {
        _factory.Services.GetRequiredService<ServiceState>().BeginDraining();

        using HttpResponseMessage ready = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("not-draining", await ready.Content.ReadAsStringAsync());

        using HttpResponseMessage live = await _client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        using HttpResponseMessage api = await _client.GetAsync("/api/products");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.True(api.Headers.ConnectionClose, "a draining instance asks clients to reconnect elsewhere");
    }

    [Fact]
    public async Task Liveness_checks_no_dependency()
    {
        using HttpResponseMessage live = await _client.GetAsync("/health/live");
        using JsonDocument body = JsonDocument.Parse(await live.Content.ReadAsStringAsync());
        Assert.Empty(body.RootElement.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Creates_an_order_and_reads_it_back()
    {
        using HttpResponseMessage created = await _client.PostAsJsonAsync("/api/orders", new { customerId = "c-1", sku = "SKU-002", quantity = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        OrderDto order = (await created.Content.ReadFromJsonAsync<OrderDto>(Json))!;
        Assert.Equal(3 * 1190, order.TotalCents);
        Assert.Equal($"/api/orders/{order.Id}", created.Headers.Location!.OriginalString);

        OrderDto? read = await _client.GetFromJsonAsync<OrderDto>(created.Headers.Location, Json);
        Assert.Equal(order.Id, read!.Id);
        Assert.Equal("c-1", read.CustomerId);

        using HttpResponseMessage confirm = await _client.PostAsync($"/api/orders/{order.Id}/confirm", null);
        Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        using HttpResponseMessage again = await _client.PostAsync($"/api/orders/{order.Id}/confirm", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Invalid_input_gets_rfc7807_validation_problem()
    {
        using HttpResponseMessage response = await _client.PostAsJsonAsync("/api/orders", new { customerId = "bad id!", sku = "", quantity = 1000 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        JsonElement errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("customerId", out _));
        Assert.True(errors.TryGetProperty("sku", out _));
        Assert.True(errors.TryGetProperty("quantity", out _));
    }

    [Fact]
    public async Task Unknown_product_is_a_validation_problem_and_missing_order_a_404_problem()
    {
        using HttpResponseMessage unknown = await _client.PostAsJsonAsync("/api/orders", new { customerId = "c-1", sku = "NOPE", quantity = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        using HttpResponseMessage missing = await _client.GetAsync("/api/orders/987654");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Keyset_paging_walks_every_order_once()
    {
        for (int i = 0; i < 5; i++)
        {
            using HttpResponseMessage r = await _client.PostAsJsonAsync("/api/orders", new { customerId = "pager", sku = "SKU-001", quantity = 1 });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }

        List<long> seen = [];
        string? after = null;
        int pages = 0;
        do
        {
            string url = "/api/orders?customerId=pager&limit=2" + (after is null ? "" : "&after=" + after);
            Page<OrderSummary> page = (await _client.GetFromJsonAsync<Page<OrderSummary>>(url, Json))!;
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(o => o.Id));
            after = page.NextAfter;
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(5, seen.Count);
        Assert.Equal(seen.OrderBy(id => id), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Page_size_above_the_maximum_is_rejected()
    {
        using HttpResponseMessage response = await _client.GetAsync("/api/orders?limit=5000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Product_list_is_projected_and_paged_by_sku()
    {
        Page<JsonElement> page = (await _client.GetFromJsonAsync<Page<JsonElement>>("/api/products?limit=2&after=SKU-001", Json))!;
        Assert.Equal(["SKU-002", "SKU-003"], page.Items.Select(p => p.GetProperty("sku").GetString()));
        Assert.False(page.Items[0].TryGetProperty("description", out _), "the list view never loads the long description");
        Assert.Equal("SKU-003", page.NextAfter);
    }

    [Fact]
    public async Task Correlation_id_is_echoed_generated_or_replaced_when_unsafe()
    {
        using HttpRequestMessage given = new(HttpMethod.Get, "/api/products/SKU-001");
        given.Headers.Add("X-Correlation-ID", "order-flow-42");
        using HttpResponseMessage echoed = await _client.SendAsync(given);
        Assert.Equal("order-flow-42", echoed.Headers.GetValues("X-Correlation-ID").Single());

        using HttpResponseMessage generated = await _client.GetAsync("/api/products/SKU-001");
        Assert.False(string.IsNullOrEmpty(generated.Headers.GetValues("X-Correlation-ID").Single()));

        using HttpRequestMessage unsafeId = new(HttpMethod.Get, "/api/products/SKU-001");
        unsafeId.Headers.TryAddWithoutValidation("X-Correlation-ID", "x\"}{injected");
        using HttpResponseMessage replaced = await _client.SendAsync(unsafeId);
        Assert.NotEqual("x\"}{injected", replaced.Headers.GetValues("X-Correlation-ID").Single());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        using HttpResponseMessage response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/orders", out _));
        Assert.True(paths.TryGetProperty("/api/products/{sku}", out _));
    }

    [Fact]
    public async Task Metrics_endpoint_serves_prometheus_text_with_service_and_framework_metrics()
    {
        using HttpResponseMessage created = await _client.PostAsJsonAsync("/api/orders", new { customerId = "m-1", sku = "SKU-001", quantity = 1 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        string text = await MetricsText.ScrapeAsync(_client, "nodowntime_orders_created");
        Assert.Contains("nodowntime_orders_created", text);
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("nodowntime_draining", text);
        Assert.Contains("# TYPE", text);
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}

internal static class MetricsText
{
    /// <summary>Scrapes /metrics until the expected series appears (the exporter collects asynchronously).</summary>
    public static async Task<string> ScrapeAsync(HttpClient client, string expected)
    {
        string text = "";
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using HttpResponseMessage response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(100);
        }

        return text;
    }
}
