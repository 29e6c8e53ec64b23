using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NoDowntime.Analyzers.Hosting;

/// <summary>
/// Evaluates a duration written as a constant: <c>TimeSpan.FromSeconds(45)</c>, <c>new TimeSpan(0, 2, 0)</c>,
/// <c>TimeSpan.MaxValue</c>, <c>Timeout.InfiniteTimeSpan</c>, or a number of milliseconds.
/// </summary>
internal static class ConstantDuration
{
    /// <summary>Seconds of a <c>TimeSpan</c> expression, <see cref="double.PositiveInfinity"/> for "forever", null when not constant.</summary>
    internal static double? TimeSpanSeconds(IOperation? operation, HostApiTable api)
    {
        operation = Unwrap(operation);
        switch (operation)
        {
            case IInvocationOperation invocation
                when invocation.TargetMethod.IsStatic && IsType(invocation.TargetMethod.ContainingType, api.TimeSpan):
                return FactoryCall(invocation);

            case IObjectCreationOperation creation
                when IsType(creation.Type, api.TimeSpan) && creation.Constructor is not null:
                return Sum(creation.Arguments, defaultUnit: null);

            case IFieldReferenceOperation field when field.Field.IsStatic:
                if (IsType(field.Field.ContainingType, api.TimeSpan))
                {
                    return field.Field.Name switch
                    {
                        "MaxValue" => double.PositiveInfinity,
                        "Zero" => 0,
                        _ => null,
                    };
                }

                if (IsType(field.Field.ContainingType, api.Timeout) && field.Field.Name == "InfiniteTimeSpan")
                {
                    return double.PositiveInfinity;
                }

                return null;

            default:
                return null;
        }
    }

    /// <summary>Seconds of a delay argument: a <c>TimeSpan</c>, or an <c>int</c> number of milliseconds (-1 is infinite).</summary>
    internal static double? DelaySeconds(IOperation? operation, HostApiTable api)
    {
        IOperation? value = Unwrap(operation);
        if (value is null)
        {
            return null;
        }

        if (IsType(value.Type, api.TimeSpan))
        {
            return TimeSpanSeconds(value, api);
        }

        if (value.ConstantValue is { HasValue: true, Value: int milliseconds })
        {
            return milliseconds == -1 ? double.PositiveInfinity : milliseconds / 1000.0;
        }

        return null;
    }

    /// <summary>"45 seconds", "2 minutes", "infinite".</summary>
    internal static string Describe(double seconds)
    {
        if (double.IsPositiveInfinity(seconds))
        {
            return "infinite";
        }

        if (seconds >= 60 && seconds % 60 == 0)
        {
            double minutes = seconds / 60;
            return minutes.ToString("0.###", CultureInfo.InvariantCulture) + (minutes == 1 ? " minute" : " minutes");
        }

        return seconds.ToString("0.###", CultureInfo.InvariantCulture) + (seconds == 1 ? " second" : " seconds");
    }

    private static double? FactoryCall(IInvocationOperation invocation)
    {
        string? unit = invocation.TargetMethod.Name switch
        {
            "FromDays" => "days",
            "FromHours" => "hours",
            "FromMinutes" => "minutes",
            "FromSeconds" => "seconds",
            "FromMilliseconds" => "milliseconds",
            "FromMicroseconds" => "microseconds",
            "FromTicks" => "ticks",
            _ => null,
        };

        return unit is null ? null : Sum(invocation.Arguments, unit);
    }

    /// <summary>Adds up constant arguments by their parameter names (days, hours, ..., ticks).</summary>
    private static double? Sum(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string? defaultUnit)
    {
        double total = 0;
        foreach (IArgumentOperation argument in arguments)
        {
            if (argument.Value.ConstantValue is not { HasValue: true, Value: { } constant })
            {
                return null;
            }

            double number;
            try
            {
                number = Convert.ToDouble(constant, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
            {
                return null;
            }

            string name = argument.Parameter?.Name ?? string.Empty;
            double? factor = Factor(name) ?? (defaultUnit is null ? null : Factor(defaultUnit));
            if (factor is null)
            {
                return null;
            }

            total += number * factor.Value;
        }

        return total;
    }

    private static double? Factor(string unit) => unit switch
    {
        "days" => 86400,
        "hours" => 3600,
        "minutes" => 60,
        "seconds" => 1,
        "milliseconds" => 0.001,
        "microseconds" => 0.000001,
        "ticks" => 0.0000001,
        _ => null,
    };

    private static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        while (operation is IParenthesizedOperation parenthesized)
        {
            operation = parenthesized.Operand;
        }

        return operation;
    }

    private static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
