namespace LambaPages.Hosting;

/// <summary>
/// The framework cookies the portal renames: <c>__Host-</c> makes the browser refuse them unless Secure, Path=/ and
/// without Domain, so a sibling subdomain cannot plant or overwrite them.
/// </summary>
public static class CookieNames
{
    public const string Antiforgery = "__Host-antiforgery";
    public const string TempData = "__Host-tempdata";

    /// <summary>One year, the preload list's minimum.</summary>
    public const int DefaultHstsDays = 365;
}
