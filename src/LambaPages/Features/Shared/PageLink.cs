using System.Collections.Concurrent;

namespace LambaPages.Features.Shared;

/// <summary>
/// The address of a page of this app, for the navigation every signed-in page renders. Pages live at their folder path
/// (RootDirectory "/Features", no custom routes), so "/Me/Profile/Index" is served at "/Me/Profile": the address follows
/// from the name without asking the link generator, whose route-value lookups (an anchor tag helper per link, about
/// fifteen per page) were a large share of what a page view allocated (bench B5).
/// </summary>
public static class PageLink
{
    private const string IndexSuffix = "/Index";

    /// <summary>Page name to path, worked out once per page: the names are the app's own, a few dozen at most.</summary>
    private static readonly ConcurrentDictionary<string, string> Paths = new(StringComparer.Ordinal);

    public static string Href(HttpRequest request, string page)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(page);
        var path = Paths.GetOrAdd(page, PathOf);
        return request.PathBase.HasValue ? request.PathBase + path : path;
    }

    /// <summary>"/Me/Profile/Index" → "/Me/Profile"; "/Index" → "/".</summary>
    private static string PathOf(string page)
    {
        var folder = page.EndsWith(IndexSuffix, StringComparison.Ordinal) ? page[..^IndexSuffix.Length] : page;
        return folder.Length == 0 ? "/" : folder;
    }
}
