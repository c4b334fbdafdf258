using LambaPages.Lamba;
using Refit;

namespace LambaPages.Features.Admin.Audit;

/// <summary>The api-host call of the Audit slice: who did what, when, with the trace id.</summary>
public interface IAuditApi
{
    [Get("/v1/admin/audit-events")]
    Task<LambaList<AuditEvent>> ListAsync(int? limit, string? cursor, string? actor, string? action, CancellationToken cancellationToken);
}

public sealed record AuditEvent(
    string Id,
    string? Action,
    string? ActorUserId,
    string? ActorEmail,
    string? Target,
    DateTimeOffset? OccurredAt,
    string? TraceId)
{
    public string Actor => ActorEmail ?? ActorUserId ?? "Lamba";
}
