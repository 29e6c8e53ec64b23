using System.Threading.Tasks;
using Xunit;
using Verify = NoDowntime.Analyzers.Tests.Verification.AnalyzerVerifier<NoDowntime.Analyzers.Blocking.BlockingCallAnalyzer>;

namespace NoDowntime.Analyzers.Tests.Blocking;

public class SynchronousIoTests
{
    [Fact]
    public Task Flags_file_and_stream_io_in_an_action() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class FilesController : ControllerBase
        {
            [HttpGet("/files/{name}")]
            public string Read(string name)
            {
                var text = {|#0:System.IO.File.ReadAllText(name)|};
                using var stream = new FileStream(name, FileMode.Open);
                var buffer = new byte[10];
                {|ND1003:stream.Read(buffer, 0, buffer.Length)|};
                {|ND1003:stream.Read(buffer.AsSpan())|};
                using var reader = new StreamReader(stream);
                var rest = {|ND1003:reader.ReadToEnd()|};
                using var body = new StreamReader(Request.Body);
                var line = {|ND1003:body.ReadLine()|};
                {|ND1003:Request.Body.CopyTo(stream)|};
                return text + rest + line;
            }
        }
        """,
        Verify.Diagnostic(Rules.SynchronousIo).WithLocation(0)
            .WithArguments("File.ReadAllText", "on GET /files/{name}", "use 'await File.ReadAllTextAsync' instead"));

    [Fact]
    public Task Flags_network_io_HttpClient_Send_and_Dns() => Verify.VerifyAsync(
        """
        using System.Net;

        [Microsoft.AspNetCore.Mvc.Controller]
        public class Proxy
        {
            public async Task<string> ForwardAsync(HttpClient client, HttpRequestMessage request)
            {
                await Task.Yield();
                using var response = {|ND1003:client.Send(request)|};
                var entry = {|ND1003:Dns.GetHostEntry("example.com")|};
                using var stream = {|ND1003:response.Content.ReadAsStream()|};
                return entry.HostName;
            }
        }
        """);

    [Fact]
    public Task Flags_ADO_NET_calls() => Verify.VerifyAsync(
        """
        using System.Data;
        using System.Data.Common;

        [Microsoft.AspNetCore.Mvc.Controller]
        public class Repository
        {
            public async Task<int> CountAsync(DbConnection connection, IDbConnection legacy)
            {
                await Task.Yield();
                {|ND1003:connection.Open()|};
                using var command = connection.CreateCommand();
                command.CommandText = "select count(*) from orders";
                var count = (int)({|ND1003:command.ExecuteScalar()|} ?? 0);
                {|ND1003:command.ExecuteNonQuery()|};
                using var reader = {|ND1003:command.ExecuteReader()|};
                while ({|ND1003:reader.Read()|})
                {
                    if (!reader.IsDBNull(0)) count += reader.GetFieldValue<int>(0);
                }

                {|#0:legacy.Open()|};
                return count;
            }
        }
        """,
        Verify.Diagnostic(Rules.SynchronousIo).WithLocation(0)
            .WithArguments("IDbConnection.Open", "on Repository.CountAsync", "use 'await OpenAsync' on a DbConnection / DbCommand instead"));

    [Fact]
    public Task Flags_EF_Core_queries_and_SaveChanges_but_not_Add() => Verify.VerifyAsync(
        """
        using Microsoft.EntityFrameworkCore;

        public class Order { public int Id { get; set; } public bool Open { get; set; } }

        public class ShopContext : DbContext
        {
            public DbSet<Order> Orders => Set<Order>();
        }

        public class OrdersEndpoint
        {
            public static void Map(WebApplication app) =>
                app.MapPost("/orders", (ShopContext db) =>
                {
                    var open = {|#0:db.Orders.Where(o => o.Open).ToList()|};
                    var any = {|ND1003:db.Orders.Any()|};
                    var first = {|ND1003:db.Orders.First(o => o.Id == 1)|};
                    var count = {|ND1003:db.Orders.Count()|};
                    var found = {|ND1003:db.Orders.Find(1)|};
                    db.Orders.Add(new Order());
                    db.AddRange(new Order());
                    {|ND1003:db.SaveChanges()|};
                    var inMemory = new List<Order>().AsQueryable().Where(o => o.Open).ToList();
                    var list = open.Where(o => o.Open).ToList();
                    return open.Count + count;
                });
        }
        """,
        Verify.Diagnostic(Rules.SynchronousIo).WithLocation(0)
            .WithArguments("IQueryable.ToList", "on POST /orders", "use 'await ToListAsync' instead"));

    [Fact]
    public Task Flags_synchronous_foreach_over_an_EF_Core_query_but_not_over_a_list() => Verify.VerifyAsync(
        """
        using Microsoft.EntityFrameworkCore;

        public class Order { public bool Open { get; set; } }

        public class ShopContext : DbContext { public DbSet<Order> Orders => Set<Order>(); }

        [Microsoft.AspNetCore.Mvc.Controller]
        public class Reporter
        {
            public async Task<int> CountAsync(ShopContext db, List<Order> cached)
            {
                await Task.Yield();
                int n = 0;
                foreach (var order in {|#0:db.Orders.Where(o => o.Open)|}) n++;
                foreach (var order in cached) n++;
                foreach (var order in cached.AsQueryable()) n++;
                await foreach (var order in db.Orders.AsAsyncEnumerable()) n++;
                return n;
            }
        }
        """,
        Verify.Diagnostic(Rules.SynchronousIo).WithLocation(0)
            .WithArguments("foreach over IQueryable", "on Reporter.CountAsync", "use 'await foreach' over AsAsyncEnumerable() or 'await ToListAsync' instead"));

    [Fact]
    public Task Detects_async_counterparts_of_any_library_generally() => Verify.VerifyAsync(
        """
        using Microsoft.Extensions.Caching.Distributed;

        [Microsoft.AspNetCore.Mvc.Controller]
        public class CacheReader
        {
            public async Task<byte[]?> ReadAsync(IDistributedCache cache)
            {
                await Task.Yield();
                {|ND1003:cache.Refresh("k")|};
                return {|ND1003:cache.Get("k")|};
            }
        }
        """);

    [Fact]
    public Task Leaves_in_memory_streams_readers_and_APIs_without_async_counterparts_alone() => Verify.VerifyAsync(
        """
        using System.Text;
        using System.Text.Json;
        using Microsoft.AspNetCore.Mvc;

        public class FormatController : ControllerBase
        {
            public string Format(string path)
            {
                using var memory = new MemoryStream();
                memory.Write(new byte[] { 1 }, 0, 1);
                memory.Position = 0;
                memory.Read(new byte[1], 0, 1);
                using var reader = new StreamReader(memory);
                var text = reader.ReadToEnd();
                using var inline = new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes("x")));
                text += inline.ReadToEnd();
                var sr = new StringReader("a\nb");
                text += sr.ReadLine();
                var sw = new StringWriter();
                sw.Write(text);
                sw.Flush();
                var doc = JsonSerializer.Deserialize<int[]>(new MemoryStream(Encoding.UTF8.GetBytes("[1]")));
                using var cts = new CancellationTokenSource();
                cts.Cancel();
                Console.WriteLine(text);
                Console.Out.WriteLine(text);
                var exists = System.IO.File.Exists(path);
                var combined = Path.Combine(path, "x");
                using var scope = HttpContext.RequestServices.CreateScope();
                return text + exists + combined + doc?.Length;
            }
        }
        """);

    [Fact]
    public Task Leaves_io_in_unreachable_helpers_and_start_up_alone() => Verify.VerifyAsync(
        """
        var config = File.ReadAllText("appsettings.json");
        var app = WebApplication.Create(args);
        app.Run();

        public static class Tools
        {
            public static string Load(string path) => File.ReadAllText(path);
        }
        """);

    [Fact]
    public Task Flags_io_in_a_helper_reached_through_a_route_group_with_the_path() => Verify.VerifyAsync(
        """
        var app = WebApplication.Create(args);
        var reports = app.MapGroup("/reports");
        reports.MapGet("/{name}", (string name) => ReportStore.Load(name));
        app.Run();

        public static class ReportStore
        {
            public static string Load(string name) => {|#0:File.ReadAllText(name)|};
        }
        """,
        Verify.Diagnostic(Rules.SynchronousIoOnPath).WithLocation(0)
            .WithArguments("File.ReadAllText", "GET /reports/{name} via ReportStore.Load", "use 'await File.ReadAllTextAsync' instead"));

    [Fact]
    public Task Flags_File_ReadLines_whose_counterpart_streams_with_IAsyncEnumerable() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class LogsController : ControllerBase
        {
            [HttpGet("/logs/{name}")]
            public int Count(string name)
            {
                int count = 0;
                foreach (var line in {|#0:System.IO.File.ReadLines(name)|})
                {
                    count += line.Length;
                }

                return count;
            }
        }
        """,
        Verify.Diagnostic(Rules.SynchronousIo).WithLocation(0)
            .WithArguments("File.ReadLines", "on GET /logs/{name}", "use 'await foreach' over 'File.ReadLinesAsync' instead"));

    [Fact]
    public Task Leaves_writers_held_as_TextWriter_over_a_StringWriter_alone() => Verify.VerifyAsync(
        """
        using System.Globalization;
        using System.Text;
        using Microsoft.AspNetCore.Mvc;

        public class ExportController : ControllerBase
        {
            [HttpGet("/export")]
            public string Export(IEnumerable<string> names)
            {
                var csv = new StringBuilder();
                using TextWriter writer = new StringWriter(csv, CultureInfo.InvariantCulture);
                writer.WriteLine("name");
                foreach (var name in names)
                {
                    writer.WriteLine(name);
                }

                writer.Flush();
                TextReader reader = new StringReader(csv.ToString());
                return reader.ReadToEnd();
            }

            [HttpPost("/export")]
            public void Write(string text)
            {
                TextWriter writer = new StreamWriter(Response.Body);
                {|ND1003:writer.Write(text)|};
            }
        }
        """);

    [Fact]
    public Task Leaves_archives_and_compression_streams_over_a_MemoryStream_alone() => Verify.VerifyAsync(
        """
        using System.IO.Compression;
        using Microsoft.AspNetCore.Mvc;

        public class BundleController : ControllerBase
        {
            [HttpGet("/bundle")]
            public async Task<byte[]> Bundle(string[] names, string path)
            {
                using var buffer = new MemoryStream();
                using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var name in names)
                    {
                        var entry = zip.CreateEntry(name);
                        using Stream target = entry.Open();
                        using Stream source = System.IO.File.OpenRead(Path.Combine(path, name));
                        {|ND1003:source.CopyTo(target)|};
                    }
                }

                using var packed = new MemoryStream();
                using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gzip.Write(buffer.ToArray());
                }

                using var archive = new ZipArchive(System.IO.File.OpenRead(path));
                using Stream first = {|ND1003:archive.Entries[0].Open()|};
                await Task.Yield();
                return packed.ToArray();
            }
        }
        """);

    [Fact]
    public Task Flags_materializing_an_EF_Core_query_after_AsEnumerable_but_not_in_memory_sequences() => Verify.VerifyAsync(
        """
        using Microsoft.EntityFrameworkCore;

        public class Item { public string Name { get; set; } = ""; public bool Active { get; set; } }

        public class StockContext : DbContext { public DbSet<Item> Items => Set<Item>(); }

        public class SearchEndpoint
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/items", (StockContext db, string text, List<Item> cached) =>
                {
                    var found = {|#0:db.Items.Where(i => i.Active).AsEnumerable().Where(i => i.Name.Contains(text)).Take(50).ToList()|};
                    var any = {|ND1003:db.Items.AsEnumerable().Any(i => i.Name == text)|};
                    var local = cached.AsEnumerable().Where(i => i.Active).ToList();
                    var fake = cached.AsQueryable().AsEnumerable().Count();
                    return found.Count + local.Count + fake + (any ? 1 : 0);
                });
        }
        """,
        Verify.Diagnostic(Rules.SynchronousIo).WithLocation(0)
            .WithArguments("IEnumerable.ToList", "on GET /items", "use 'await foreach' over 'AsAsyncEnumerable' instead"));

    [Fact]
    public Task Flags_older_APIs_whose_awaitable_form_has_a_TaskAsync_or_type_named_suffix() => Verify.VerifyAsync(
        """
        using System.Net;
        using System.Net.NetworkInformation;

        public static class Probes
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/ping", () =>
                {
                    using var ping = new Ping();
                    return {|#0:ping.Send("db", 1000)|}.Status.ToString();
                });

        #pragma warning disable SYSLIB0014
                app.MapGet("/legacy", () => {|ND1003:new WebClient().DownloadString("http://legacy")|});
        #pragma warning restore SYSLIB0014
            }
        }
        """,
        Verify.Diagnostic(Rules.SynchronousIo).WithLocation(0)
            .WithArguments("Ping.Send", "on GET /ping", "use 'await SendPingAsync' instead"));

    [Fact]
    public Task Flags_reading_Request_Form_before_the_form_was_read_asynchronously() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public static class Uploads
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/sync", (HttpRequest request) => {|#0:request.Form|}.Files.Count);
                app.MapPost("/async", async (HttpRequest request) =>
                {
                    await request.ReadFormAsync();
                    return request.Form.Files.Count;
                });
                app.MapPost("/bound", (HttpRequest request, IFormFile file) => request.Form.Files.Count + file.Length);
            }
        }

        public class FormsController : ControllerBase
        {
            [HttpPost("/forms")]
            public int Post() => {|ND1003:Request.Form|}.Count;

            [HttpPost("/forms/bound")]
            public int Bound([FromForm] string name) => Request.Form.Count + name.Length;
        }
        """,
        Verify.Diagnostic(Rules.SynchronousIo).WithLocation(0)
            .WithArguments("HttpRequest.Form", "on POST /sync", "use 'await Request.ReadFormAsync' instead"));

    [Fact]
    public Task Leaves_readers_over_an_embedded_resource_alone() => Verify.VerifyAsync(
        """
        public static class Terms
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/terms", () =>
                {
                    using Stream resource = typeof(Terms).Assembly.GetManifestResourceStream("terms.txt")
                        ?? throw new InvalidOperationException("missing");
                    using var reader = new StreamReader(resource);
                    using var direct = new StreamReader(typeof(Terms).Assembly.GetManifestResourceStream("other.txt")!);
                    using var file = new StreamReader(System.IO.File.OpenRead("terms.txt"));
                    return reader.ReadToEnd() + direct.ReadToEnd() + {|ND1003:file.ReadToEnd()|};
                });
        }
        """);

    [Fact]
    public Task Leaves_Request_Form_alone_where_MVC_or_Razor_Pages_already_read_the_form() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        public class ProfileController : Controller
        {
            [HttpPost("/profile")]
            public IActionResult Save(int id) => Ok(Request.Form["name"].ToString() + id);

            [HttpPost("/profile/checked")]
            [ValidateAntiForgeryToken]
            public IActionResult Checked() => Ok(Request.Form.Count);

            [HttpPost("/profile/raw")]
            public IActionResult Raw(CancellationToken token) => Ok({|ND1003:Request.Form|}.Count);
        }

        public class ContactModel : PageModel
        {
            public void OnPost() => ViewData["name"] = Request.Form["name"].ToString();
        }
        """);
}
