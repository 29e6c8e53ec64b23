using Microsoft.EntityFrameworkCore;
using MongoDB.Driver;
using Workers;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddDbContext<OutboxDb>(o => o.UseSqlite(builder.Configuration.GetConnectionString("Outbox")));
builder.Services.AddSingleton<IMongoClient>(_ => new MongoClient(builder.Configuration["Mongo:Url"] ?? "mongodb://localhost"));
builder.Services.AddSingleton<EventStore>();
builder.Services.AddSingleton<WorkQueue>();
builder.Services.AddSingleton<ReportRenderer>();
builder.Services.AddHostedService<OutboxPublisher>();
builder.Services.AddHostedService<QueueConsumer>();
builder.Services.AddHostedService<CacheWarmer>();
builder.Services.AddHostedService<HeartbeatService>();
builder.Services.AddHostedService<ProjectionRebuilder>();

IHost host = builder.Build();

using (var scope = host.Services.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<OutboxDb>().Database.EnsureCreated(); // trap: start-up
    var events = scope.ServiceProvider.GetRequiredService<EventStore>();
    events.EnsureIndexesAsync(CancellationToken.None).GetAwaiter().GetResult(); // trap: start-up, before Run()
}

host.Run();
