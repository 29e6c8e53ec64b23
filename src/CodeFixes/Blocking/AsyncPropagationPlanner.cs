using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using SignatureChange = NoDowntime.Analyzers.CodeFixes.Blocking.BlockingCallCodeFix.SignatureChange;

namespace NoDowntime.Analyzers.CodeFixes.Blocking;

/// <summary>
/// Plans "make this method async and update its callers" for one or more blocking calls: the set of methods
/// that become async (closed over their callers, up to methods that are already async and to entry points),
/// every call site to await and rename, and the blocking calls themselves; then applies it as one solution
/// change. A seed whose chain meets anything that cannot change safely is dropped as a whole.
/// </summary>
internal sealed class AsyncPropagationPlanner
{
    /// <summary>A bound on how many methods one fix may turn async.</summary>
    private const int MaxMethods = 200;

    private readonly Solution solution;
    private readonly CancellationToken cancellationToken;
    private readonly Dictionary<DocumentId, (SyntaxNode Root, SemanticModel Model)> documents = new();
    private readonly Dictionary<IMethodSymbol, MethodPlan?> analyzed = new(SymbolEqualityComparer.Default);
    private readonly List<(DocumentId Document, BlockingCallCodeFix.Rewrite Rewrite)> rewrites = new();
    private readonly List<IMethodSymbol> accepted = new();
    private readonly HashSet<IMethodSymbol> acceptedSet = new(SymbolEqualityComparer.Default);

    internal AsyncPropagationPlanner(Solution solution, CancellationToken cancellationToken)
    {
        this.solution = solution;
        this.cancellationToken = cancellationToken;
    }

    private enum MemberRole
    {
        Method,
        Contract,
        Implementation,
    }

    private enum CallerKind
    {
        Fail,
        AlreadyAsync,
        Method,
        Lambda,
    }

    /// <summary>
    /// Adds the blocking call of a diagnostic: returns the method that becomes async, or null when the
    /// propagation does not apply (the call cannot be rewritten, the method is already async or has no callers,
    /// or something on the chain cannot change safely).
    /// </summary>
    internal async Task<IMethodSymbol?> AddSeedAsync(Document document, Diagnostic diagnostic)
    {
        if (!diagnostic.Location.IsInSource)
        {
            return null;
        }

        var (root, model) = await GetAsync(document).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        BlockingCallCodeFix.Rewrite? rewrite = BlockingCallCodeFix.PlanRewrite(root, model, diagnostic, cancellationToken);
        if (rewrite?.Function is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
            || model.GetDeclaredSymbol(rewrite.Function, cancellationToken) is not IMethodSymbol method
            || method.IsAsync)
        {
            return null;
        }

        List<IMethodSymbol>? closure = await CloseAsync(method).ConfigureAwait(false);
        if (closure is null || analyzed[method] is not { HasCallers: true })
        {
            return null;
        }

        if (rewrites.Any(r => r.Document == document.Id && r.Rewrite.Target.Span.OverlapsWith(rewrite.Target.Span)))
        {
            return method;
        }

        rewrites.Add((document.Id, rewrite));
        foreach (IMethodSymbol member in closure)
        {
            if (acceptedSet.Add(member))
            {
                accepted.Add(member);
            }
        }

        return method;
    }

    /// <summary>Applies every accepted seed as one change to the solution.</summary>
    internal async Task<Solution> ApplyAsync()
    {
        var edits = new Dictionary<DocumentId, Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>>();
        var needsTasks = new Dictionary<DocumentId, int>();
        var imports = new Dictionary<DocumentId, HashSet<string>>();
        var removals = new Dictionary<DocumentId, List<SyntaxNode>>();
        var awaitSites = rewrites.Select(r => (r.Document, r.Rewrite.Target.Span))
            .Concat(accepted.SelectMany(m => analyzed[m]!.CallSites.Select(c => (c.Document, c.Call.Span))))
            .ToList();

        void Edit(DocumentId document, SyntaxNode node, Func<SyntaxNode, SyntaxNode> change)
        {
            if (!edits.TryGetValue(document, out var forDocument))
            {
                edits[document] = forDocument = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
            }

            if (!forDocument.ContainsKey(node))
            {
                forDocument[node] = change;
            }
        }

        foreach (IMethodSymbol method in accepted)
        {
            MethodPlan plan = analyzed[method]!;
            if (plan.Role == MemberRole.Contract)
            {
                Edit(plan.Document, plan.Declaration, current => Rename(ChangeReturnType(current, plan.Change, wrapBody: false), plan.NewName));
            }
            else if (plan.Role == MemberRole.Implementation && !awaitSites.Any(site => site.Document == plan.Document && plan.Declaration.Span.Contains(site.Span)))
            {
                // Nothing to await inside: keep it synchronous and return completed tasks.
                Edit(plan.Document, plan.Declaration, current => Rename(ChangeReturnType(current, plan.Change, wrapBody: plan.EndReachable || ArrowOf(plan.Declaration) is not null), plan.NewName));
                TypeSyntax resultType = ((MethodDeclarationSyntax)plan.Declaration).ReturnType;
                foreach (SyntaxNode wrapped in plan.Wrapped)
                {
                    Edit(plan.Document, wrapped, current => WrapReturn(current, resultType));
                }
            }
            else
            {
                Edit(plan.Document, plan.Declaration, current => Rename(BlockingCallCodeFix.MakeAsync(current, plan.Change), plan.NewName));
            }

            if (plan.Change != SignatureChange.AddAsync)
            {
                needsTasks[plan.Document] = plan.Declaration.SpanStart;
            }

            foreach (var (returned, last) in plan.Role == MemberRole.Implementation ? Enumerable.Empty<(SyntaxNode, bool)>() : plan.Returns)
            {
                if (last && returned is ReturnStatementSyntax { Expression: { } completed } && IsCompletedTask(completed))
                {
                    // return Task.CompletedTask; at the end of a method that becomes async: nothing left to return.
                    if (!removals.TryGetValue(plan.Document, out var removed))
                    {
                        removals[plan.Document] = removed = new List<SyntaxNode>();
                    }

                    removed.Add(returned);
                    continue;
                }

                Edit(plan.Document, returned, current => RewriteReturn(current, last, plan.GenericTask));
            }

            foreach (var (document, call) in plan.CallSites)
            {
                bool parenthesize = BlockingCallCodeFix.NeedsParentheses(call);
                Edit(document, call, current => AwaitCall((InvocationExpressionSyntax)current, plan.NewName, parenthesize));
            }

            foreach (var (document, lambda) in plan.Lambdas)
            {
                Edit(document, lambda, current => BlockingCallCodeFix.MakeAsync(current, SignatureChange.AddAsync));
            }

            if (plan.NewName is { } newName)
            {
                foreach (var (document, name) in plan.Renames)
                {
                    Edit(document, name, current => current is SimpleNameSyntax simple ? BlockingCallCodeFix.Rename(simple, newName) : current);
                }
            }
        }

        foreach (var (document, rewrite) in rewrites)
        {
            Edit(document, rewrite.Target, current => rewrite.Apply((ExpressionSyntax)current) ?? current);
            if (rewrite.NeedsTasks && !needsTasks.ContainsKey(document))
            {
                needsTasks[document] = rewrite.Target.SpanStart;
            }

            if (rewrite.Import is { } import)
            {
                if (!imports.TryGetValue(document, out var set))
                {
                    imports[document] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(import);
            }
        }

        foreach (DocumentId document in removals.Keys)
        {
            if (!edits.ContainsKey(document))
            {
                edits[document] = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
            }
        }

        Solution result = solution;
        foreach (var pair in edits)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (root, model) = documents[pair.Key];
            var editor = new SyntaxEditor(root, solution.Workspace.Services);

            // Innermost first, so that every outer edit sees (and keeps) the inner ones.
            foreach (var edit in pair.Value.OrderBy(e => e.Key.Span.Length).ThenByDescending(e => e.Key.SpanStart))
            {
                Func<SyntaxNode, SyntaxNode> change = edit.Value;
                editor.ReplaceNode(edit.Key, (current, _) => change(current));
            }

            if (removals.TryGetValue(pair.Key, out var toRemove))
            {
                foreach (SyntaxNode node in toRemove)
                {
                    editor.RemoveNode(node);
                }
            }

            var toImport = new List<string>();
            if (needsTasks.TryGetValue(pair.Key, out int position) && !BlockingCallCodeFix.TaskIsInScope(model, position))
            {
                toImport.Add("System.Threading.Tasks");
            }

            if (imports.TryGetValue(pair.Key, out var wanted))
            {
                toImport.AddRange(wanted.Where(i => !BlockingCallCodeFix.IsImported(model, root, i)).OrderBy(i => i, StringComparer.Ordinal));
            }

            result = result.WithDocumentSyntaxRoot(pair.Key, BlockingCallCodeFix.AddImports(root, editor.GetChangedRoot(), toImport));
        }

        return result;
    }

    private static SyntaxNode Rename(SyntaxNode declaration, string? newName) =>
        newName is null ? declaration : declaration switch
        {
            MethodDeclarationSyntax method => method.WithIdentifier(Identifier(newName).WithTriviaFrom(method.Identifier)),
            LocalFunctionStatementSyntax local => local.WithIdentifier(Identifier(newName).WithTriviaFrom(local.Identifier)),
            _ => declaration,
        };

    private static SyntaxNode AwaitCall(InvocationExpressionSyntax call, string? newName, bool parenthesize)
    {
        if (newName is not null)
        {
            ExpressionSyntax callee = call.Expression switch
            {
                MemberAccessExpressionSyntax member => member.WithName(BlockingCallCodeFix.Rename(member.Name, newName)),
                SimpleNameSyntax name => BlockingCallCodeFix.Rename(name, newName),
                _ => call.Expression,
            };
            call = call.WithExpression(callee);
        }

        ExpressionSyntax awaited = AwaitExpression(call.WithoutTrivia().WithAdditionalAnnotations(Formatter.Annotation));
        if (parenthesize)
        {
            awaited = ParenthesizedExpression(awaited);
        }

        return awaited.WithTriviaFrom(call);
    }

    /// <summary>The method and every caller that must become async with it; null when one of them cannot.</summary>
    private async Task<List<IMethodSymbol>?> CloseAsync(IMethodSymbol start)
    {
        var result = new List<IMethodSymbol>();
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { start };
        var queue = new Queue<IMethodSymbol>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            IMethodSymbol method = queue.Dequeue();
            MethodPlan? plan = await AnalyzeAsync(method).ConfigureAwait(false);
            if (plan is null)
            {
                return null;
            }

            result.Add(method);
            foreach (IMethodSymbol caller in plan.CallerMethods.Concat(plan.Linked))
            {
                if (seen.Add(caller))
                {
                    if (seen.Count > MaxMethods)
                    {
                        return null;
                    }

                    queue.Enqueue(caller);
                }
            }
        }

        return result;
    }

    private async Task<MethodPlan?> AnalyzeAsync(IMethodSymbol method)
    {
        if (analyzed.TryGetValue(method, out MethodPlan? known))
        {
            return known;
        }

        MethodPlan? plan = await AnalyzeCoreAsync(method).ConfigureAwait(false);
        analyzed[method] = plan;
        return plan;
    }

    /// <summary>How one synchronous method becomes async, and what that asks of its callers.</summary>
    private async Task<MethodPlan?> AnalyzeCoreAsync(IMethodSymbol method)
    {
        if (method.IsAsync || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation or MethodKind.LocalFunction)
            || method.DeclaringSyntaxReferences.Length != 1
            || method.IsAbstract || method.IsExtern || method.ReturnsByRef || method.ReturnsByRefReadonly
            || (!method.IsStatic && method.ContainingType.IsValueType)
            || method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType))
        {
            return null;
        }

        SyntaxReference reference = method.DeclaringSyntaxReferences[0];
        Document? document = solution.GetDocument(reference.SyntaxTree);
        if (document is null)
        {
            return null;
        }

        var (root, model) = await GetAsync(document).ConfigureAwait(false);
        if (root is null || model is null
            || root.FindNode(reference.Span, getInnermostNodeForTie: true) is not { } declaration
            || declaration is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
            || (BodyOf(declaration) is null && ArrowOf(declaration) is null)
            || ModifiersOf(declaration).Any(SyntaxKind.UnsafeKeyword))
        {
            return null;
        }

        if (TaskKind(method.ReturnType) is { } generic)
        {
            // Already returns a task: it becomes async with the same signature, so its callers (and any interface
            // or base contract) are untouched; its returns await or unwrap what they returned.
            return PlanTaskReturning(document.Id, declaration, model, generic);
        }

        if (declaration is LocalFunctionStatementSyntax local)
        {
            return await AnalyzeLocalFunctionAsync(method, local, document.Id, model).ConfigureAwait(false);
        }

        var (implements, contract) = InterfaceMemberOf(method);
        if (implements)
        {
            // The method fulfils an interface member: the interface and all its implementations change together,
            // when the interface is in the solution.
            if (contract is not null)
            {
                await AnalyzeInterfaceGroupAsync(contract).ConfigureAwait(false);
            }

            return analyzed.TryGetValue(method, out MethodPlan? member) ? member : null;
        }

        if (!BlockingCallCodeFix.CanBecomeAsync(method, (MethodDeclarationSyntax)declaration)
            || BlockingCallCodeFix.ReturnChange(method) is not { } change
            || HasRefLikeLocals(declaration, model))
        {
            return null;
        }

        var plan = new MethodPlan(document.Id, declaration, change);
        var (ok, calls, handler) = await CollectReferencesAsync(method, plan, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { method }).ConfigureAwait(false);
        if (!ok)
        {
            return null;
        }

        plan.HasCallers = calls > 0;
        if (!method.Name.EndsWith("Async", StringComparison.Ordinal) && !handler && calls > 0 && !IsFrameworkEntry(method))
        {
            string newName = method.Name + "Async";
            if (Conflicts(method, newName))
            {
                return null;
            }

            plan.NewName = newName;
        }

        return plan;
    }

    /// <summary>A local function: like a private method, and its new name must not clash with anything in scope.</summary>
    private async Task<MethodPlan?> AnalyzeLocalFunctionAsync(IMethodSymbol method, LocalFunctionStatementSyntax local, DocumentId document, SemanticModel model)
    {
        if (local.DescendantNodes().Any(n => n is YieldStatementSyntax)
            || BlockingCallCodeFix.ReturnChange(method) is not { } change
            || HasRefLikeLocals(local, model))
        {
            return null;
        }

        var plan = new MethodPlan(document, local, change);
        var (ok, calls, handler) = await CollectReferencesAsync(method, plan, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { method }).ConfigureAwait(false);
        if (!ok)
        {
            return null;
        }

        plan.HasCallers = calls > 0;
        if (!method.Name.EndsWith("Async", StringComparison.Ordinal) && !handler && calls > 0)
        {
            string newName = method.Name + "Async";
            if (!model.LookupSymbols(local.SpanStart, name: newName).IsEmpty)
            {
                return null;
            }

            plan.NewName = newName;
        }

        return plan;
    }

    private static BlockSyntax? BodyOf(SyntaxNode declaration) => declaration switch
    {
        BaseMethodDeclarationSyntax method => method.Body,
        LocalFunctionStatementSyntax local => local.Body,
        _ => null,
    };

    private static ArrowExpressionClauseSyntax? ArrowOf(SyntaxNode declaration) => declaration switch
    {
        BaseMethodDeclarationSyntax method => method.ExpressionBody,
        LocalFunctionStatementSyntax local => local.ExpressionBody,
        _ => null,
    };

    private static SyntaxTokenList ModifiersOf(SyntaxNode declaration) => declaration switch
    {
        MemberDeclarationSyntax member => member.Modifiers,
        LocalFunctionStatementSyntax local => local.Modifiers,
        _ => default,
    };

    /// <summary>Call sites, renames and handler uses of one method; false when a reference cannot follow the change.</summary>
    private async Task<(bool Ok, int Calls, bool Handler)> CollectReferencesAsync(IMethodSymbol method, MethodPlan plan, HashSet<IMethodSymbol> group)
    {
        bool handler = false;
        int calls = 0;
        IEnumerable<ReferencedSymbol> references = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
        foreach (ReferencedSymbol referenced in references)
        {
            if (referenced.Definition is not IMethodSymbol definition || !group.Contains(definition.OriginalDefinition))
            {
                if (referenced.Locations.Any())
                {
                    return (false, 0, false);
                }

                continue;
            }

            foreach (ReferenceLocation location in referenced.Locations)
            {
                if (location.IsImplicit || !location.Location.IsInSource)
                {
                    return (false, 0, false);
                }

                var (referenceRoot, referenceModel) = await GetAsync(location.Document).ConfigureAwait(false);
                if (referenceRoot is null || referenceModel is null)
                {
                    return (false, 0, false);
                }

                SyntaxToken token = referenceRoot.FindToken(location.Location.SourceSpan.Start, findInsideTrivia: true);
                if (token.Parent is not SimpleNameSyntax name)
                {
                    return (false, 0, false);
                }

                if (name.Ancestors().Any(a => a is CrefSyntax) || IsInNameof(name))
                {
                    plan.Renames.Add((location.Document.Id, name));
                    continue;
                }

                ExpressionSyntax expression = name.Parent is MemberAccessExpressionSyntax member && member.Name == name ? member : name;
                if (expression.Parent is ArgumentSyntax argument
                    && referenceModel.GetOperation(argument, cancellationToken) is IArgumentOperation { Parameter.Type.SpecialType: SpecialType.System_Delegate })
                {
                    // A method group given to a minimal API Map* call: the framework awaits what it returns.
                    handler = true;
                    continue;
                }

                if (location.IsCandidateLocation || name.Parent is MemberBindingExpressionSyntax)
                {
                    // Overload resolution did not settle here, or a?.Load(): awaiting a conditional call changes what null means.
                    return (false, 0, false);
                }

                if (expression.Parent is InvocationExpressionSyntax call && call.Expression == expression)
                {
                    calls++;
                    var (kind, caller, lambda) = CallerOf(call, referenceModel);
                    switch (kind)
                    {
                        case CallerKind.AlreadyAsync:
                            break;
                        case CallerKind.Method:
                            plan.CallerMethods.Add(caller!);
                            break;
                        case CallerKind.Lambda:
                            plan.Lambdas.Add((location.Document.Id, lambda!));
                            break;
                        default:
                            return (false, 0, false);
                    }

                    plan.CallSites.Add((location.Document.Id, call));
                    continue;
                }

                return (false, 0, false);
            }
        }

        return (true, calls, handler);
    }

    /// <summary>Whether the method implements an interface member, and which one (null when several, or when the interface is not in the solution).</summary>
    private static (bool Implements, IMethodSymbol? Contract) InterfaceMemberOf(IMethodSymbol method)
    {
        if (method.ExplicitInterfaceImplementations.Length > 0)
        {
            return (true, method.ExplicitInterfaceImplementations.Length == 1 ? InSource(method.ExplicitInterfaceImplementations[0].OriginalDefinition) : null);
        }

        IMethodSymbol? found = null;
        int count = 0;
        foreach (INamedTypeSymbol implemented in method.ContainingType.AllInterfaces)
        {
            foreach (IMethodSymbol member in implemented.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    found = member.OriginalDefinition;
                    count++;
                }
            }
        }

        return count == 0 ? (false, null) : (true, count == 1 ? InSource(found!) : null);
    }

    private static IMethodSymbol? InSource(IMethodSymbol member) =>
        member.DeclaringSyntaxReferences.Length == 1 && member.Locations.All(l => l.IsInSource) ? member : null;

    /// <summary>
    /// An interface member in the solution and every implementation of it: they become async together (same new
    /// name and return type), or none does.
    /// </summary>
    private async Task AnalyzeInterfaceGroupAsync(IMethodSymbol contract)
    {
        if (analyzed.ContainsKey(contract))
        {
            return;
        }

        analyzed[contract] = null;
        var members = new List<IMethodSymbol> { contract };
        var plans = new List<MethodPlan>();

        if (contract.IsStatic || contract.MethodKind != MethodKind.Ordinary || contract.ReturnsByRef || contract.ReturnsByRefReadonly
            || contract.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType)
            || BlockingCallCodeFix.ReturnChange(contract) is not { } change
            || await DeclarationOfAsync(contract).ConfigureAwait(false) is not { } contractDeclaration
            || contractDeclaration.Declaration.Body is not null || contractDeclaration.Declaration.ExpressionBody is not null)
        {
            return;
        }

        plans.Add(new MethodPlan(contractDeclaration.Document, contractDeclaration.Declaration, change) { Role = MemberRole.Contract });
        IEnumerable<ISymbol> implementations = await SymbolFinder.FindImplementationsAsync(contract, solution, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (ISymbol implementation in implementations)
        {
            if (implementation is not IMethodSymbol method
                || method.IsAsync || method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern || method.IsStatic
                || method.ContainingType.TypeKind != TypeKind.Class || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null
                || method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType)
                || BlockingCallCodeFix.ReturnChange(method) != change
                || !SymbolEqualityComparer.Default.Equals(InterfaceMemberOf(method).Contract, contract)
                || IsFrameworkEntry(method)
                || await DeclarationOfAsync(method).ConfigureAwait(false) is not { } declared
                || (declared.Declaration.Body is null && declared.Declaration.ExpressionBody is null)
                || declared.Declaration.Modifiers.Any(SyntaxKind.UnsafeKeyword)
                || declared.Declaration.DescendantNodes().Any(n => n is YieldStatementSyntax)
                || HasRefLikeLocals(declared.Declaration, documents[declared.Document].Model))
            {
                return;
            }

            members.Add(method);
            var plan = new MethodPlan(declared.Document, declared.Declaration, change) { Role = MemberRole.Implementation };
            PlanWrappedReturns(plan, documents[declared.Document].Model);
            plans.Add(plan);
        }

        string? newName = contract.Name.EndsWith("Async", StringComparison.Ordinal) ? null : contract.Name + "Async";
        if (newName is not null && members.Any(m => Conflicts(m, newName)))
        {
            return;
        }

        var group = new HashSet<IMethodSymbol>(members, SymbolEqualityComparer.Default);
        int calls = 0;
        for (int i = 0; i < members.Count; i++)
        {
            var (ok, memberCalls, handler) = await CollectReferencesAsync(members[i], plans[i], group).ConfigureAwait(false);
            if (!ok || handler)
            {
                return;
            }

            calls += memberCalls;
        }

        for (int i = 0; i < members.Count; i++)
        {
            plans[i].NewName = newName;
            plans[i].HasCallers = calls > 0;
            plans[i].Linked.AddRange(members);
            analyzed[members[i]] = plans[i];
        }
    }

    private async Task<(DocumentId Document, MethodDeclarationSyntax Declaration)?> DeclarationOfAsync(IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        SyntaxReference reference = method.DeclaringSyntaxReferences[0];
        if (solution.GetDocument(reference.SyntaxTree) is not { } document)
        {
            return null;
        }

        var (root, model) = await GetAsync(document).ConfigureAwait(false);
        return root is not null && model is not null && root.FindNode(reference.Span, getInnermostNodeForTie: true) is MethodDeclarationSyntax declaration
            ? (document.Id, declaration)
            : null;
    }

    /// <summary>
    /// For an implementation that has nothing to await: its returns wrapped in a completed task instead of a
    /// needless <c>async</c> (which would warn CS1998).
    /// </summary>
    private void PlanWrappedReturns(MethodPlan plan, SemanticModel model)
    {
        var declaration = (MethodDeclarationSyntax)plan.Declaration;
        if (declaration.ExpressionBody is { } arrow)
        {
            if (plan.Change == SignatureChange.WrapInTask)
            {
                plan.Wrapped.Add(arrow.Expression);
            }

            return;
        }

        foreach (SyntaxNode node in declaration.Body!.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            switch (node)
            {
                case ReturnStatementSyntax { Expression: { } returned } when plan.Change == SignatureChange.WrapInTask:
                    plan.Wrapped.Add(returned);
                    break;
                case ReturnStatementSyntax { Expression: null } empty when plan.Change == SignatureChange.VoidToTask:
                    plan.Wrapped.Add(empty);
                    break;
            }
        }

        plan.EndReachable = plan.Change == SignatureChange.VoidToTask
            && (declaration.Body.Statements.Count == 0 || model.AnalyzeControlFlow(declaration.Body) is not { Succeeded: true, EndPointIsReachable: false });
    }

    /// <summary>The signature change without <c>async</c>: for an interface member, or an implementation that wraps its returns.</summary>
    private static SyntaxNode ChangeReturnType(SyntaxNode declaration, SignatureChange change, bool wrapBody)
    {
        if (declaration is not MethodDeclarationSyntax method)
        {
            return declaration;
        }

        TypeSyntax returnType = method.ReturnType;
        TypeSyntax newReturnType = change switch
        {
            SignatureChange.VoidToTask => IdentifierName("Task").WithTriviaFrom(returnType),
            SignatureChange.WrapInTask => GenericName(Identifier("Task"), TypeArgumentList(SingletonSeparatedList(returnType.WithoutTrivia()))).WithTriviaFrom(returnType),
            _ => returnType,
        };
        method = method.WithReturnType(newReturnType);
        if (!wrapBody || change != SignatureChange.VoidToTask)
        {
            return method;
        }

        StatementSyntax completed = ReturnStatement(CompletedTask()).WithAdditionalAnnotations(Formatter.Annotation);
        if (method.ExpressionBody is { } arrow)
        {
            return method
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithBody(Block(ExpressionStatement(arrow.Expression.WithoutTrivia()), completed).WithAdditionalAnnotations(Formatter.Annotation))
                .WithTrailingTrivia(method.SemicolonToken.TrailingTrivia);
        }

        return method.Body is { } body ? method.WithBody(body.AddStatements(completed)) : method;
    }

    private static ExpressionSyntax CompletedTask() =>
        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("Task"), IdentifierName("CompletedTask"));

    private static SyntaxNode WrapReturn(SyntaxNode current, TypeSyntax resultType)
    {
        switch (current)
        {
            case ReturnStatementSyntax { Expression: null } empty:
                return empty.WithExpression(CompletedTask()).WithReturnKeyword(empty.ReturnKeyword.WithTrailingTrivia(Space));
            case ExpressionSyntax expression:
                return InvocationExpression(
                        MemberAccessExpression(
                            SyntaxKind.SimpleMemberAccessExpression,
                            IdentifierName("Task"),
                            GenericName(Identifier("FromResult"), TypeArgumentList(SingletonSeparatedList(resultType.WithoutTrivia())))),
                        ArgumentList(SingletonSeparatedList(Argument(expression.WithoutTrivia()))))
                    .WithTriviaFrom(expression);
            default:
                return current;
        }
    }

    /// <summary>True for <c>Task&lt;T&gt;</c> / <c>ValueTask&lt;T&gt;</c>, false for <c>Task</c> / <c>ValueTask</c>, null for anything else.</summary>
    private static bool? TaskKind(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask" } named && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
            ? named.Arity == 1
            : null;

    private MethodPlan? PlanTaskReturning(DocumentId document, SyntaxNode declaration, SemanticModel model, bool generic)
    {
        if (HasRefLikeLocals(declaration, model) || declaration.DescendantNodes().Any(n => n is YieldStatementSyntax))
        {
            return null;
        }

        var plan = new MethodPlan(document, declaration, SignatureChange.AddAsync) { HasCallers = true, GenericTask = generic };
        if (ArrowOf(declaration) is { } body)
        {
            if (IsNullOrDefault(body.Expression))
            {
                return null;
            }

            plan.Returns.Add((body.Expression, false));
            return plan;
        }

        BlockSyntax block = BodyOf(declaration)!;
        foreach (SyntaxNode node in block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is ReturnStatementSyntax { Expression: { } returned } statement)
            {
                if (IsNullOrDefault(returned) || statement.Ancestors().TakeWhile(a => a != declaration).Any(a => a is LockStatementSyntax or UnsafeStatementSyntax))
                {
                    return null;
                }

                plan.Returns.Add(generic ? (returned, false) : (statement, block.Statements.LastOrDefault() == statement));
            }
        }

        return plan;
    }

    /// <summary>A return of a method that becomes async: <c>Task.FromResult(x)</c> -&gt; <c>x</c>, <c>Task.CompletedTask</c> -&gt; nothing, else <c>await</c>.</summary>
    private static SyntaxNode RewriteReturn(SyntaxNode current, bool last, bool generic)
    {
        switch (current)
        {
            case ReturnStatementSyntax { Expression: { } returned } statement:
                if (IsCompletedTask(returned))
                {
                    return statement.WithExpression(null).WithReturnKeyword(statement.ReturnKeyword.WithTrailingTrivia());
                }

                StatementSyntax awaitStatement = ExpressionStatement(Awaited(returned)).WithTriviaFrom(statement);
                if (last)
                {
                    return awaitStatement;
                }

                return Block(awaitStatement.WithoutTrivia(), ReturnStatement()).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation);

            case ExpressionSyntax expression:
                if (generic && expression is InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult", Expression: IdentifierNameSyntax { Identifier.ValueText: "Task" or "ValueTask" } },
                        ArgumentList.Arguments.Count: 1,
                    } fromResult)
                {
                    return fromResult.ArgumentList.Arguments[0].Expression.WithTriviaFrom(expression);
                }

                return Awaited(expression).WithTriviaFrom(expression);

            default:
                return current;
        }
    }

    /// <summary><c>return null;</c> / <c>return default;</c> from a task-returning method: nothing to await.</summary>
    private static bool IsNullOrDefault(ExpressionSyntax expression) =>
        (expression is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : expression) is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression or (int)SyntaxKind.DefaultLiteralExpression }
            or DefaultExpressionSyntax or CastExpressionSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } };

    private static bool IsCompletedTask(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask", Expression: IdentifierNameSyntax { Identifier.ValueText: "Task" or "ValueTask" } };

    private static ExpressionSyntax Awaited(ExpressionSyntax expression) =>
        AwaitExpression(expression.WithoutTrivia().WithAdditionalAnnotations(Formatter.Annotation));

    /// <summary>What a call site needs so that it can await: nothing, its method made async, or its handler lambda made async.</summary>
    private (CallerKind Kind, IMethodSymbol? Method, AnonymousFunctionExpressionSyntax? Lambda) CallerOf(InvocationExpressionSyntax call, SemanticModel model)
    {
        foreach (SyntaxNode ancestor in call.Ancestors())
        {
            switch (ancestor)
            {
                case LockStatementSyntax or QueryExpressionSyntax or CatchFilterClauseSyntax or UnsafeStatementSyntax or FixedStatementSyntax or AttributeArgumentSyntax:
                    return (CallerKind.Fail, null, null);

                case AnonymousFunctionExpressionSyntax lambda:
                    if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                    {
                        return (CallerKind.AlreadyAsync, null, null);
                    }

                    // A minimal API handler (a lambda given as System.Delegate) may become async when it returns no task itself.
                    if (model.GetTypeInfo(lambda, cancellationToken).ConvertedType is { SpecialType: SpecialType.System_Delegate }
                        && model.GetSymbolInfo(lambda, cancellationToken).Symbol is IMethodSymbol { ReturnsByRef: false } signature
                        && (signature.ReturnsVoid || !IsAwaitable(signature.ReturnType)))
                    {
                        return (CallerKind.Lambda, null, lambda);
                    }

                    return (CallerKind.Fail, null, null);

                case LocalFunctionStatementSyntax local:
                    if (local.Modifiers.Any(SyntaxKind.AsyncKeyword))
                    {
                        return (CallerKind.AlreadyAsync, null, null);
                    }

                    return model.GetDeclaredSymbol(local, cancellationToken) is IMethodSymbol localSymbol
                        ? (CallerKind.Method, localSymbol, null)
                        : (CallerKind.Fail, null, null);

                case MethodDeclarationSyntax method:
                    if (model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol)
                    {
                        return (CallerKind.Fail, null, null);
                    }

                    return symbol.IsAsync ? (CallerKind.AlreadyAsync, null, null) : (CallerKind.Method, symbol, null);

                case MemberDeclarationSyntax or AccessorDeclarationSyntax or GlobalStatementSyntax or ConstructorInitializerSyntax:
                    return (CallerKind.Fail, null, null);
            }
        }

        return (CallerKind.Fail, null, null);
    }

    private static bool IsAwaitable(ITypeSymbol type) =>
        type.Name is "Task" or "ValueTask" or "IAsyncEnumerable" || type.GetMembers("GetAwaiter").Any();

    private static bool IsInNameof(SyntaxNode name) =>
        name.Ancestors().Any(a => a is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } });

    /// <summary>Locals an async method may not hold: ref locals, ref structs (Span&lt;T&gt;), stackalloc.</summary>
    private bool HasRefLikeLocals(SyntaxNode declaration, SemanticModel model)
    {
        foreach (SyntaxNode node in declaration.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            switch (node)
            {
                case RefTypeSyntax or RefExpressionSyntax or StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                    return true;
                case VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax:
                    if (model.GetDeclaredSymbol(node, cancellationToken) is ILocalSymbol { } local && (local.IsRef || local.Type.IsRefLikeType))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// Methods a framework finds by name (controller actions, Razor Pages handlers, hub methods, middleware,
    /// gRPC methods, attributed endpoints): they may become async, but renaming them would change a route or a
    /// hub method name.
    /// </summary>
    private static bool IsFrameworkEntry(IMethodSymbol method)
    {
        if (method.GetAttributes().Any(a => NamespaceOf(a.AttributeClass) is { } ns
            && (ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || ns.StartsWith("Microsoft.Azure", StringComparison.Ordinal))))
        {
            return true;
        }

        if (method.Name is "Invoke" or "InvokeAsync" || method.Parameters.Any(p => p.Type.Name == "ServerCallContext"))
        {
            return true;
        }

        if (method.DeclaredAccessibility != Accessibility.Public || method.IsStatic)
        {
            return false;
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name is "ControllerBase" or "Controller" or "PageModel" or "Hub" && NamespaceOf(type)?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true)
            {
                return true;
            }

            if (type.GetAttributes().Any(a => a.AttributeClass?.Name is "ApiControllerAttribute" or "ControllerAttribute"))
            {
                return true;
            }
        }

        return method.ContainingType.Name.EndsWith("Controller", StringComparison.Ordinal);
    }

    private static string? NamespaceOf(ISymbol? symbol) => symbol?.ContainingNamespace?.ToDisplayString();

    /// <summary>
    /// True when the type already has (or inherits) a member with the new name: even an overload would leave two
    /// similar async methods side by side, and callers may be better served by the existing one.
    /// </summary>
    private static bool Conflicts(IMethodSymbol method, string newName)
    {
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (!type.GetMembers(newName).IsEmpty)
            {
                return true;
            }
        }

        return method.ContainingType.AllInterfaces.Any(i => !i.GetMembers(newName).IsEmpty);
    }

    private async Task<(SyntaxNode? Root, SemanticModel? Model)> GetAsync(Document document)
    {
        if (documents.TryGetValue(document.Id, out var known))
        {
            return known;
        }

        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not null && model is not null)
        {
            documents[document.Id] = (root, model);
        }

        return (root, model);
    }

    private sealed class MethodPlan
    {
        internal MethodPlan(DocumentId document, SyntaxNode declaration, SignatureChange change)
        {
            Document = document;
            Declaration = declaration;
            Change = change;
        }

        internal DocumentId Document { get; }

        /// <summary>The method or local function declaration.</summary>
        internal SyntaxNode Declaration { get; }

        internal SignatureChange Change { get; }

        /// <summary><c>Load</c> -&gt; <c>LoadAsync</c>; null when the name stays.</summary>
        internal string? NewName { get; set; }

        internal bool HasCallers { get; set; }

        /// <summary>For a method that already returns a task: whether it is <c>Task&lt;T&gt;</c> (returns unwrap or await) or <c>Task</c>.</summary>
        internal bool GenericTask { get; set; }

        /// <summary>For a method that already returns a task: the returned expressions (or, for <c>Task</c>, return statements) to rewrite.</summary>
        internal List<(SyntaxNode Node, bool Last)> Returns { get; } = new();

        internal List<(DocumentId Document, InvocationExpressionSyntax Call)> CallSites { get; } = new();

        internal List<(DocumentId Document, SimpleNameSyntax Name)> Renames { get; } = new();

        internal List<(DocumentId Document, AnonymousFunctionExpressionSyntax Lambda)> Lambdas { get; } = new();

        internal List<IMethodSymbol> CallerMethods { get; } = new();

        internal MemberRole Role { get; set; }

        /// <summary>For an interface group: every member of it (they change together).</summary>
        internal List<IMethodSymbol> Linked { get; } = new();

        /// <summary>For an implementation that does not become async: returns to wrap in a task.</summary>
        internal List<SyntaxNode> Wrapped { get; } = new();

        /// <summary>For a void implementation that does not become async: whether the body needs a final <c>return Task.CompletedTask;</c>.</summary>
        internal bool EndReachable { get; set; }
    }
}
