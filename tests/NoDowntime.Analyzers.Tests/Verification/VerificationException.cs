using System;

namespace NoDowntime.Analyzers.Tests.Verification;

/// <summary>A verification failed; the message says what was expected, what happened, and where.</summary>
public sealed class VerificationException : Exception
{
    public VerificationException(string message)
        : base(message)
    {
    }
}
