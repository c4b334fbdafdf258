namespace Lamba.AspNetCore.Client;

/// <summary>Every Lamba list (contract section 6): a page of items and the cursor of the next page, null on the last.</summary>
public sealed record LambaList<T>(IReadOnlyList<T>? Items, string? NextCursor)
{
    public IReadOnlyList<T> All => Items ?? [];
}
