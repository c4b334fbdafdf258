using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LambaPages.Features.Shared;

/// <summary>Lamba's VALIDATION_FAILED field errors placed next to the form's own fields ("displayName" becomes "Input.DisplayName").</summary>
public static class LambaFieldErrors
{
    public static void AddLambaFieldErrors(
        this ModelStateDictionary modelState, IReadOnlyDictionary<string, string[]>? errors, string prefix = "Input")
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
