using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers;

/// <summary>
/// The catalog of every NoDowntime diagnostic. Each family keeps its descriptors in its own part
/// (<c>Rules.Blocking.cs</c>, <c>Rules.StaticState.cs</c>, ...) in ID order; this part holds what they share.
/// </summary>
internal static partial class Rules
{
    /// <summary>Where each rule's page lives; the page is <c>docs/rules/&lt;ID&gt;.md</c>.</summary>
    internal const string HelpLinkBase = "https://github.com/nodowntime/NoDowntime.Analyzers/blob/main/docs/rules/";

    /// <summary>Tag carried by every NoDowntime descriptor, so tools can select the whole set.</summary>
    internal const string ProductTag = "NoDowntime";

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity defaultSeverity,
        string description,
        bool isCompilationEnd = false)
    {
        // The family tag ("ND1", "ND2", ...) lets users and tests pick a family by tag as well as by ID prefix.
        string familyTag = id.Substring(0, 3);
        string[] tags = isCompilationEnd
            ? new[] { ProductTag, familyTag, WellKnownDiagnosticTags.CompilationEnd }
            : new[] { ProductTag, familyTag };

        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            defaultSeverity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLinkBase + id + ".md",
            customTags: tags);
    }
}
