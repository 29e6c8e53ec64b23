using System.Collections.Concurrent;
using Npgsql;

namespace NoDowntime.SampleService.Locking;

/// <summary>A lock that at most one instance of the service holds at a time.</summary>
public interface IDistributedLockProvider
{
    /// <summary>Returns a handle when the lock was free (dispose it to release), or null when another holder has it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>
/// PostgreSQL session advisory lock: held by one connection, released by <c>pg_advisory_unlock</c> or, if the
/// process dies, by the server when the connection drops, so a crashed instance never keeps the lock.
/// </summary>
public sealed class PostgresAdvisoryLockProvider(NpgsqlDataSource dataSource) : IDistributedLockProvider, IAsyncDisposable
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        long key = LockKeys.For(name);
        NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using NpgsqlCommand command = new("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            object? acquired = await command.ExecuteScalarAsync(cancellationToken);
            if (acquired is true)
            {
                return new Handle(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private sealed class Handle(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using NpgsqlCommand command = new("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                // Release must happen even while the host is stopping: no caller token here, a short own timeout.
                using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(5));
                await command.ExecuteScalarAsync(timeout.Token);
            }
            finally
            {
                // Closing the session releases the lock too, should the unlock above have failed.
                await connection.DisposeAsync();
            }
        }
    }
}

/// <summary>The embedded store serves one process: a local, non-blocking lock is enough.</summary>
public sealed class InProcessLockProvider : IDistributedLockProvider
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(TimeSpan.Zero, cancellationToken) ? new Handle(gate) : null;
    }

    private sealed class Handle(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}

public static class LockKeys
{
    /// <summary>A stable 64-bit key for a lock name (FNV-1a), the same in every instance and every release.</summary>
    public static long For(string name)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        ulong hash = offset;
        foreach (char c in name)
        {
            hash ^= c;
            hash *= prime;
        }

        return unchecked((long)hash);
    }
}
