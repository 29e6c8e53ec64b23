using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NoDowntime.Analyzers.Benchmarks.Measurement;

/// <summary>One shipped analyzer, with the family its diagnostic IDs belong to ("ND1", "ND2", ...).</summary>
public sealed record AnalyzerInfo(DiagnosticAnalyzer Analyzer, string Name, string Family, ImmutableArray<string> Ids);

/// <summary>
/// Finds every analyzer in the NoDowntime.Analyzers assembly by reflection, so the measurements cover whatever rules
/// the assembly holds today: every non-abstract <see cref="DiagnosticAnalyzer"/> with a parameterless constructor,
/// grouped into families by the first three characters of its supported diagnostic IDs.
/// </summary>
public static class AnalyzerCatalog
{
    public static Assembly AnalyzerAssembly => typeof(NoDowntime.Analyzers.Common.TestProjects).Assembly;

    public static IReadOnlyList<AnalyzerInfo> Discover() => Discover(AnalyzerAssembly, familyOverride: null);

    /// <summary>
    /// Analyzers of another package (for an in-process comparison): every C# analyzer of every assembly in a folder,
    /// all in one family named after the folder's package.
    /// </summary>
    public static IReadOnlyList<AnalyzerInfo> DiscoverPeer(string path, string family)
    {
        string[] files = Directory.Exists(path) ? Directory.GetFiles(path, "*.dll") : new[] { path };
        var context = new PeerLoadContext(Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!);
        var found = new List<AnalyzerInfo>();
        foreach (string file in files.OrderBy(f => f, StringComparer.Ordinal))
        {
            Assembly assembly;
            try
            {
                assembly = context.LoadFromAssemblyPath(Path.GetFullPath(file));
            }
            catch (BadImageFormatException)
            {
                continue;
            }

            found.AddRange(Discover(assembly, family).Where(a => IsCSharpAnalyzer(a.Analyzer.GetType())));
        }

        return found;
    }

    /// <summary>
    /// A peer folder's assemblies, loaded apart from the host's: a NoDowntime build of another commit has the same
    /// assembly name as the one the benchmarks reference, and Assembly.LoadFrom would hand back the host's copy.
    /// The compiler's assemblies are shared with the host, as the compiler shares them with analyzers.
    /// </summary>
    private sealed class PeerLoadContext : AssemblyLoadContext
    {
        private readonly string folder;

        public PeerLoadContext(string folder)
            : base("peer " + folder) => this.folder = folder;

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is { } simple && !simple.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            {
                string candidate = Path.Combine(folder, simple + ".dll");
                if (File.Exists(candidate))
                {
                    return LoadFromAssemblyPath(candidate);
                }
            }

            return null;
        }
    }

    private static bool IsCSharpAnalyzer(Type type) =>
        type.GetCustomAttributes<DiagnosticAnalyzerAttribute>(inherit: false).Any(a => a.Languages.Contains(Microsoft.CodeAnalysis.LanguageNames.CSharp));

    private static IReadOnlyList<AnalyzerInfo> Discover(Assembly assembly, string? familyOverride)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            types = exception.Types.Where(t => t is not null).ToArray()!;
        }

        var found = new List<AnalyzerInfo>();
        foreach (Type type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.IsAbstract || type.IsGenericTypeDefinition || !typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                || type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, binder: null, Type.EmptyTypes, modifiers: null) is null)
            {
                continue;
            }

            DiagnosticAnalyzer analyzer;
            try
            {
                analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type, nonPublic: true)!;
            }
            catch (TargetInvocationException) when (familyOverride is not null)
            {
                continue;
            }

            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToImmutableArray();
            string family = familyOverride ?? FamilyOf(ids);
            found.Add(new AnalyzerInfo(analyzer, type.Name, family, ids));
        }

        return found.OrderBy(a => a.Family, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The analyzers of each family, families in order.</summary>
    public static IReadOnlyList<(string Family, ImmutableArray<DiagnosticAnalyzer> Analyzers)> ByFamily(IReadOnlyList<AnalyzerInfo> analyzers) =>
        analyzers.GroupBy(a => a.Family, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(a => a.Analyzer).ToImmutableArray()))
            .ToList();

    /// <summary>"ND1" for ND1001..ND1009; "ND1+ND3" for an analyzer that reports in two families.</summary>
    internal static string FamilyOf(ImmutableArray<string> ids)
    {
        var prefixes = ids.Select(id => id.Length >= 3 ? id.Substring(0, 3) : id).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();
        return prefixes.Count == 0 ? "(none)" : string.Join("+", prefixes);
    }
}
