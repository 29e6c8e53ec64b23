using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.Tests.Harness;

// Small rules that exist only to prove the harness: one correct, and deliberately broken variants.

/// <summary>Flags a mutable instance field whose name starts with the configured prefix (default "mutable").</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public class MutableFieldAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        "TEST001", "Mutable field", "Field '{0}' is not readonly", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(Analyze, SymbolKind.Field);
    }

    protected virtual Location LocationOf(IFieldSymbol field) => field.Locations[0];

    private void Analyze(SymbolAnalysisContext context)
    {
        var field = (IFieldSymbol)context.Symbol;
        var tree = field.Locations[0].SourceTree!;
        string prefix = context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue("nodowntime.test.prefix", out var p) ? p : "mutable";
        if (!field.IsReadOnly && !field.IsConst && !field.IsImplicitlyDeclared && field.Name.StartsWith(prefix, StringComparison.Ordinal))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, LocationOf(field), field.Name));
        }
    }
}

/// <summary>Reports at the whole declaration instead of the name: a wrong span.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WrongSpanAnalyzer : MutableFieldAnalyzer
{
    protected override Location LocationOf(IFieldSymbol field) =>
        field.DeclaringSyntaxReferences[0].GetSyntax().Parent!.Parent!.GetLocation();
}

/// <summary>Throws on every field.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThrowingAnalyzer : MutableFieldAnalyzer
{
    protected override Location LocationOf(IFieldSymbol field) => throw new InvalidOperationException("boom");
}

/// <summary>Adds <c>readonly</c> to the flagged field.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp), Shared]
public class MakeReadonlyFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TEST001");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var declaration = root!.FindNode(context.Span).FirstAncestorOrSelf<FieldDeclarationSyntax>();
        if (declaration is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Make readonly", ct => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, Rewrite(declaration)))), "MakeReadonly"),
            context.Diagnostics);
    }

    protected virtual FieldDeclarationSyntax Rewrite(FieldDeclarationSyntax declaration) =>
        declaration.AddModifiers(SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(SyntaxFactory.Space));
}

/// <summary>Produces code that does not compile (the field's type is replaced by an unknown one).</summary>
public sealed class NonCompilingFix : MakeReadonlyFix
{
    protected override FieldDeclarationSyntax Rewrite(FieldDeclarationSyntax declaration) =>
        base.Rewrite(declaration).WithDeclaration(declaration.Declaration.WithType(
            SyntaxFactory.ParseTypeName("UnknownType ").WithTriviaFrom(declaration.Declaration.Type)));
}
