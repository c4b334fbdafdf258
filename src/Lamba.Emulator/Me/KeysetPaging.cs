using Lamba.Emulator.Infrastructure;

namespace Lamba.Emulator.Me;

/// <summary>A validated page request: how many items, and the id the previous page ended on (null for the first page).</summary>
public sealed record PageRequest(int Limit, string? AfterId)
{
    /// <summary>Fetch one row more than the page holds: its presence is what says another page exists.</summary>
    public int FetchCount => Limit + 1;
}

/// <summary>
/// Section 6 lists paged by id (ids sort by creation time, so the order is stable and a cursor never skips or
/// repeats an item when rows are added). The cursor is <see cref="Paging.EncodeCursor"/> of the last id.
/// </summary>
public static class KeysetPaging
{
    /// <summary>Validates <c>limit</c> (1 to 100, default 20) and a cursor, which must name an id of this list's kind (<paramref name="idPrefix"/>, when the ids have one).</summary>
    public static (PageRequest? Request, ProblemResult? Problem) Read(int? limit, string? cursor, string? idPrefix)
    {
        var (size, problem) = Paging.ReadLimit(limit);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (!Paging.TryDecodeCursor(cursor, out var afterId) || (afterId is not null && idPrefix is not null && !afterId.StartsWith(idPrefix + "_", StringComparison.Ordinal)))
        {
            return (null, Problems.Validation("cursor", "This cursor is not valid for this list; start again without one."));
        }

        return (new PageRequest(size, afterId), null);
    }

    /// <summary>
    /// Pages a short list already ordered in memory (memberships, roles, permissions) the same way: the cursor is
    /// the last item's <paramref name="key"/>, so the next page starts right after it.
    /// </summary>
    public static (ListPage<T>? Page, ProblemResult? Problem) PageOf<T>(IReadOnlyList<T> ordered, int? limit, string? cursor, Func<T, string> key)
    {
        var (request, problem) = Read(limit, cursor, idPrefix: null);
        if (request is null)
        {
            return (null, problem);
        }

        var start = 0;
        if (request.AfterId is { } after)
        {
            var index = ordered.ToList().FindIndex(item => string.Equals(key(item), after, StringComparison.Ordinal));
            if (index < 0)
            {
                return (null, Problems.Validation("cursor", "This cursor is not valid for this list; start again without one."));
            }

            start = index + 1;
        }

        return (Build(ordered.Skip(start).Take(request.FetchCount).ToList(), request, key, item => item), null);
    }

    /// <summary>Turns up to <see cref="PageRequest.FetchCount"/> ordered rows into a page; <c>nextCursor</c> is null on the last page.</summary>
    public static ListPage<TItem> Build<TRow, TItem>(IReadOnlyList<TRow> rows, PageRequest request, Func<TRow, string> id, Func<TRow, TItem> map)
    {
        var page = rows.Take(request.Limit).ToList();
        var nextCursor = rows.Count > request.Limit ? Paging.EncodeCursor(id(page[^1])) : null;
        return new ListPage<TItem>(page.Select(map).ToList(), nextCursor);
    }
}
