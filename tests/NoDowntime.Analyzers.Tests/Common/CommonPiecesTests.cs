using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NoDowntime.Analyzers.Common;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Common;

public class CommonPiecesTests
{
    private static readonly CSharpCompilation Compilation = CSharpCompilation.Create(
        "Pieces",
        new[]
        {
            CSharpSyntaxTree.ParseText("""
                namespace System.Linq.Extra { public class InExtra { public void A() { } public void B() { } } }
                namespace System.LinqLike { public class InLinqLike { } }
                namespace Linq { public class InTopLinq { } }
                namespace Other.System.Linq { public class InOther { } }
                public class InGlobal { }
                """),
        },
        new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });

    private static INamespaceSymbol NamespaceOf(string metadataName) => Compilation.GetTypeByMetadataName(metadataName)!.ContainingNamespace;

    [Theory]
    [InlineData("System.Linq.Extra.InExtra", "System.Linq.Extra", true)]
    [InlineData("System.Linq.Extra.InExtra", "System.Linq", false)]
    [InlineData("System.Linq.Extra.InExtra", "Linq.Extra", false)]
    [InlineData("System.LinqLike.InLinqLike", "System.Linq", false)]
    [InlineData("Linq.InTopLinq", "Linq", true)]
    [InlineData("Other.System.Linq.InOther", "System.Linq", false)]
    [InlineData("InGlobal", "System", false)]
    public void Is_compares_the_whole_namespace(string type, string dotted, bool expected) =>
        Assert.Equal(expected, Namespaces.Is(NamespaceOf(type), dotted));

    [Theory]
    [InlineData("System.Linq.Extra.InExtra", "System.Linq", true)]
    [InlineData("System.Linq.Extra.InExtra", "System", true)]
    [InlineData("System.Linq.Extra.InExtra", "System.Linq.Extra", true)]
    [InlineData("System.LinqLike.InLinqLike", "System.Linq", false)]
    [InlineData("Other.System.Linq.InOther", "System.Linq", false)]
    [InlineData("Other.System.Linq.InOther", "Other.System", true)]
    [InlineData("InGlobal", "System", false)]
    public void IsWithin_accepts_the_namespace_and_those_inside_it(string type, string dotted, bool expected) =>
        Assert.Equal(expected, Namespaces.IsWithin(NamespaceOf(type), dotted));

    [Fact]
    public void Declared_types_come_from_the_definition_unless_it_declares_a_type_parameter()
    {
        var compilation = CSharpCompilation.Create(
            "Declared",
            new[]
            {
                CSharpSyntaxTree.ParseText("""
                    using System.Collections.Generic;
                    using System.Threading;
                    using System.Threading.Tasks;
                    public static class Calls
                    {
                        public static Task<List<T>> Load<T>(this IEnumerable<T> source, CancellationToken token) => null!;
                        public static T Echo<T>(T value) => value;
                        public static void Run()
                        {
                            Load(new[] { 1 }, CancellationToken.None);
                            Echo(Task.CompletedTask);
                        }
                    }
                    """),
            },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });
        var invocations = compilation.SyntaxTrees[0].GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>().ToArray();
        SemanticModel model = compilation.GetSemanticModel(compilation.SyntaxTrees[0]);
        var load = (IMethodSymbol)model.GetSymbolInfo(invocations[0]).Symbol!;
        var echo = (IMethodSymbol)model.GetSymbolInfo(invocations[1]).Symbol!;

        // The definition's types keep their type parameters, and name the same generic definitions.
        Assert.Equal("System.Threading.Tasks.Task<System.Collections.Generic.List<T>>", DeclaredTypes.ReturnTypeOf(load).ToDisplayString());
        Assert.Equal("System.Collections.Generic.IEnumerable<T>", DeclaredTypes.FirstParameterTypeOf(load)!.ToDisplayString());
        Assert.Equal("System.Threading.CancellationToken", DeclaredTypes.TypeOf(load.Parameters[1]).ToDisplayString());

        // A type parameter in that position is read from the constructed method.
        Assert.Equal("System.Threading.Tasks.Task", DeclaredTypes.ReturnTypeOf(echo).ToDisplayString());
        Assert.Equal("System.Threading.Tasks.Task", DeclaredTypes.FirstParameterTypeOf(echo)!.ToDisplayString());
        Assert.Equal("System.Threading.Tasks.Task", DeclaredTypes.TypeOf(echo.Parameters[0]).ToDisplayString());
    }

    [Fact]
    public void Memo_computes_once_per_key()
    {
        var methods = Compilation.GetTypeByMetadataName("System.Linq.Extra.InExtra")!.GetMembers().OfType<IMethodSymbol>().ToArray();
        int computed = 0;
        var memo = new Memo<IMethodSymbol, string>(expected: 1, SymbolEqualityComparer.Default, m => { computed++; return m.Name; });

        foreach (IMethodSymbol method in methods.Concat(methods))
        {
            Assert.Equal(method.Name, memo.Get(method));
        }

        Assert.Equal(methods.Length, computed);
    }


    [Fact]
    public async Task RecentFirstMemo_answers_each_key_on_every_thread_and_computes_each_at_most_once_per_thread()
    {
        string[] keys = { "orders", "order-lines", "orders", "orders", "payments", "order-lines" };
        int computed = 0;
        var memo = new RecentFirstMemo<string, int>(new Memo<string, int>(expected: 1, System.StringComparer.Ordinal, key =>
        {
            System.Threading.Interlocked.Increment(ref computed);
            return key.Length;
        }));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Assert.All(keys.Concat(keys.Reverse()), key => Assert.Equal(key.Length, memo.Get(key))))));

        Assert.InRange(computed, 3, 3 * 4);
    }
    [Fact]
    public void Memo_grows_when_it_holds_far_more_keys_than_expected()
    {
        int computed = 0;
        var memo = new Memo<string, int>(expected: 1, System.StringComparer.Ordinal, key => { computed++; return key.Length; });
        var keys = Enumerable.Range(0, 20_000).Select(i => new string('x', i % 97) + i).ToArray();

        Assert.All(keys.Concat(keys), key => Assert.Equal(key.Length, memo.Get(key)));
        Assert.Equal(keys.Length, computed);
        Assert.InRange(memo.Capacity, keys.Length, 8 * keys.Length);
    }

    [Fact]
    public void Memo_answers_right_and_stays_small_when_every_hash_collides()
    {
        var memo = new Memo<string, int>(expected: 1, new SameHash(), key => key.Length);
        var keys = Enumerable.Range(0, 500).Select(i => new string('y', i % 13) + i).ToArray();

        Assert.All(keys.Concat(keys), key => Assert.Equal(key.Length, memo.Get(key)));
        Assert.True(memo.Capacity <= 256, $"grew to {memo.Capacity} slots for keys that all collide");
    }

    private sealed class SameHash : System.Collections.Generic.IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => string.Equals(x, y, System.StringComparison.Ordinal);

        public int GetHashCode(string obj) => 42;
    }

    [Fact]
    public async Task PerThreadBuffer_keeps_every_item_added_from_many_threads()
    {
        var buffer = new PerThreadBuffer<int>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                buffer.Add((t * 1000) + i);
            }
        })));

        Assert.Equal(8000, buffer.Count);
        Assert.Equal(Enumerable.Range(0, 8000), buffer.OrderBy(i => i));
    }
}
