using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using NoDowntime.Analyzers.Blocking;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace NoDowntime.Analyzers.CodeFixes.Blocking;

/// <summary>
/// ND1001-ND1006: replaces a blocking call with its awaited asynchronous form (<c>.Result</c> -&gt; <c>await</c>,
/// <c>Thread.Sleep(x)</c> -&gt; <c>await Task.Delay(x, token)</c>, <c>Foo(...)</c> -&gt; <c>await FooAsync(..., token)</c>)
/// and makes the enclosing method async (<c>void</c> -&gt; <c>Task</c>, <c>T</c> -&gt; <c>Task&lt;T&gt;</c>) when its signature
/// can change without breaking or silently changing a caller.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallCodeFix)), Shared]
public sealed class BlockingCallCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "NoDowntime.Blocking.AwaitAsync";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create("ND1001", "ND1002", "ND1003", "ND1004", "ND1005", "ND1006");

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create((context, document, diagnostics) => ApplyAsync(document, diagnostics, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            Plan? plan = await PlanAsync(context.Document, root, model, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (plan is null)
            {
                continue;
            }

            Document document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(plan.Title, ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
                diagnostic);
        }
    }

    internal enum SignatureChange
    {
        None,
        AddAsync,

        /// <summary>An expression-bodied lambda that returns a task: <c>async</c>, and its body awaited.</summary>
        AddAsyncAwaitingBody,
        VoidToTask,
        WrapInTask,
    }

    /// <summary>How one blocking call is rewritten: the node, and a rewrite of its current form (other edits may have changed its inside).</summary>
    internal sealed class Rewrite
    {
        internal Rewrite(string title, ExpressionSyntax target, Func<ExpressionSyntax, ExpressionSyntax?> apply, SyntaxNode function, bool needsTasks, string? import)
        {
            Title = title;
            Target = target;
            Apply = apply;
            Function = function;
            NeedsTasks = needsTasks;
            Import = import;
        }

        internal string Title { get; }

        internal ExpressionSyntax Target { get; }

        /// <summary>The awaited replacement of the target's current form (the target itself when it no longer has the expected shape).</summary>
        internal Func<ExpressionSyntax, ExpressionSyntax?> Apply { get; }

        /// <summary>The method, local function or lambda that contains the call.</summary>
        internal SyntaxNode Function { get; }

        internal bool NeedsTasks { get; }

        internal string? Import { get; }
    }

    private sealed class Plan
    {
        internal Plan(Rewrite rewrite, SignatureChange change)
        {
            Rewrite = rewrite;
            Change = change;
        }

        internal Rewrite Rewrite { get; }

        internal string Title => Rewrite.Title;

        internal ExpressionSyntax Target => Rewrite.Target;

        internal SyntaxNode Function => Rewrite.Function;

        internal SignatureChange Change { get; }

        internal bool NeedsTasks => Rewrite.NeedsTasks;

        internal string? Import => Rewrite.Import;
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var plans = new List<Plan>();
        foreach (Diagnostic diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            Plan? plan = await PlanAsync(document, root, model, diagnostic, cancellationToken).ConfigureAwait(false);
            if (plan is not null && !plans.Any(p => p.Target.Span.OverlapsWith(plan.Target.Span)))
            {
                plans.Add(plan);
            }
        }

        if (plans.Count == 0)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        foreach (Plan plan in plans)
        {
            editor.ReplaceNode(plan.Target, (current, _) => plan.Rewrite.Apply((ExpressionSyntax)current) ?? current);
        }

        foreach (var group in plans.GroupBy(p => p.Function))
        {
            SignatureChange change = group.First().Change;
            if (change != SignatureChange.None)
            {
                editor.ReplaceNode(group.Key, (current, _) => MakeAsync(current, change));
            }
        }

        SyntaxNode newRoot = editor.GetChangedRoot();
        var imports = new List<string>();
        if (plans.Any(p => p.NeedsTasks || p.Change is SignatureChange.VoidToTask or SignatureChange.WrapInTask) && !TaskIsInScope(model, plans[0].Target.SpanStart))
        {
            imports.Add("System.Threading.Tasks");
        }

        foreach (string? import in plans.Select(p => p.Import).Distinct())
        {
            if (import is not null && !IsImported(model, root, import))
            {
                imports.Add(import);
            }
        }

        return document.WithSyntaxRoot(AddImports(root, newRoot, imports));
    }

    /// <summary>Adds <c>using</c> directives (in the order given) to a changed compilation unit.</summary>
    internal static SyntaxNode AddImports(SyntaxNode originalRoot, SyntaxNode newRoot, IReadOnlyCollection<string> imports)
    {
        if (imports.Count == 0 || newRoot is not CompilationUnitSyntax unit)
        {
            return newRoot;
        }

        string newLine = originalRoot.ToFullString().Contains("\r\n") ? "\r\n" : "\n";
        foreach (string import in imports)
        {
            unit = unit.AddUsings(UsingDirective(ParseName(import)).WithTrailingTrivia(EndOfLine(newLine)).WithAdditionalAnnotations(Formatter.Annotation));
        }

        return unit;
    }

    private static async Task<Plan?> PlanAsync(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        Rewrite? rewrite = PlanRewrite(root, model, diagnostic, cancellationToken);
        if (rewrite is null)
        {
            return null;
        }

        SignatureChange? change = await SignatureChangeForAsync(document, model, rewrite.Function, cancellationToken).ConfigureAwait(false);
        return change is null ? null : new Plan(rewrite, change.Value);
    }

    /// <summary>The rewrite of one blocking call, whatever the enclosing function's signature; null when the call cannot be rewritten.</summary>
    internal static Rewrite? PlanRewrite(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(BlockingProperties.Fix, out string? fix) || fix is null)
        {
            return null;
        }

        SyntaxNode? node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        ExpressionSyntax? target = node?.AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.Span == diagnostic.Location.SourceSpan);
        if (target is null || target.Ancestors().Any(a => a is ConditionalAccessExpressionSyntax or QueryExpressionSyntax))
        {
            return null;
        }

        SyntaxNode? function = null;
        foreach (SyntaxNode ancestor in target.Ancestors())
        {
            if (ancestor is LockStatementSyntax)
            {
                return null;
            }

            if (ancestor is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)
            {
                function = ancestor;
                break;
            }

            if (ancestor is MemberDeclarationSyntax or AccessorDeclarationSyntax or GlobalStatementSyntax)
            {
                return null;
            }
        }

        if (function is null)
        {
            return null;
        }

        string? token = TokenInScope(model, target, cancellationToken);
        Func<ExpressionSyntax, ExpressionSyntax?> awaited;
        string title;
        bool needsTasks = false;
        string? import = null;
        switch (fix)
        {
            case BlockingProperties.FixAwait:
                awaited = TaskOfResult;
                title = "Await the task";
                break;

            case BlockingProperties.FixAwaitWait:
                awaited = current => current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax wait } ? wait.Expression : null;
                title = "Await the task";
                break;

            case BlockingProperties.FixWhenAll:
                awaited = current => current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax waitAll } whenAll
                    ? whenAll.WithExpression(waitAll.WithName(IdentifierName("WhenAll").WithTriviaFrom(waitAll.Name)))
                    : null;
                title = "Use 'await Task.WhenAll'";
                break;

            case BlockingProperties.FixDelay:
                if (target is not InvocationExpressionSyntax)
                {
                    return null;
                }

                awaited = current =>
                {
                    if (current is not InvocationExpressionSyntax sleep)
                    {
                        return null;
                    }

                    var delayArguments = sleep.ArgumentList.Arguments;
                    if (token is not null)
                    {
                        delayArguments = delayArguments.Add(Argument(ParseExpression(token)));
                    }

                    return InvocationExpression(
                        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("Task"), IdentifierName("Delay")),
                        sleep.ArgumentList.WithArguments(delayArguments));
                };
                needsTasks = true;
                title = "Use 'await Task.Delay'";
                break;

            case BlockingProperties.FixAsyncCounterpart:
                if (target is not InvocationExpressionSyntax call
                    || !diagnostic.Properties.TryGetValue(BlockingProperties.AsyncName, out string? asyncName) || asyncName is null)
                {
                    return null;
                }

                ArgumentSyntax? tokenArgument = CounterpartTokenArgument(model, call, diagnostic.Properties, token, cancellationToken);
                awaited = current => current is InvocationExpressionSyntax currentCall ? Counterpart(currentCall, asyncName, tokenArgument) : null;
                diagnostic.Properties.TryGetValue(BlockingProperties.Import, out import);
                title = $"Use 'await {asyncName}'";
                break;

            case BlockingProperties.FixReadForm:
                if (target is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Form" } form)
                {
                    return null;
                }

                string formToken = token ?? RequestAbortedOf(form.Expression);
                awaited = current => current is MemberAccessExpressionSyntax currentForm
                    ? InvocationExpression(
                        currentForm.WithName(IdentifierName("ReadFormAsync").WithTriviaFrom(currentForm.Name)),
                        ArgumentList(SingletonSeparatedList(Argument(ParseExpression(formToken)))))
                    : null;
                title = "Use 'await ReadFormAsync'";
                break;

            default:
                return null;
        }

        if (awaited(target) is null)
        {
            return null;
        }

        bool parenthesize = NeedsParentheses(target);
        return new Rewrite(
            title,
            target,
            current =>
            {
                ExpressionSyntax? task = awaited(current);
                if (task is null)
                {
                    return null;
                }

                ExpressionSyntax replacement = AwaitExpression(task.WithoutTrivia().WithAdditionalAnnotations(Formatter.Annotation));
                if (parenthesize)
                {
                    replacement = ParenthesizedExpression(replacement);
                }

                return replacement.WithTriviaFrom(current);
            },
            function,
            needsTasks,
            import);
    }

    /// <summary>The request's abort token reached from an <c>HttpRequest</c> expression: <c>HttpContext.Request</c> -&gt; <c>HttpContext.RequestAborted</c>.</summary>
    private static string RequestAbortedOf(ExpressionSyntax request) =>
        request is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Request" } member
            ? member.Expression.WithoutTrivia().ToString() + ".RequestAborted"
            : (request is IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax ? request.WithoutTrivia().ToString() : "(" + request.WithoutTrivia() + ")")
                + ".HttpContext.RequestAborted";

    private static ExpressionSyntax? TaskOfResult(ExpressionSyntax target)
    {
        if (target is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result)
        {
            return result.Expression;
        }

        // task.GetAwaiter().GetResult()
        if (target is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter } } })
        {
            return getAwaiter.Expression;
        }

        return null;
    }

    private static ArgumentSyntax? CounterpartTokenArgument(
        SemanticModel model, InvocationExpressionSyntax call, ImmutableDictionary<string, string?> properties, string? token, CancellationToken cancellationToken)
    {
        ArgumentListSyntax arguments = call.ArgumentList;
        bool hasToken = arguments.Arguments.Any(a =>
            model.GetTypeInfo(a.Expression, cancellationToken).Type is { Name: "CancellationToken", ContainingNamespace: { Name: "Threading" } });
        if (token is null || hasToken
            || !properties.TryGetValue(BlockingProperties.TokenParameter, out string? parameter) || parameter is null)
        {
            return null;
        }

        int given = arguments.Arguments.Count
            + (model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { ReducedFrom: not null } ? 1 : 0);
        bool positional = properties.TryGetValue(BlockingProperties.TokenIndex, out string? index)
            && given.ToString(CultureInfo.InvariantCulture) == index
            && arguments.Arguments.All(a => a.NameColon is null);
        return positional
            ? Argument(ParseExpression(token))
            : Argument(NameColon(IdentifierName(parameter)), default, ParseExpression(token));
    }

    private static ExpressionSyntax? Counterpart(InvocationExpressionSyntax call, string asyncName, ArgumentSyntax? tokenArgument)
    {
        ExpressionSyntax? renamed = call.Expression switch
        {
            MemberAccessExpressionSyntax member => member.WithName(Rename(member.Name, asyncName)),
            SimpleNameSyntax name => Rename(name, asyncName),
            _ => null,
        };
        if (renamed is null)
        {
            return null;
        }

        ArgumentListSyntax arguments = call.ArgumentList;
        if (tokenArgument is not null)
        {
            arguments = arguments.WithArguments(arguments.Arguments.Add(tokenArgument));
        }

        return call.WithExpression(renamed).WithArgumentList(arguments);
    }

    internal static SimpleNameSyntax Rename(SimpleNameSyntax name, string newName) => name switch
    {
        GenericNameSyntax generic => generic.WithIdentifier(Identifier(newName).WithTriviaFrom(generic.Identifier)),
        _ => IdentifierName(Identifier(newName).WithTriviaFrom(name.GetFirstToken())),
    };

    internal static bool NeedsParentheses(ExpressionSyntax target) => target.Parent switch
    {
        MemberAccessExpressionSyntax member => member.Expression == target,
        ElementAccessExpressionSyntax element => element.Expression == target,
        InvocationExpressionSyntax invocation => invocation.Expression == target,
        ConditionalAccessExpressionSyntax conditional => conditional.Expression == target,
        PostfixUnaryExpressionSyntax => true,
        _ => false,
    };

    /// <summary>How the function's signature must change to allow <c>await</c>; null when it cannot change safely.</summary>
    private static async Task<SignatureChange?> SignatureChangeForAsync(Document document, SemanticModel model, SyntaxNode function, CancellationToken cancellationToken)
    {
        switch (function)
        {
            case AnonymousFunctionExpressionSyntax lambda:
                if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                {
                    return SignatureChange.None;
                }

                // A minimal API handler (a lambda given as System.Delegate) or a RequestDelegate may become async.
                if (model.GetTypeInfo(lambda, cancellationToken).ConvertedType is not ({ SpecialType: SpecialType.System_Delegate } or { Name: "RequestDelegate" }))
                {
                    return null;
                }

                // A lambda that already returns a task must await it once async: dropped, it would run unobserved
                // (RequestDelegate), or be wrapped in a second task (a minimal API handler).
                if (lambda.ExpressionBody is { } body)
                {
                    return IsTaskLike(model.GetTypeInfo(body, cancellationToken).Type) ? SignatureChange.AddAsyncAwaitingBody : SignatureChange.AddAsync;
                }

                return ReturnsTask(lambda, model, cancellationToken) ? null : SignatureChange.AddAsync;

            case MethodDeclarationSyntax method:
                if (method.Modifiers.Any(SyntaxKind.AsyncKeyword))
                {
                    return SignatureChange.None;
                }

                if (method.Body is null && method.ExpressionBody is null)
                {
                    return null;
                }

                if (model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol || !CanBecomeAsync(symbol, method))
                {
                    return null;
                }

                IEnumerable<ReferencedSymbol> references = await SymbolFinder.FindReferencesAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false);
                foreach (ReferenceLocation location in references.SelectMany(r => r.Locations))
                {
                    // Callers would break (T -> Task<T>) or stop waiting for the work (void -> Task); a method group
                    // given to a minimal API Map* call (a System.Delegate) may become async.
                    if (!await IsDelegateHandlerReferenceAsync(location, cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }
                }

                return ReturnChange(symbol);

            case LocalFunctionStatementSyntax local:
                if (local.Modifiers.Any(SyntaxKind.AsyncKeyword))
                {
                    return SignatureChange.None;
                }

                return null;

            default:
                return null;
        }
    }

    private static async Task<bool> IsDelegateHandlerReferenceAsync(ReferenceLocation location, CancellationToken cancellationToken)
    {
        if (location.IsImplicit || !location.Location.IsInSource)
        {
            return false;
        }

        SyntaxNode? root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return false;
        }

        SyntaxNode node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
        while (node.Parent is MemberAccessExpressionSyntax member && member.Name == node)
        {
            node = member;
        }

        return node.Parent is ArgumentSyntax argument
            && model.GetOperation(argument, cancellationToken) is Microsoft.CodeAnalysis.Operations.IArgumentOperation { Parameter.Type.SpecialType: SpecialType.System_Delegate };
    }

    internal static bool CanBecomeAsync(IMethodSymbol symbol, MethodDeclarationSyntax method)
    {
        if (symbol.IsOverride || symbol.IsAbstract || symbol.IsVirtual || symbol.IsExtern || symbol.ReturnsByRef || symbol.ReturnsByRefReadonly
            || symbol.ExplicitInterfaceImplementations.Length > 0 || symbol.PartialDefinitionPart is not null || symbol.PartialImplementationPart is not null
            || symbol.Parameters.Any(p => p.RefKind != RefKind.None) || symbol.Name == "Main")
        {
            return false;
        }

        if (method.DescendantNodes().Any(n => n is YieldStatementSyntax))
        {
            return false;
        }

        INamedTypeSymbol type = symbol.ContainingType;
        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            foreach (ISymbol member in implemented.GetMembers(symbol.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), symbol))
                {
                    return false;
                }
            }
        }

        return true;
    }

    internal static SignatureChange? ReturnChange(IMethodSymbol symbol)
    {
        if (symbol.ReturnsVoid)
        {
            return SignatureChange.VoidToTask;
        }

        ITypeSymbol returnType = symbol.ReturnType;
        if (returnType.GetMembers("GetAwaiter").Any() || returnType.Name is "Task" or "ValueTask" or "IAsyncEnumerable" or "IEnumerable" or "IEnumerator")
        {
            // Already a task (the body returns tasks) or an iterator: a rewrite would change the body's returns.
            return null;
        }

        return returnType.IsRefLikeType ? null : SignatureChange.WrapInTask;
    }

    internal static SyntaxNode MakeAsync(SyntaxNode function, SignatureChange change)
    {
        SyntaxToken asyncToken = Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(Space);
        switch (function)
        {
            case MethodDeclarationSyntax method:
            {
                TypeSyntax returnType = method.ReturnType;
                TypeSyntax newReturnType = change switch
                {
                    SignatureChange.VoidToTask => IdentifierName("Task").WithTriviaFrom(returnType),
                    SignatureChange.WrapInTask => GenericName(Identifier("Task"), TypeArgumentList(SingletonSeparatedList(returnType.WithoutTrivia()))).WithTriviaFrom(returnType),
                    _ => returnType,
                };

                if (method.Modifiers.Count == 0)
                {
                    asyncToken = asyncToken.WithLeadingTrivia(returnType.GetLeadingTrivia());
                    newReturnType = newReturnType.WithLeadingTrivia();
                }

                return method.WithReturnType(newReturnType).WithModifiers(method.Modifiers.Add(asyncToken));
            }

            case LocalFunctionStatementSyntax local:
            {
                TypeSyntax returnType = local.ReturnType;
                TypeSyntax newReturnType = change switch
                {
                    SignatureChange.VoidToTask => IdentifierName("Task").WithTriviaFrom(returnType),
                    SignatureChange.WrapInTask => GenericName(Identifier("Task"), TypeArgumentList(SingletonSeparatedList(returnType.WithoutTrivia()))).WithTriviaFrom(returnType),
                    _ => returnType,
                };

                if (local.Modifiers.Count == 0)
                {
                    asyncToken = asyncToken.WithLeadingTrivia(returnType.GetLeadingTrivia());
                    newReturnType = newReturnType.WithLeadingTrivia();
                }

                return local.WithReturnType(newReturnType).WithModifiers(local.Modifiers.Add(asyncToken));
            }

            case AnonymousFunctionExpressionSyntax { ExpressionBody: { } body } awaiting when change == SignatureChange.AddAsyncAwaitingBody:
                return MakeAsync(awaiting.WithExpressionBody(AwaitBody(body)), SignatureChange.AddAsync);

            case ParenthesizedLambdaExpressionSyntax lambda:
                return lambda.WithModifiers(lambda.Modifiers.Insert(0, asyncToken.WithLeadingTrivia(lambda.GetLeadingTrivia()))).WithLeadingTrivia(lambda.GetLeadingTrivia());

            case SimpleLambdaExpressionSyntax simple:
                return simple.WithModifiers(simple.Modifiers.Insert(0, asyncToken.WithLeadingTrivia(simple.GetLeadingTrivia()))).WithLeadingTrivia(simple.GetLeadingTrivia());

            default:
                return function;
        }
    }

    private static ExpressionSyntax AwaitBody(ExpressionSyntax body)
    {
        ExpressionSyntax operand = body is InvocationExpressionSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax or ParenthesizedExpressionSyntax
            ? body.WithoutTrivia()
            : ParenthesizedExpression(body.WithoutTrivia());
        return AwaitExpression(operand).WithTriviaFrom(body);
    }

    private static bool IsTaskLike(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } } };

    /// <summary>A block-bodied lambda with a <c>return</c> of a task (its own, not a nested function's).</summary>
    private static bool ReturnsTask(AnonymousFunctionExpressionSyntax lambda, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (ReturnStatementSyntax statement in lambda.DescendantNodes(node => node == lambda || node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<ReturnStatementSyntax>())
        {
            if (statement.Expression is { } returned && IsTaskLike(model.GetTypeInfo(returned, cancellationToken).Type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A CancellationToken available where the call is: a parameter, or the request's abort token.</summary>
    internal static string? TokenInScope(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        string? httpContext = null;
        foreach (SyntaxNode ancestor in node.Ancestors())
        {
            ParameterListSyntax? parameters = ancestor switch
            {
                ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList,
                LocalFunctionStatementSyntax local => local.ParameterList,
                MethodDeclarationSyntax method => method.ParameterList,
                _ => null,
            };
            IEnumerable<ParameterSyntax> list = parameters?.Parameters ?? (ancestor is SimpleLambdaExpressionSyntax simple ? new[] { simple.Parameter } : Enumerable.Empty<ParameterSyntax>());
            foreach (ParameterSyntax parameter in list)
            {
                if (model.GetDeclaredSymbol(parameter, cancellationToken) is not IParameterSymbol symbol)
                {
                    continue;
                }

                if (symbol.Type is { Name: "CancellationToken", ContainingNamespace.Name: "Threading" })
                {
                    return symbol.Name;
                }

                if (httpContext is null && symbol.Type is { Name: "HttpContext", ContainingNamespace.Name: "Http" })
                {
                    httpContext = symbol.Name + ".RequestAborted";
                }
            }

            if (ancestor is MemberDeclarationSyntax)
            {
                break;
            }
        }

        if (httpContext is not null)
        {
            return httpContext;
        }

        ISymbol? container = model.GetEnclosingSymbol(node.SpanStart, cancellationToken);
        for (INamedTypeSymbol? type = container?.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name is "ControllerBase" or "PageModel" && type.ContainingNamespace?.ToDisplayString() is "Microsoft.AspNetCore.Mvc" or "Microsoft.AspNetCore.Mvc.RazorPages")
            {
                return "HttpContext.RequestAborted";
            }
        }

        return null;
    }

    internal static bool TaskIsInScope(SemanticModel model, int position) =>
        model.LookupNamespacesAndTypes(position, name: "Task")
            .Any(s => s is INamedTypeSymbol { Arity: 0 } t && t.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks");

    internal static bool IsImported(SemanticModel model, SyntaxNode root, string ns)
    {
        foreach (SyntaxTree tree in model.Compilation.SyntaxTrees)
        {
            SyntaxNode treeRoot = tree == root.SyntaxTree ? root : tree.GetRoot();
            foreach (UsingDirectiveSyntax directive in treeRoot.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>())
            {
                bool applies = tree == root.SyntaxTree || directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword);
                if (applies && directive.Alias is null && directive.StaticKeyword.IsKind(SyntaxKind.None)
                    && directive.Name?.ToString().Replace("global::", string.Empty) == ns)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
