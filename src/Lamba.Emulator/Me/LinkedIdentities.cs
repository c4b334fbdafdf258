using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Me;

public sealed record LinkedIdentityItem(string Provider, string Subject, string? Email, DateTimeOffset LinkedAt);

/// <summary><c>GET /v1/me/linked-identities</c>: a section 6 list, oldest link first; empty unless seeded.</summary>
public static class LinkedIdentities
{
    public static async Task<IResult> ListAsync(int? limit, string? cursor, Caller caller, LambaDb db, CancellationToken cancellationToken)
    {
        // Linked identities have no fixed id prefix; any id works as a position in this list.
        var (page, problem) = KeysetPaging.Read(limit, cursor, idPrefix: null);
        if (page is null)
        {
            return problem!;
        }

        var query = db.LinkedIdentities.AsNoTracking().Where(i => i.UserId == caller.UserId);
        if (page.AfterId is { } afterId)
        {
            query = query.Where(i => string.Compare(i.Id, afterId) > 0);
        }

        var rows = await query.OrderBy(i => i.Id).Take(page.FetchCount).ToListAsync(cancellationToken);
        return Results.Ok(KeysetPaging.Build(rows, page, i => i.Id, i => new LinkedIdentityItem(i.Provider, i.Subject, i.Email, i.LinkedAt)));
    }
}
