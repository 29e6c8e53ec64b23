using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using NoDowntime.Analyzers.Common;

namespace NoDowntime.Analyzers.RequestPaths;

/// <summary>
/// Options of the request-path model, read from .editorconfig:
/// <c>nodowntime.request_path.extra_entry_attributes</c> (default: empty) names attributes that make a method
/// (or every public method of a class) an entry point; <c>nodowntime.request_path.extra_entry_base_types</c>
/// (default: empty) names base classes or interfaces whose implementers' public methods are entry points.
/// Names are full (<c>MyCompany.Messaging.HandlerAttribute</c>) or simple (<c>Handler</c>), comma separated.
/// </summary>
internal sealed class RequestPathOptions
{
    internal const string ExtraEntryAttributesKey = "request_path.extra_entry_attributes";
    internal const string ExtraEntryBaseTypesKey = "request_path.extra_entry_base_types";

    internal static readonly RequestPathOptions Default = new(ImmutableArray<string>.Empty, ImmutableArray<string>.Empty);

    private RequestPathOptions(ImmutableArray<string> extraEntryAttributes, ImmutableArray<string> extraEntryBaseTypes)
    {
        ExtraEntryAttributes = extraEntryAttributes;
        ExtraEntryBaseTypes = extraEntryBaseTypes;
    }

    internal ImmutableArray<string> ExtraEntryAttributes { get; }

    internal ImmutableArray<string> ExtraEntryBaseTypes { get; }

    internal bool IsEmpty => ExtraEntryAttributes.IsEmpty && ExtraEntryBaseTypes.IsEmpty;

    internal static RequestPathOptions Parse(AnalyzerConfigOptions options)
    {
        var attributes = options.GetList(ExtraEntryAttributesKey);
        var baseTypes = options.GetList(ExtraEntryBaseTypesKey);
        return attributes.IsEmpty && baseTypes.IsEmpty ? Default : new RequestPathOptions(Normalise(attributes), Normalise(baseTypes));
    }

    private static ImmutableArray<string> Normalise(ImmutableArray<string> names)
    {
        var builder = ImmutableArray.CreateBuilder<string>(names.Length);
        foreach (string raw in names)
        {
            string name = raw.StartsWith("global::", System.StringComparison.Ordinal) ? raw.Substring(8) : raw;
            int generic = name.IndexOfAny(new[] { '<', '`' });
            if (generic >= 0)
            {
                name = name.Substring(0, generic);
            }

            if (name.Length > 0)
            {
                builder.Add(name);
            }
        }

        return builder.ToImmutable();
    }
}
