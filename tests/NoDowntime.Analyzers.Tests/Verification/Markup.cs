using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace NoDowntime.Analyzers.Tests.Verification;

/// <summary>A span marked in test source: <c>[|x|]</c>, <c>{|ND4001:x|}</c> or <c>{|#0:x|}</c>.</summary>
public sealed record MarkedSpan(TextSpan Span, string? DiagnosticId, int? LocationKey);

/// <summary>Source text with its markup removed and the marked spans recorded.</summary>
public sealed record ParsedMarkup(string Text, IReadOnlyList<MarkedSpan> Spans)
{
    /// <summary>
    /// Parses the markup. Spans may nest. Inside braces the name is a diagnostic ID or <c>#N</c>, a numbered
    /// location that an expected diagnostic refers to with <c>WithLocation(N)</c>.
    /// </summary>
    public static ParsedMarkup Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var spans = new List<MarkedSpan>();
        var open = new Stack<(int Start, string? Name, bool Braced)>();

        for (int i = 0; i < markup.Length; i++)
        {
            if (At(markup, i, "[|"))
            {
                open.Push((text.Length, null, false));
                i++;
            }
            else if (At(markup, i, "{|") && TryReadName(markup, i + 2, out string name, out int afterColon))
            {
                open.Push((text.Length, name, true));
                i = afterColon - 1;
            }
            else if (At(markup, i, "|]") || At(markup, i, "|}"))
            {
                bool braced = markup[i + 1] == '}';
                if (open.Count == 0 || open.Peek().Braced != braced)
                {
                    throw new VerificationException($"Markup: '{markup.Substring(i, 2)}' at offset {i} closes nothing.");
                }

                (int start, string? spanName, _) = open.Pop();
                spans.Add(ToSpan(TextSpan.FromBounds(start, text.Length), spanName));
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }

        if (open.Count > 0)
        {
            throw new VerificationException($"Markup: {open.Count} span(s) opened and never closed.");
        }

        spans.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return new ParsedMarkup(text.ToString(), spans);
    }

    private static MarkedSpan ToSpan(TextSpan span, string? name)
    {
        if (name is null)
        {
            return new MarkedSpan(span, null, null);
        }

        return name.StartsWith("#", StringComparison.Ordinal)
            ? new MarkedSpan(span, null, int.Parse(name.Substring(1), System.Globalization.CultureInfo.InvariantCulture))
            : new MarkedSpan(span, name, null);
    }

    private static bool At(string s, int i, string token) => string.CompareOrdinal(s, i, token, 0, token.Length) == 0;

    private static bool TryReadName(string s, int start, out string name, out int afterColon)
    {
        int i = start;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '#' || s[i] == '_'))
        {
            i++;
        }

        bool ok = i > start && i < s.Length && s[i] == ':';
        name = ok ? s.Substring(start, i - start) : string.Empty;
        afterColon = i + 1;
        return ok;
    }
}
