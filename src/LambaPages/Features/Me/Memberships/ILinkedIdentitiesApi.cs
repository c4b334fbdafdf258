using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Me.Memberships;

/// <summary>The Memberships slice's own api-host call (where the user can go is the shared <see cref="Lamba.IMembershipsApi"/>).</summary>
[LambaApi(LambaHost.Api)]
public interface ILinkedIdentitiesApi
{
    [Get("/v1/me/linked-identities")]
    Task<LambaList<LinkedIdentity>> GetLinkedIdentitiesAsync(CancellationToken cancellationToken);
}

public sealed record LinkedIdentity(string Provider, string? Subject, string? Email, DateTimeOffset? LinkedAt);
