using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NoDowntime.Analyzers.Tests.Verification;

/// <summary>Which libraries a test source compiles against.</summary>
[Flags]
public enum ReferenceSet
{
    /// <summary>The running runtime's assemblies (always included).</summary>
    Net = 0,

    /// <summary>The ASP.NET Core shared framework.</summary>
    AspNetCore = 1,

    /// <summary>EF Core with its SQLite provider.</summary>
    EntityFrameworkCore = 2,

    /// <summary>The MongoDB driver stub with the v2.30 API surface.</summary>
    MongoV2 = 4,

    /// <summary>The MongoDB driver stub with the v3 API surface.</summary>
    MongoV3 = 8,

    /// <summary>xunit: makes the compilation a test project.</summary>
    Xunit = 16,

    /// <summary>
    /// The real MongoDB.Driver package (the version in Directory.Packages.props) with MongoDB.Bson: the analyzers
    /// must recognise the driver by its own metadata, which the stub only imitates.
    /// </summary>
    MongoPackage = 32,

    /// <summary>What an ordinary ASP.NET Core service with EF Core references.</summary>
    Default = AspNetCore | EntityFrameworkCore,
}

/// <summary>Metadata references, loaded once per test run.</summary>
public static class MetadataReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Runtime = new(() =>
        FromDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!));

    private static readonly Lazy<ImmutableArray<MetadataReference>> AspNetCore = new(() =>
        FromDirectory(Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!));

    private static readonly Lazy<ImmutableArray<MetadataReference>> EntityFrameworkCore = new(() =>
        FromFiles(Directory.GetFiles(AppContext.BaseDirectory, "*.dll").Where(path =>
        {
            string name = Path.GetFileName(path);
            return name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal);
        })));

    private static readonly Lazy<ImmutableArray<MetadataReference>> Xunit = new(() =>
        FromFiles(new[] { typeof(global::Xunit.FactAttribute).Assembly.Location, typeof(global::Xunit.Assert).Assembly.Location }));

    private static readonly Lazy<MetadataReference> MongoV2 = new(() => CompileMongoStub(v3: false));
    private static readonly Lazy<MetadataReference> MongoV3 = new(() => CompileMongoStub(v3: true));
    private static readonly Lazy<ImmutableArray<MetadataReference>> MongoPackage = new(() => FromFiles(
        new[] { "MongoDB.Driver.dll", "MongoDB.Bson.dll" }.Select(name =>
        {
            string path = Path.Combine(AppContext.BaseDirectory, name);
            return File.Exists(path)
                ? path
                : throw new VerificationException($"{name} is not beside the tests: the MongoDB.Driver package reference is missing from this project.");
        })));

    public static ImmutableArray<MetadataReference> For(ReferenceSet set)
    {
        int mongoFlavours = ((set & ReferenceSet.MongoV2) != 0 ? 1 : 0) + ((set & ReferenceSet.MongoV3) != 0 ? 1 : 0) + ((set & ReferenceSet.MongoPackage) != 0 ? 1 : 0);
        if (mongoFlavours > 1)
        {
            throw new VerificationException("A test compiles against one MongoDB driver flavour, not both.");
        }

        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        references.AddRange(Runtime.Value);
        if ((set & ReferenceSet.AspNetCore) != 0) references.AddRange(AspNetCore.Value);
        if ((set & ReferenceSet.EntityFrameworkCore) != 0) references.AddRange(EntityFrameworkCore.Value);
        if ((set & ReferenceSet.MongoV2) != 0) references.Add(MongoV2.Value);
        if ((set & ReferenceSet.MongoV3) != 0) references.Add(MongoV3.Value);
        if ((set & ReferenceSet.MongoPackage) != 0) references.AddRange(MongoPackage.Value);
        if ((set & ReferenceSet.Xunit) != 0) references.AddRange(Xunit.Value);
        return references.ToImmutable();
    }

    private static ImmutableArray<MetadataReference> FromDirectory(string directory) =>
        FromFiles(Directory.GetFiles(directory, "*.dll"));

    private static ImmutableArray<MetadataReference> FromFiles(IEnumerable<string> paths) =>
        paths.OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();

    /// <summary>
    /// Builds the driver stub into an in-memory assembly named like the real one, so analyzers see the same
    /// metadata names they meet in a user's build.
    /// </summary>
    private static MetadataReference CompileMongoStub(bool v3)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "MongoDriverStub");
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: v3 ? new[] { "MONGO_V3" } : Array.Empty<string>());
        var trees = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), parseOptions, p));
        var compilation = CSharpCompilation.Create(
            "MongoDB.Driver",
            trees,
            Runtime.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20);
            throw new VerificationException("The MongoDB driver stub does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
