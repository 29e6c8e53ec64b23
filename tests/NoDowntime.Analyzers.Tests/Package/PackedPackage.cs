using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Package;

/// <summary>
/// Packs the product once per test run into a private feed, under a version no other run uses, and removes
/// that version from the NuGet cache afterwards.
/// </summary>
public sealed class PackedPackage : IAsyncLifetime
{
    public string Version { get; } = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "nodowntime-consumer-" + Guid.NewGuid().ToString("N"));

    public string Feed => Path.Combine(WorkDirectory, "feed");

    public string PackagePath => Path.Combine(Feed, $"NoDowntime.Analyzers.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var pack = await DotNet.RunAsync(
            Repository.Root, "pack", Repository.PathOf("src", "Package", "NoDowntime.Analyzers.Package.csproj"),
            "-c", "Release", "-o", Feed, $"-p:Version={Version}", "-nodeReuse:false").ConfigureAwait(false);
        Assert.True(pack.ExitCode == 0 && File.Exists(PackagePath), pack.ToString());
    }

    public Task DisposeAsync()
    {
        TryDelete(WorkDirectory);
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        TryDelete(Path.Combine(cache, "nodowntime.analyzers", Version));
        return Task.CompletedTask;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "Packed package";
}
