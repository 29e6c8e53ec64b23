using Microsoft.Extensions.Options;

namespace NoDowntime.SampleService.Configuration;

/// <summary>How the service drains on SIGTERM. Environment: <c>Shutdown__DrainDelay</c>, <c>Shutdown__Timeout</c>.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>How long the service keeps serving after readiness fails, so load balancers stop routing to it.</summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole shutdown budget (drain delay + in-flight work); keep it below the pod's grace period.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>Where orders live. Environment: <c>ConnectionStrings__Orders</c>, <c>Database__Provider</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Filled from <c>ConnectionStrings:Orders</c>.</summary>
    public string ConnectionString { get; set; } = "Data Source=orders.db";

    /// <summary><c>Auto</c> (from the connection string), <c>Sqlite</c> or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = "Auto";

    /// <summary>
    /// Only for the embedded SQLite store: create its schema at start so that <c>dotnet run</c> works on a bare
    /// machine. A shared server (PostgreSQL) is never migrated at start-up: run the <c>migrate</c> command.
    /// </summary>
    public bool MigrateEmbeddedStoreOnStart { get; set; } = true;

    /// <summary>Upper bound of every page the API returns.</summary>
    public int MaxPageSize { get; set; } = 100;

    public DatabaseProvider ResolveProvider() => DatabaseProviders.Resolve(Provider, ConnectionString);
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

public static class DatabaseProviders
{
    public static DatabaseProvider Resolve(string provider, string connectionString)
    {
        if (string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Sqlite;
        }

        if (string.Equals(provider, "PostgreSql", StringComparison.OrdinalIgnoreCase)
            || string.Equals(provider, "Npgsql", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.PostgreSql;
        }

        // Auto: an Npgsql connection string names a host; an SQLite one names a data source file.
        return connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            || connectionString.Contains("Server=", StringComparison.OrdinalIgnoreCase)
            || connectionString.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.PostgreSql
            : DatabaseProvider.Sqlite;
    }
}

/// <summary>Limits that protect the service. Environment: <c>Limits__*</c>.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Default time a request may take before it is cancelled (504).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests served at once by the whole instance; more wait in a queue, then get 503.</summary>
    public int ConcurrentRequests { get; set; } = 256;

    public int ConcurrencyQueue { get; set; } = 512;

    /// <summary>Per-client token bucket: burst size, refill and period; an empty bucket gives 429.</summary>
    public int ClientBurst { get; set; } = 100;

    public int ClientTokensPerPeriod { get; set; } = 50;

    public TimeSpan ClientReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Networks (CIDR, comma-separated) whose X-Forwarded-For is trusted, e.g. the ingress pods' range. Loopback is
    /// always trusted. Without it, behind a proxy every client would share the proxy's rate-limit bucket.
    /// </summary>
    public string TrustedProxyNetworks { get; set; } = "";

    public IReadOnlyList<System.Net.IPNetwork> ParseTrustedProxyNetworks() =>
        TrustedProxyNetworks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(System.Net.IPNetwork.Parse)
            .ToArray();
}

/// <summary>The outbound inventory service. Environment: <c>Inventory__*</c>.</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    public Uri BaseAddress { get; set; } = new("http://127.0.0.1:5081/");

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(6);

    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>Background expiry of abandoned orders. Environment: <c>Jobs__*</c>.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan ExpirePendingAfter { get; set; } = TimeSpan.FromMinutes(30);

    public int BatchSize { get; set; } = 500;
}

/// <summary>The hot product read. Environment: <c>Cache__ProductTtl</c>.</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    public TimeSpan ProductTtl { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Fail fast: every rule that a bad environment variable could break is checked before the host starts.</summary>
public sealed class ServiceOptionsValidator :
    IValidateOptions<ShutdownOptions>,
    IValidateOptions<DatabaseOptions>,
    IValidateOptions<LimitsOptions>,
    IValidateOptions<InventoryOptions>,
    IValidateOptions<JobOptions>,
    IValidateOptions<CacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        var errors = new List<string>();
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromSeconds(30))
        {
            errors.Add("Shutdown:Timeout must be above 0 and at most 30 seconds (it must fit the pod's termination grace period).");
        }

        if (options.DrainDelay < TimeSpan.Zero || options.DrainDelay >= options.Timeout)
        {
            errors.Add("Shutdown:DrainDelay must be at least 0 and below Shutdown:Timeout, or in-flight requests get no time to finish.");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add("ConnectionStrings:Orders is required.");
        }

        if (options.Provider is not ("Auto" or "Sqlite" or "PostgreSql" or "Npgsql"))
        {
            errors.Add("Database:Provider must be Auto, Sqlite or PostgreSql.");
        }

        if (options.MaxPageSize is < 1 or > 1000)
        {
            errors.Add("Database:MaxPageSize must be between 1 and 1000.");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var errors = new List<string>();
        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add("Limits:RequestTimeout must be above 0 and at most 2 minutes.");
        }

        if (options.ConcurrentRequests < 1 || options.ConcurrencyQueue < 0)
        {
            errors.Add("Limits:ConcurrentRequests must be at least 1 and Limits:ConcurrencyQueue at least 0.");
        }

        if (options.ClientBurst < 1 || options.ClientTokensPerPeriod < 1 || options.ClientReplenishmentPeriod <= TimeSpan.Zero)
        {
            errors.Add("Limits:ClientBurst and Limits:ClientTokensPerPeriod must be at least 1, Limits:ClientReplenishmentPeriod above 0.");
        }

        try
        {
            _ = options.ParseTrustedProxyNetworks();
        }
        catch (FormatException)
        {
            errors.Add("Limits:TrustedProxyNetworks must be a comma-separated list of CIDR networks (10.0.0.0/8,fd00::/8).");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, InventoryOptions options)
    {
        var errors = new List<string>();
        if (!options.BaseAddress.IsAbsoluteUri)
        {
            errors.Add("Inventory:BaseAddress must be an absolute URI.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.TotalTimeout <= options.AttemptTimeout)
        {
            errors.Add("Inventory:AttemptTimeout must be above 0 and below Inventory:TotalTimeout.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add("Inventory:MaxRetries must be between 0 and 10.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add("Inventory:RetryBaseDelay must be at least 0 and Inventory:BreakDuration at least 0.5 seconds.");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        return options.Interval < TimeSpan.FromSeconds(1) || options.BatchSize is < 1 or > 1000 || options.ExpirePendingAfter <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail("Jobs:Interval must be at least 1 second, Jobs:BatchSize between 1 and 1000, Jobs:ExpirePendingAfter above 0.")
            : ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, CacheOptions options)
    {
        return options.ProductTtl <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail("Cache:ProductTtl must be above 0.")
            : ValidateOptionsResult.Success;
    }

    private static ValidateOptionsResult Result(List<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}

public static class ServiceOptionsRegistration
{
    /// <summary>Binds every section and validates it when the host starts, so a bad value stops the process at once.</summary>
    public static IServiceCollection AddServiceOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ServiceOptionsValidator>();
        Add<ShutdownOptions>(services, configuration, ShutdownOptions.Section);
        Add<LimitsOptions>(services, configuration, LimitsOptions.Section);
        Add<InventoryOptions>(services, configuration, InventoryOptions.Section);
        Add<JobOptions>(services, configuration, JobOptions.Section);
        Add<CacheOptions>(services, configuration, CacheOptions.Section);
        Add<DatabaseOptions>(services, configuration, DatabaseOptions.Section)
            .Configure<IConfiguration>((options, config) =>
            {
                string? connectionString = config.GetConnectionString("Orders");
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    options.ConnectionString = connectionString;
                }
            });

        // The host's own shutdown budget follows Shutdown:Timeout. Bound from configuration directly (not through the
        // validated options) because the host reads HostOptions while it is built, before validation can report.
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, config) =>
        {
            ShutdownOptions shutdown = new();
            try
            {
                config.GetSection(ShutdownOptions.Section).Bind(shutdown);
            }
            catch (InvalidOperationException)
            {
                // Reported by StartupValidation with the other errors.
            }

            host.ShutdownTimeout = shutdown.Timeout;
        });
        return services;
    }

    private static OptionsBuilder<T> Add<T>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(sp => (IValidateOptions<T>)(object)sp.GetRequiredService<ServiceOptionsValidator>());
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }
}

public static class StartupValidation
{
    /// <summary>
    /// Reads every options type once so that all invalid settings are reported together, in one line each,
    /// before the server opens its port; the process then exits with code 2.
    /// </summary>
    public static IReadOnlyList<string> Validate(IServiceProvider services)
    {
        List<string> failures = [];
        Check<ShutdownOptions>(services, failures);
        Check<DatabaseOptions>(services, failures);
        Check<LimitsOptions>(services, failures);
        Check<InventoryOptions>(services, failures);
        Check<JobOptions>(services, failures);
        Check<CacheOptions>(services, failures);
        return failures;
    }

    private static void Check<T>(IServiceProvider services, List<string> failures)
        where T : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            failures.AddRange(ex.Failures);
        }
        catch (InvalidOperationException ex)
        {
            // A value that does not even convert (e.g. "abc" for a TimeSpan).
            failures.Add(typeof(T).Name + ": " + ex.Message);
        }
    }
}
