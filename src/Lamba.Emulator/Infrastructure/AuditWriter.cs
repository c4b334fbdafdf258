using Lamba.Emulator.Store;

namespace Lamba.Emulator.Infrastructure;

/// <summary>Adds audit events to the current unit of work (saved with the caller's SaveChanges), stamped with the request's trace id.</summary>
public sealed class AuditWriter(LambaDb db, IHttpContextAccessor httpContextAccessor, EmulatorClock clock)
{
    /// <summary>Records an event in a Project environment; without one it lands in the default Project (sign-ins, sign-ups).</summary>
    public AuditEvent Record(
        string action,
        string? target,
        string? actorUserId,
        string? actorEmail,
        string workspaceId = SeedData.WorkspaceId,
        string projectId = SeedData.DefaultProjectId,
        string environment = SeedData.DefaultEnvironment)
    {
        var auditEvent = new AuditEvent
        {
            Id = Ids.New("evt"),
            WorkspaceId = workspaceId,
            ProjectId = projectId,
            Environment = environment,
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
