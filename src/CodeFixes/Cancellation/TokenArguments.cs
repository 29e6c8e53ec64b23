using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace NoDowntime.Analyzers.CodeFixes.Cancellation;

/// <summary>Syntax edits the ND3 fixes share: passing a token to a call or to an async stream.</summary>
internal static class TokenArguments
{
    /// <summary>The call with the token added: positional at the end, or named when positions are ambiguous.</summary>
    internal static InvocationExpressionSyntax AddToken(InvocationExpressionSyntax invocation, string tokenExpression, string parameterName, bool named)
    {
        ArgumentSyntax argument = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(tokenExpression));
        if (named)
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameterName)));
        }

        return invocation.WithArgumentList(invocation.ArgumentList.AddArguments(argument));
    }

    /// <summary><c>source</c> becomes <c>source.WithCancellation(token)</c>.</summary>
    internal static ExpressionSyntax WithCancellation(ExpressionSyntax collection, string tokenExpression)
    {
        ExpressionSyntax receiver = collection.WithoutTrivia();
        if (receiver is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            or ThisExpressionSyntax or ParenthesizedExpressionSyntax or GenericNameSyntax))
        {
            receiver = SyntaxFactory.ParenthesizedExpression(receiver);
        }

        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("WithCancellation")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(tokenExpression)))))
            .WithTriviaFrom(collection)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
