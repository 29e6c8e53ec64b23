using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using NoDowntime.SampleService.Configuration;
using NoDowntime.SampleService.Locking;
using Npgsql;

namespace NoDowntime.SampleService.Data;

public static class DatabaseSetup
{
    /// <summary>One pooled context type for both providers; the provider follows the connection string.</summary>
    public static IServiceCollection AddOrdersDatabase(this IServiceCollection services)
    {
        services.AddDbContextPool<OrdersDbContext>((sp, builder) =>
            Configure(builder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));

        // PostgreSQL gets one data source (its own connection pool) for advisory locks; SQLite, a local lock.
        services.AddSingleton<IDistributedLockProvider>(sp =>
        {
            DatabaseOptions options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return options.ResolveProvider() == DatabaseProvider.PostgreSql
                ? new PostgresAdvisoryLockProvider(NpgsqlDataSource.Create(options.ConnectionString))
                : new InProcessLockProvider();
        });
        return services;
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        if (options.ResolveProvider() == DatabaseProvider.PostgreSql)
        {
            builder.UseNpgsql(options.ConnectionString, npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 3));
        }
        else
        {
            builder.UseSqlite(options.ConnectionString);
        }

        // Reads never track: the API projects into records and writes through explicit Add / ExecuteUpdate.
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        // The migration is hand-written for both providers and has no provider-specific model snapshot.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>The <c>migrate</c> command: applies pending migrations and exits. Run once per release, before the roll-out.</summary>
    public static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        ILogger logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("NoDowntime.SampleService.Migrations");
        OrdersDbContext db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        IEnumerable<string> pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
        string[] names = pending.ToArray();
        logger.LogInformation("Applying {Count} migration(s): {Migrations}", names.Length, string.Join(", ", names));
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database is up to date");
        return 0;
    }

    /// <summary>The embedded SQLite store belongs to this one process, so it may be created at start (see README).</summary>
    public static async Task PrepareEmbeddedStoreAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        DatabaseOptions options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.ResolveProvider() != DatabaseProvider.Sqlite || !options.MigrateEmbeddedStoreOnStart)
        {
            return;
        }

        await using AsyncServiceScope scope = services.CreateAsyncScope();
        OrdersDbContext db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
