using Lamba.Emulator.Store;
using Lamba.Emulator.Store.Seeding;

namespace Lamba.Emulator.Infrastructure;

/// <summary>Adds audit events to the current unit of work (saved with the caller's SaveChanges), stamped with the request's trace id.</summary>
public sealed class AuditWriter(LambaDb db, IHttpContextAccessor httpContextAccessor, EmulatorClock clock, TenantSeed seed)
{
    /// <summary>Records an event in a Project environment; without one it lands in the seed's sign-up home (sign-ins, sign-ups).</summary>
    public AuditEvent Record(
        string action,
        string? target,
        string? actorUserId,
        string? actorEmail,
        string? workspaceId = null,
        string? projectId = null,
        string? environment = null)
    {
        var home = seed.SignUpHome();
        var auditEvent = new AuditEvent
        {
            Id = Ids.New("evt"),
            WorkspaceId = workspaceId ?? home.WorkspaceId,
            ProjectId = projectId ?? home.ProjectId,
            Environment = environment ?? home.Environment,
            ActorUserId = actorUserId,
            ActorEmail = actorEmail,
            Action = action,
            Target = target,
            OccurredAt = clock.GetUtcNow(),
            TraceId = httpContextAccessor.HttpContext is { } httpContext ? ProblemWriter.TraceId(httpContext) : "",
        };
        db.AuditEvents.Add(auditEvent);
        return auditEvent;
    }
}
