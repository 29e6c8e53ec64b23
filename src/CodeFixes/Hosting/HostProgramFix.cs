using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace NoDowntime.Analyzers.CodeFixes.Hosting;

/// <summary>
/// A fix that adds statements to the Program whose <c>builder.Build()</c> the diagnostic points at, through
/// <see cref="HostProgramEditor"/>. The rule's fix gives the title and the edit; programs of another shape get no fix.
/// </summary>
public abstract class HostProgramFix : CodeFixProvider
{
    private readonly string equivalenceKey;

    protected HostProgramFix(string equivalenceKey) => this.equivalenceKey = equivalenceKey;

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            HostProgramEditor? editor = await HostProgramEditor.CreateAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (editor is null || Plan(editor, diagnostic) is not var (title, edit))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    _ =>
                    {
                        edit();
                        return Task.FromResult(editor.Apply());
                    },
                    equivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The action's title and the edit that adds its statements to <paramref name="editor"/>; null when no fix can be derived.</summary>
    private protected abstract (string Title, Action Edit)? Plan(HostProgramEditor editor, Diagnostic diagnostic);
}
