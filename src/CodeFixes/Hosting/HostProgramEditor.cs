using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>
/// Edits a minimal-hosting Program (top-level statements or a Main body) of the unambiguous shape
/// <c>var app = builder.Build();</c>: services go right before that statement, middleware right after it (or
/// after <c>app.UseRouting()</c> when the program calls it), endpoints right before <c>app.Run()</c>. New
/// statements copy the indentation and line ending of the statement they are placed next to.
/// </summary>
internal sealed class HostProgramEditor
{
    private readonly Document document;
    private readonly SemanticModel semanticModel;
    private readonly CompilationUnitSyntax root;
    private readonly StatementSyntax buildStatement;
    private readonly List<StatementSyntax> statements;
    private readonly List<string> servicesCode = new();
    private readonly List<string> pipelineCode = new();
    private readonly List<string> endpointsCode = new();
    private readonly List<string> namespaces = new();

    private HostProgramEditor(Document document, SemanticModel semanticModel, CompilationUnitSyntax root, StatementSyntax buildStatement, List<StatementSyntax> statements, string builderName, string appName)
    {
        this.document = document;
        this.semanticModel = semanticModel;
        this.root = root;
        this.buildStatement = buildStatement;
        this.statements = statements;
        BuilderName = builderName;
        AppName = appName;
    }

    /// <summary>The <c>WebApplicationBuilder</c> variable (<c>builder</c>).</summary>
    internal string BuilderName { get; }

    /// <summary>The <c>WebApplication</c> variable (<c>app</c>).</summary>
    internal string AppName { get; }

    /// <summary>The editor for the program whose <c>Build()</c> call is at <paramref name="span"/>, or null for any other shape.</summary>
    internal static async Task<HostProgramEditor?> CreateAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel)
        {
            return null;
        }

        if (root.FindNode(span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Build", Expression: IdentifierNameSyntax builder },
                ArgumentList.Arguments.Count: 0,
                Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax app },
            } invocation
            || app.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax buildStatement })
        {
            return null;
        }

        if (semanticModel.GetTypeInfo(builder, cancellationToken).Type?.ToDisplayString() != "Microsoft.AspNetCore.Builder.WebApplicationBuilder")
        {
            return null;
        }

        List<StatementSyntax>? statements = buildStatement.Parent switch
        {
            BlockSyntax block => block.Statements.ToList(),
            GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement).ToList(),
            _ => null,
        };

        return statements is null
            ? null
            : new HostProgramEditor(document, semanticModel, root, buildStatement, statements, builder.Identifier.ValueText, app.Identifier.ValueText);
    }

    /// <summary>Whether <paramref name="typeName"/> (simple name) binds to the type <paramref name="fullName"/> in this file.</summary>
    internal bool Binds(string typeName, string fullName) =>
        semanticModel.LookupNamespacesAndTypes(buildStatement.SpanStart, name: typeName)
            .OfType<INamedTypeSymbol>()
            .Any(t => t.ToDisplayString() == fullName);

    /// <summary>A statement (without indentation or line end) to add to the services, before <c>Build()</c>.</summary>
    internal void AddServices(string code) => servicesCode.Add(code);

    /// <summary>A statement to add to the middleware pipeline.</summary>
    internal void AddPipeline(string code) => pipelineCode.Add(code);

    /// <summary>A statement that maps endpoints.</summary>
    internal void AddEndpoints(string code) => endpointsCode.Add(code);

    /// <summary>Adds <c>using <paramref name="name"/>;</c> when the type <paramref name="typeName"/> does not bind yet.</summary>
    internal void RequireNamespace(string name, string typeName)
    {
        if (!Binds(typeName, name + "." + typeName) && !namespaces.Contains(name))
        {
            namespaces.Add(name);
        }
    }

    internal Document Apply()
    {
        int buildIndex = statements.IndexOf(buildStatement);
        StatementSyntax pipelineAnchor = buildStatement;
        StatementSyntax? runStatement = null;
        for (int i = buildIndex + 1; i < statements.Count; i++)
        {
            if (IsCallOnApp(statements[i], "UseRouting"))
            {
                pipelineAnchor = statements[i];
            }

            if (runStatement is null && (IsCallOnApp(statements[i], "Run") || IsCallOnApp(statements[i], "RunAsync")))
            {
                runStatement = statements[i];
            }
        }

        var insertBefore = new Dictionary<StatementSyntax, List<string>>();
        var insertAfter = new Dictionary<StatementSyntax, List<string>>();
        Add(insertBefore, buildStatement, servicesCode);
        Add(insertAfter, pipelineAnchor, pipelineCode);
        if (runStatement is not null)
        {
            Add(insertBefore, runStatement, endpointsCode);
        }
        else
        {
            Add(insertAfter, pipelineAnchor, endpointsCode);
        }

        var anchors = insertBefore.Keys.Concat(insertAfter.Keys).Distinct().ToList();
        SyntaxNode[] targets = anchors.Select(Target).ToArray();
        // Replace each anchor by itself surrounded with the new statements, in the list the anchor lives in.
        CompilationUnitSyntax newRoot = root.TrackNodes(targets);
        foreach (StatementSyntax anchor in anchors)
        {
            SyntaxNode current = newRoot.GetCurrentNode(Target(anchor))!;
            var before = insertBefore.TryGetValue(anchor, out var b) ? Build(anchor, b, current) : new List<SyntaxNode>();
            var after = insertAfter.TryGetValue(anchor, out var a) ? Build(anchor, a, current) : new List<SyntaxNode>();
            var replacement = new List<SyntaxNode>();
            replacement.AddRange(before);
            replacement.Add(current);
            replacement.AddRange(after);
            newRoot = newRoot.ReplaceNode(current, replacement);
        }

        newRoot = AddUsings(newRoot);
        return document.WithSyntaxRoot(newRoot);
    }

    private static void Add(Dictionary<StatementSyntax, List<string>> map, StatementSyntax anchor, List<string> code)
    {
        if (code.Count == 0)
        {
            return;
        }

        if (!map.TryGetValue(anchor, out var list))
        {
            map[anchor] = list = new List<string>();
        }

        list.AddRange(code);
    }

    /// <summary>The node that holds the statement in its list: the statement itself, or its global statement.</summary>
    private static SyntaxNode Target(StatementSyntax statement) =>
        statement.Parent is GlobalStatementSyntax global ? global : statement;

    private List<SyntaxNode> Build(StatementSyntax anchor, List<string> code, SyntaxNode current)
    {
        string indentation = Indentation(anchor);
        string newLine = NewLine(anchor);
        var nodes = new List<SyntaxNode>();
        foreach (string statement in code)
        {
            string text = indentation + statement.Replace("\n", newLine + indentation) + newLine;
            StatementSyntax parsed = SyntaxFactory.ParseStatement(text);
            nodes.Add(current is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(parsed) : parsed);
        }

        return nodes;
    }

    private static string Indentation(StatementSyntax statement)
    {
        SyntaxTrivia last = statement.GetLeadingTrivia().LastOrDefault();
        return last.IsKind(SyntaxKind.WhitespaceTrivia) ? last.ToString() : string.Empty;
    }

    private static string NewLine(StatementSyntax statement)
    {
        foreach (SyntaxTrivia trivia in statement.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia.ToString();
            }
        }

        return "\n";
    }

    private bool IsCallOnApp(StatementSyntax statement, string method)
    {
        ExpressionSyntax? expression = (statement as ExpressionStatementSyntax)?.Expression;
        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        return expression is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name.Identifier.ValueText: var name },
        }
            && receiver.Identifier.ValueText == AppName
            && name == method;
    }

    private CompilationUnitSyntax AddUsings(CompilationUnitSyntax unit)
    {
        if (namespaces.Count == 0)
        {
            return unit;
        }

        string newLine = unit.Usings.Count > 0 ? NewLineOf(unit.Usings.Last()) : "\n";
        var directives = namespaces
            .Select(n => SyntaxFactory.ParseCompilationUnit($"using {n};{newLine}").Usings[0])
            .ToList();

        if (unit.Usings.Count == 0)
        {
            // Keep the file's leading comments above the new directives, and a blank line below them.
            SyntaxTriviaList leading = unit.GetLeadingTrivia();
            unit = unit.WithoutLeadingTrivia();
            directives[0] = directives[0].WithLeadingTrivia(leading);
            int lastIndex = directives.Count - 1;
            directives[lastIndex] = directives[lastIndex].WithTrailingTrivia(directives[lastIndex].GetTrailingTrivia().Add(SyntaxFactory.EndOfLine(newLine)));
        }

        return unit.AddUsings(directives.ToArray());
    }

    private static string NewLineOf(SyntaxNode node)
    {
        foreach (SyntaxTrivia trivia in node.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia.ToString();
            }
        }

        return "\n";
    }
}
