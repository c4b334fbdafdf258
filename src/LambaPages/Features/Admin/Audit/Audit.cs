using LambaPages.Features;
using Lamba.AspNetCore.Client;
using Mediator;

[assembly: FeatureFolder("/Admin/Audit", FeatureFlags.AdminAudit)]

namespace LambaPages.Features.Admin.Audit;

/// <summary>One page of the audit log, optionally filtered by actor and action.</summary>
public sealed record AuditEventsQuery(string? Cursor, string? Actor, string? Action) : IQuery<LambaList<AuditEvent>>
{
    public const int PageSize = 20;
}

public sealed class AuditEventsQueryHandler(IAuditApi api) : IQueryHandler<AuditEventsQuery, LambaList<AuditEvent>>
{
    public async ValueTask<LambaList<AuditEvent>> Handle(AuditEventsQuery query, CancellationToken cancellationToken) =>
        await api.ListAsync(AuditEventsQuery.PageSize, Clean(query.Cursor), Clean(query.Actor), Clean(query.Action), cancellationToken);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
