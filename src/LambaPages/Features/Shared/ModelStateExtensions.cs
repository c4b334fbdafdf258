using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LambaPages.Features.Shared;

public static class ModelStateExtensions
{
    /// <summary>
    /// Puts Lamba's VALIDATION_FAILED field errors (camelCase field names) next to the form's fields:
    /// "password" becomes "Input.Password". One voice with the page's own FluentValidation errors.
    /// </summary>
    public static void AddLambaErrors(this ModelStateDictionary modelState, IReadOnlyDictionary<string, string[]>? errors, string prefix = "Input")
    {
        ArgumentNullException.ThrowIfNull(modelState);
        foreach (var (field, messages) in errors ?? new Dictionary<string, string[]>())
        {
            var key = string.IsNullOrEmpty(field) ? string.Empty : $"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}";
            foreach (var message in messages)
            {
                modelState.AddModelError(key, message);
            }
        }
    }
}
