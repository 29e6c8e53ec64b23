using Microsoft.EntityFrameworkCore;

namespace NoDowntime.Violations;

/// <summary>ND3: a loop that never looks at its stopping token, so shutdown waits for it until killed.</summary>
public sealed class NightlyCleanup(IServiceScopeFactory scopes) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            using IServiceScope scope = scopes.CreateScope();
            ShopContext db = scope.ServiceProvider.GetRequiredService<ShopContext>();
            List<Customer> all = await db.Customers.ToListAsync(CancellationToken.None);
            foreach (Customer customer in all.Where(c => c.Email.Length == 0))
            {
                db.Customers.Remove(customer);
            }

            await db.SaveChangesAsync();
            await Task.Delay(TimeSpan.FromHours(1));
        }
    }
}
