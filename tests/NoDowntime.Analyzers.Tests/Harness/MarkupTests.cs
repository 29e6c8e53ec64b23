using NoDowntime.Analyzers.Tests.Verification;
using Xunit;

namespace NoDowntime.Analyzers.Tests.Harness;

public class MarkupTests
{
    [Fact]
    public void Removes_markup_and_records_spans()
    {
        var parsed = ParsedMarkup.Parse("a [|bc|] {|ND1001:de|} {|#3:f|}");

        Assert.Equal("a bc de f", parsed.Text);
        Assert.Collection(
            parsed.Spans,
            s => Assert.Equal((2, 4, (string?)null, (int?)null), (s.Span.Start, s.Span.End, s.DiagnosticId, s.LocationKey)),
            s => Assert.Equal((5, 7, "ND1001", (int?)null), (s.Span.Start, s.Span.End, s.DiagnosticId, s.LocationKey)),
            s => Assert.Equal((8, 9, (string?)null, (int?)3), (s.Span.Start, s.Span.End, s.DiagnosticId, s.LocationKey)));
    }

    [Fact]
    public void Nested_spans_close_in_order()
    {
        var parsed = ParsedMarkup.Parse("{|#0:x[|y|]|}");

        Assert.Equal("xy", parsed.Text);
        Assert.Equal(2, parsed.Spans.Count);
        Assert.Equal(0, parsed.Spans[0].Span.Start);
        Assert.Equal(1, parsed.Spans[1].Span.Start);
    }

    [Fact]
    public void Leaves_ordinary_braces_and_bars_alone()
    {
        Assert.Equal("if (a || b) { c(); }", ParsedMarkup.Parse("if (a || b) { c(); }").Text);
    }

    [Fact]
    public void Rejects_an_unclosed_span()
    {
        var failure = Assert.Throws<VerificationException>(() => ParsedMarkup.Parse("a [|b"));
        Assert.Contains("never closed", failure.Message);
    }
}
