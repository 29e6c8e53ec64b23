using System.Security.Cryptography;
using System.Text;

namespace Documents;

public sealed record DocumentInfo(string Name, long Length, DateTime ModifiedAt);

public sealed class DocumentStore
{
    private readonly string _root;
    private readonly string _quarantine;
    private readonly VirusScanner _scanner;
    private long _uploads;

    public DocumentStore(IConfiguration configuration, VirusScanner scanner)
    {
        _root = configuration["Documents:Root"] ?? Path.Combine(Path.GetTempPath(), "documents"); // trap
        _quarantine = Path.Combine(_root, ".quarantine"); // trap
        _scanner = scanner;
    }

    public void EnsureFolders()
    {
        Directory.CreateDirectory(_root); // trap
        Directory.CreateDirectory(_quarantine); // trap
        File.WriteAllText(Path.Combine(_root, "notice.txt"), "Uploads are scanned before they are shared."); // trap: start-up only
    }

    public IReadOnlyList<DocumentInfo> List() =>
        new DirectoryInfo(_root).EnumerateFiles() // trap
            .Select(f => new DocumentInfo(f.Name, f.Length, f.LastWriteTimeUtc)) // trap: FileInfo properties
            .OrderByDescending(d => d.ModifiedAt)
            .ToList(); // trap: in-memory

    public string? ReadNotice()
    {
        string path = Path.Combine(_root, "notice.txt");
        return File.Exists(path) ? File.ReadAllText(path) : null; // expect ND1
    }

    public bool Exists(string name) => File.Exists(PathFor(name)); // trap

    public async Task SaveAsync(IFormFile upload, CancellationToken ct)
    {
        string target = PathFor(upload.FileName);
        await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await upload.CopyToAsync(output, ct);
        }

        Interlocked.Increment(ref _uploads); // trap
        if (!_scanner.IsClean(target))
        {
            File.Move(target, Path.Combine(_quarantine, Path.GetFileName(target)), overwrite: true); // trap: no async counterpart
        }
    }

    public void Save(IFormFile upload)
    {
        string target = PathFor(upload.FileName);
        using var output = File.Create(target); // trap: creating the file
        upload.CopyTo(output); // expect ND1
        output.Flush(); // expect ND1
    }

    public void Delete(string name)
    {
        string path = PathFor(name);
        if (File.Exists(path)) // trap
        {
            File.Delete(path); // trap
        }
    }

    public string Checksum(string name)
    {
        using FileStream stream = File.OpenRead(PathFor(name)); // trap
        byte[] hash = SHA256.HashData(stream); // expect ND1
        return Convert.ToHexString(hash);
    }

    public async Task<string> PreviewAsync(string name, int maxBytes)
    {
        await using FileStream stream = File.OpenRead(PathFor(name));
        byte[] buffer = new byte[maxBytes];
        int read = stream.Read(buffer, 0, buffer.Length); // expect ND1
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    public string ReadText(string name)
    {
        using var reader = new StreamReader(File.OpenRead(PathFor(name)));
        return reader.ReadToEnd(); // expect ND1
    }

    public DocumentInfo? ReadManifest(string name)
    {
        var serializer = new System.Xml.Serialization.XmlSerializer(typeof(DocumentInfo));
        using FileStream stream = File.OpenRead(PathFor(name + ".xml"));
        return serializer.Deserialize(stream) as DocumentInfo; // trap: XmlSerializer has no async counterpart
    }

    public string UploadTerms()
    {
        using Stream resource = typeof(DocumentStore).Assembly.GetManifestResourceStream("Documents.terms.txt")
            ?? throw new InvalidOperationException("The terms resource is missing.");
        using var reader = new StreamReader(resource);
        return reader.ReadToEnd(); // trap: an embedded resource is mapped in memory
    }

    public string Sniff(IFormFile upload)
    {
        using Stream content = upload.OpenReadStream(); // trap: opening the buffered upload
        var header = new byte[8];
        int read = content.Read(header, 0, header.Length); // expect ND1: large uploads are buffered to disk
        return read >= 4 && header[0] == 0x25 && header[1] == 0x50 ? "application/pdf" : "application/octet-stream";
    }

    public Stream OpenRead(string name) => File.OpenRead(PathFor(name)); // trap

    public byte[] ReadAll(string name) => File.ReadAllBytes(PathFor(name)); // expect ND1

    public string PathFor(string name) => Path.Combine(_root, Path.GetFileName(name)); // trap
}

public sealed class VirusScanner
{
    private static readonly byte[] Signature = Encoding.ASCII.GetBytes("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR");

    public bool IsClean(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        var buffer = new byte[4096];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) // expect ND1
        {
            if (buffer.AsSpan(0, read).IndexOf(Signature) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    public bool IsCleanBytes(byte[] content)
    {
        using var memory = new MemoryStream(content);
        var buffer = new byte[4096];
        while (memory.Read(buffer, 0, buffer.Length) > 0) // trap: MemoryStream
        {
            if (buffer.AsSpan().IndexOf(Signature) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
