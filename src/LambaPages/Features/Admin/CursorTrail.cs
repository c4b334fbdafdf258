using Microsoft.AspNetCore.Http.Extensions;

namespace LambaPages.Features.Admin;

/// <summary>
/// Cursor paging with the way back kept in the URL: <c>?cursor=C3&amp;prev=&amp;prev=C2</c> is the third page, and
/// "Previous" pops the last cursor of the trail (the empty one is the first page). Lamba's cursors stay opaque.
/// </summary>
public sealed class CursorTrail(string? cursor, IEnumerable<string?> prev)
{
    public string? Cursor { get; } = cursor;

    /// <summary>Earlier cursors, oldest first; an empty one (the form binder reads "prev=" as null) is the first page.</summary>
    public IReadOnlyList<string> Prev { get; } = prev.Select(p => p ?? "").ToList();

    public bool HasPrevious => Prev.Count > 0;

    /// <summary>The URL of the next page, or null on the last page.</summary>
    public string? NextUrl(string path, string? nextCursor, IEnumerable<KeyValuePair<string, string?>> filters) =>
        string.IsNullOrEmpty(nextCursor) ? null : Url(path, nextCursor, [.. Prev, Cursor ?? ""], filters);

    /// <summary>The URL of the previous page, or null on the first page.</summary>
    public string? PreviousUrl(string path, IEnumerable<KeyValuePair<string, string?>> filters) =>
        HasPrevious ? Url(path, Prev[^1], Prev.Take(Prev.Count - 1).ToList(), filters) : null;

    private static string Url(string path, string cursor, IReadOnlyList<string> prev, IEnumerable<KeyValuePair<string, string?>> filters)
    {
        var query = new QueryBuilder();
        foreach (var (key, value) in filters)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(key, value);
            }
        }

        if (!string.IsNullOrEmpty(cursor))
        {
            query.Add("cursor", cursor);
        }

        foreach (var earlier in prev)
        {
            query.Add("prev", earlier);
        }

        return path + query.ToQueryString();
    }
}
