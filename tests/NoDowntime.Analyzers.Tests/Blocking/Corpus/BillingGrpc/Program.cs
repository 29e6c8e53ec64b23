using Billing;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllers();
builder.Services.AddSingleton<MediatR.IMediator, InProcessMediator>();
builder.Services.AddSingleton<Ledger>();
builder.Services.AddSingleton<FxRates>();
builder.Services.AddHttpClient<FxRates>();
builder.Services.AddScoped<MediatR.IRequestHandler<GetInvoiceQuery, InvoiceDto?>, GetInvoiceHandler>();
builder.Services.AddScoped<MediatR.IRequestHandler<RecordPaymentCommand, bool>, RecordPaymentHandler>();
builder.Services.AddScoped<MediatR.INotificationHandler<InvoicePaid>, SendReceiptHandler>();

var app = builder.Build();

var ledger = app.Services.GetRequiredService<Ledger>();
ledger.CreateSchema(); // trap: start-up

app.MapControllers();
app.Run();
