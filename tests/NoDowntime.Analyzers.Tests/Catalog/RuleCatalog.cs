using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NoDowntime.Analyzers.Tests.Catalog;

/// <summary>Every descriptor in the product's rule catalog, found by reflection so no list is kept twice.</summary>
internal static class RuleCatalog
{
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = typeof(Rules)
        .GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, System.StringComparer.Ordinal)
        .ToList();

    public static IReadOnlyList<string> Ids { get; } = Descriptors.Select(d => d.Id).ToList();

    public static IReadOnlyList<DiagnosticAnalyzer> Analyzers { get; } = Instances<DiagnosticAnalyzer>(typeof(Rules).Assembly);

    public static IReadOnlyList<CodeFixProvider> CodeFixes { get; } = Instances<CodeFixProvider>(Assembly.Load("NoDowntime.Analyzers.CodeFixes"));

    private static List<T> Instances<T>(Assembly assembly) => assembly.GetTypes()
        .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(t => t.Name, System.StringComparer.Ordinal)
        .Select(t => (T)System.Activator.CreateInstance(t)!)
        .ToList();
}
