namespace Lamba.Emulator.Ui;

/// <summary>Where the development UI lives: <c>/</c> and everything under <c>/ui</c>.</summary>
public static class UiPaths
{
    public const string Prefix = "/ui";
    public const string Unlock = "/ui/unlock";

    public static bool Owns(PathString path) => path == "/" || path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    public static bool IsUnlock(PathString path) => path.Equals(Unlock, StringComparison.OrdinalIgnoreCase);

    public static Task RedirectToUnlock(HttpContext httpContext)
    {
        httpContext.Response.Redirect(Unlock);
        return Task.CompletedTask;
    }
}
