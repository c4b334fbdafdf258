using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Admin.Audit;

/// <summary>The api-host call of the Audit slice: who did what, when, with the trace id.</summary>
[LambaApi(LambaHost.Api)]
public interface IAuditApi
{
    [Get("/v1/admin/audit-events")]
    Task<LambaList<AuditEvent>> ListAsync(int? limit, string? cursor, string? actor, string? action, CancellationToken cancellationToken);
}

/// <summary>An audit entry; the contract names only "who did what, when, trace id", so every field but the id is optional.</summary>
public sealed record AuditEvent(
    string Id,
    string? Action,
    AuditActor? Actor,
    string? Target,
    DateTimeOffset? OccurredAt,
    string? TraceId)
{
    public string Who => Actor?.Email ?? Actor?.UserId ?? "Lamba";
}

public sealed record AuditActor(string? UserId, string? Email);
