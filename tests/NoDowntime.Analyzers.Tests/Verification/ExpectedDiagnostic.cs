using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Tests.Verification;

/// <summary>
/// A diagnostic a test expects. Built from markup (ID and span only) or by hand, where it can also pin the
/// message: <c>Diagnostic("ND4001").WithLocation(0).WithArguments("_cache", "Add")</c>.
/// </summary>
public sealed class ExpectedDiagnostic
{
    private ExpectedDiagnostic(DiagnosticDescriptor? descriptor, string id)
    {
        Descriptor = descriptor;
        Id = id;
    }

    public string Id { get; }

    public DiagnosticDescriptor? Descriptor { get; }

    /// <summary>The numbered markup location (<c>{|#N:...|}</c>) this diagnostic is at, if any.</summary>
    public int? LocationKey { get; private set; }

    /// <summary>Resolved span: document index and span. Set from markup or by the harness.</summary>
    internal (int Document, Microsoft.CodeAnalysis.Text.TextSpan Span)? Location { get; private set; }

    public object[]? Arguments { get; private set; }

    public string? Message { get; private set; }

    /// <summary>True when the diagnostic has no source location (a compilation-wide diagnostic).</summary>
    public bool NoLocation { get; private set; }

    public static ExpectedDiagnostic For(DiagnosticDescriptor descriptor) => new(descriptor, descriptor.Id);

    public static ExpectedDiagnostic For(string id) => new(null, id);

    public ExpectedDiagnostic WithLocation(int markupKey)
    {
        LocationKey = markupKey;
        return this;
    }

    public ExpectedDiagnostic WithNoLocation()
    {
        NoLocation = true;
        return this;
    }

    /// <summary>The message arguments; the expected message is the descriptor's format applied to them.</summary>
    public ExpectedDiagnostic WithArguments(params object[] arguments)
    {
        Arguments = arguments;
        return this;
    }

    public ExpectedDiagnostic WithMessage(string message)
    {
        Message = message;
        return this;
    }

    internal ExpectedDiagnostic At(int document, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        Location = (document, span);
        return this;
    }

    /// <summary>The exact message expected, or null when the test does not pin it.</summary>
    internal string? ExpectedMessage()
    {
        if (Message is not null)
        {
            return Message;
        }

        if (Arguments is null)
        {
            return null;
        }

        if (Descriptor is null)
        {
            throw new VerificationException($"{Id}: WithArguments needs the descriptor; use Diagnostic(descriptor) or WithMessage.");
        }

        return string.Format(CultureInfo.CurrentCulture, Descriptor.MessageFormat.ToString(CultureInfo.CurrentCulture), Arguments);
    }
}
