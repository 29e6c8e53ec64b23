using System.IO.Compression;

namespace Documents;

public static class DownloadEndpoints
{
    public static void MapDocumentDownloads(this WebApplication app)
    {
        var downloads = app.MapGroup("/files");

        downloads.MapGet("/{name}", (string name, DocumentStore store) =>
            store.Exists(name) ? Results.File(store.PathFor(name), "application/octet-stream") : Results.NotFound()); // trap: the server streams the file

        downloads.MapGet("/{name}/raw", async (string name, DocumentStore store, HttpContext context) =>
        {
            await using Stream source = store.OpenRead(name);
            context.Response.ContentType = "application/octet-stream";
            source.CopyTo(context.Response.Body); // expect ND1
        });

        downloads.MapGet("/{name}/base64", (string name, DocumentStore store) =>
            Results.Text(Convert.ToBase64String(store.ReadAll(name))));

        downloads.MapGet("/{name}/scan", (string name, DocumentStore store, VirusScanner scanner) =>
        {
            byte[] content = store.ReadAll(name);
            return scanner.IsCleanBytes(content) ? Results.Ok("clean") : Results.Ok("infected");
        });

        downloads.MapGet("/{name}/text", (string name, DocumentStore store) => Results.Text(store.ReadText(name)));

        downloads.MapGet("/{name}/manifest", (string name, DocumentStore store) =>
            store.ReadManifest(name) is { } manifest ? Results.Ok(manifest) : Results.NotFound());

        downloads.MapGet("/bundle.zip", BundleAsync);
    }

    private static async Task BundleAsync(HttpContext context, DocumentStore store, string[] names)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (string name in names)
            {
                ZipArchiveEntry entry = zip.CreateEntry(Path.GetFileName(name)); // trap
                using Stream entryStream = entry.Open();
                using Stream source = store.OpenRead(name);
                source.CopyTo(entryStream); // expect ND1
            }
        }

        buffer.Position = 0;
        context.Response.ContentType = "application/zip";
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
