using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace NoDowntime.Analyzers.Cancellation;

/// <summary>
/// ND3006: a local <c>new CancellationTokenSource()</c> whose <c>Token</c> is read, with no <c>CancelAfter</c>, created
/// where a token is available. Sources kept in fields (cancelled from elsewhere) and sources with a timeout are
/// left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnlinkedTokenSourceAnalyzer : DiagnosticAnalyzer
{
    internal const string TokenProperty = "Token";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.UnlinkedTokenSource);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            CancellationContext? cancellation = CancellationContext.Create(start.Compilation, start.Options);
            if (cancellation?.TokenSource is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, cancellation), OperationKind.ObjectCreation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, CancellationContext cancellation)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Arguments.Length != 0 || creation.Type is null || !SymbolEqualityComparer.Default.Equals(creation.Type, cancellation.TokenSource))
        {
            return;
        }

        IOperation? parent = creation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        if (parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return;
        }

        ILocalSymbol local = declarator.Symbol;
        IOperation root = creation;
        while (root.Parent is not null and not IAnonymousFunctionOperation and not ILocalFunctionOperation)
        {
            root = root.Parent;
        }

        bool tokenRead = false;
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation { Instance: ILocalReferenceOperation target, TargetMethod.Name: "CancelAfter" }
                && SymbolEqualityComparer.Default.Equals(target.Local, local))
            {
                return;
            }

            if (operation is IPropertyReferenceOperation { Property.Name: "Token", Instance: ILocalReferenceOperation reader }
                && SymbolEqualityComparer.Default.Equals(reader.Local, local))
            {
                tokenRead = true;
            }
        }

        if (!tokenRead || cancellation.IsExempt(creation, context.ContainingSymbol)
            || TokenScope.Find(creation, context.ContainingSymbol, cancellation) is not { } token)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(TokenProperty, token.Expression);
        context.ReportDiagnostic(Diagnostic.Create(Rules.UnlinkedTokenSource, creation.Syntax.GetLocation(), properties, local.Name, token.Expression));
    }
}
