using System;
using System.IO;

namespace NoDowntime.Analyzers.Tests.Package;

/// <summary>Paths inside the repository the tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NoDowntime.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run inside the repository: NoDowntime.Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
