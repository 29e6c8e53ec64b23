using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NoDowntime.Analyzers.Common;
using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Common;

/// <summary>
/// <see cref="WellKnownTypes.Find"/> walks merged namespaces instead of asking the compiler to search every
/// reference; it must answer what <see cref="Compilation.GetTypeByMetadataName"/> answers.
/// </summary>
public class WellKnownTypesTests
{
    [Fact]
    public void Finds_what_the_compiler_finds_for_every_type_of_a_service_and_its_references()
    {
        CSharpCompilation compilation = Compile(
            "Service",
            """
            namespace MongoDB.Driver { public class Builders { } }
            namespace System.Threading.Tasks { public class Orphan { } }
            namespace Shop { public class Order { } public class Order<T> { } }
            """,
            MetadataReferences.For(ReferenceSet.Default | ReferenceSet.MongoV3));

        var names = new List<string>();
        foreach (MetadataReference reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly)
            {
                AddTopLevelTypes(assembly.GlobalNamespace, names);
            }
        }

        AddTopLevelTypes(compilation.Assembly.GlobalNamespace, names);
        names.AddRange(new[]
        {
            "MediatR.IRequestHandler`2", "System.Threading.Tasks.Task`3", "System.Threading.Tasks.Nothing",
            "System.Nothing.Task", "Task", "System.Threading.Tasks.Task`x", "System.Threading.Tasks.",
        });

        Assert.True(names.Count > 10_000, $"Only {names.Count} types: the references did not load.");
        var wrong = names.Distinct()
            .Where(name => !SymbolEqualityComparer.Default.Equals(WellKnownTypes.Find(compilation, name), compilation.GetTypeByMetadataName(name)))
            .Take(10)
            .Select(name => $"{name}: {WellKnownTypes.Find(compilation, name)?.ContainingAssembly.Name ?? "none"} instead of {compilation.GetTypeByMetadataName(name)?.ContainingAssembly.Name ?? "none"}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("Shared.Twice", null)]
    [InlineData("Shared.Once", "One")]
    [InlineData("Shared.Mine", "Service")]
    [InlineData("System.Object", "System.Private.CoreLib")]
    public void Chooses_the_own_type_then_the_core_librarys_then_the_only_one_among_references(string metadataName, string? expectedAssembly)
    {
        MetadataReference one = Library("One", "namespace Shared { public class Twice { } public class Once { } public class Mine { } }");
        MetadataReference two = Library("Two", "namespace Shared { public class Twice { } public class Mine { } } namespace System { public class Object { } }");
        CSharpCompilation compilation = Compile(
            "Service",
            "namespace Shared { public class Mine { } }",
            MetadataReferences.For(ReferenceSet.Net).Add(one).Add(two));

        INamedTypeSymbol? found = WellKnownTypes.Find(compilation, metadataName);

        Assert.Equal(expectedAssembly, found?.ContainingAssembly.Name);
        Assert.True(SymbolEqualityComparer.Default.Equals(found, compilation.GetTypeByMetadataName(metadataName)));
    }

    private static void AddTopLevelTypes(INamespaceSymbol scope, List<string> names)
    {
        foreach (INamedTypeSymbol type in scope.GetTypeMembers())
        {
            names.Add(scope.IsGlobalNamespace ? type.MetadataName : scope.ToDisplayString() + "." + type.MetadataName);
        }

        foreach (INamespaceSymbol inner in scope.GetNamespaceMembers())
        {
            AddTopLevelTypes(inner, names);
        }
    }

    private static CSharpCompilation Compile(string name, string source, IEnumerable<MetadataReference> references) =>
        CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static MetadataReference Library(string name, string source) =>
        Compile(name, source, MetadataReferences.For(ReferenceSet.Net)).ToMetadataReference();
}
