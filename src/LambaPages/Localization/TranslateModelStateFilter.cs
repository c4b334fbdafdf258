using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LambaPages.Localization;

/// <summary>
/// Validators, handlers and Lamba's mapped errors all speak English into ModelState; this translates every message
/// that has an entry, just before the page renders, so each of them is written once and localized in one place.
/// </summary>
public sealed class TranslateModelStateFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        Translate(executed.ModelState);
    }

    internal static void Translate(ModelStateDictionary modelState)
    {
        foreach (var (_, entry) in modelState)
        {
            if (entry.Errors.Count == 0)
            {
                continue;
            }

            var translated = entry.Errors
                .Select(error => error.Exception is null && Text.Localizer[error.ErrorMessage] is { ResourceNotFound: false } text
                    ? new ModelError(text.Value)
                    : error)
                .ToList();
            entry.Errors.Clear();
            foreach (var error in translated)
            {
                entry.Errors.Add(error);
            }
        }
    }
}
