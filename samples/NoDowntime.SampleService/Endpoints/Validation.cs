using Microsoft.AspNetCore.Http.HttpResults;

namespace NoDowntime.SampleService.Endpoints;

/// <summary>Input rules. Failures become RFC 7807 validation problems (application/problem+json, 400).</summary>
public static class Validation
{
    public const int MaxQuantity = 100;

    public static Dictionary<string, string[]> ValidateCreate(CreateOrderRequest request)
    {
        Dictionary<string, string[]> errors = new(StringComparer.Ordinal);
        if (request.CustomerId is null || !IsValidCustomerId(request.CustomerId))
        {
            errors["customerId"] = ["customerId is required: 1-64 letters, digits, '-' or '_'."];
        }

        if (request.Sku is null || !IsValidSku(request.Sku))
        {
            errors["sku"] = ["sku is required: 1-32 letters, digits or '-'."];
        }

        if (request.Quantity is < 1 or > MaxQuantity)
        {
            errors["quantity"] = [$"quantity must be between 1 and {MaxQuantity}."];
        }

        return errors;
    }

    public static Dictionary<string, string[]> ValidatePage(int? limit, int maxPage, long? after)
    {
        Dictionary<string, string[]> errors = new(StringComparer.Ordinal);
        if (limit is not null && (limit < 1 || limit > maxPage))
        {
            errors["limit"] = [$"limit must be between 1 and {maxPage}."];
        }

        if (after is < 0)
        {
            errors["after"] = ["after must not be negative."];
        }

        return errors;
    }

    public static bool IsValidCustomerId(string value) => IsToken(value, 64, allowUnderscore: true);

    public static bool IsValidSku(string value) => IsToken(value, 32, allowUnderscore: false);

    private static bool IsToken(string value, int maxLength, bool allowUnderscore)
    {
        if (value.Length == 0 || value.Length > maxLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || (allowUnderscore && c == '_')))
            {
                return false;
            }
        }

        return true;
    }
}

public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
