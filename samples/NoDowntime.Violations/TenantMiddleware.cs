namespace NoDowntime.Violations;

/// <summary>ND1 + ND4 in middleware: every request blocks on a file read and writes a static field.</summary>
public sealed class TenantMiddleware(RequestDelegate next)
{
    private static string? _lastTenant;

    public async Task InvokeAsync(HttpContext context)
    {
        string tenant = context.Request.Headers["X-Tenant"].ToString();
        if (tenant.Length == 0)
        {
            tenant = File.ReadAllText("default-tenant.txt").Trim();
        }

        _lastTenant = tenant;
        context.Items["tenant"] = _lastTenant;
        await next(context);
    }
}
