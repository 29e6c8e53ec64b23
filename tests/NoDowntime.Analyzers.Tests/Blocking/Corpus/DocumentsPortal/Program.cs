using Documents;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorPages();
builder.Services.AddSingleton<DocumentStore>();
builder.Services.AddSingleton<VirusScanner>();

var app = builder.Build();

var store = app.Services.GetRequiredService<DocumentStore>();
store.EnsureFolders(); // trap: start-up

app.MapRazorPages();
app.MapDocumentDownloads();
app.Run();
