using System.Text.Json.Serialization;
using Lamba.Emulator.Infrastructure;

namespace Lamba.Emulator.Webhooks;

/// <summary>The event types the emulator sends (contract section 8).</summary>
public static class WebhookEventTypes
{
    public const string UserCreated = "user.created";
    public const string SessionRevoked = "session.revoked";
    public const string MemberRolesChanged = "member.roles_changed";
    public const string MemberRemoved = "member.removed";
    public const string InvitationAccepted = "invitation.accepted";

    public static IReadOnlyList<string> All { get; } = [UserCreated, SessionRevoked, MemberRolesChanged, MemberRemoved, InvitationAccepted];
}

/// <summary>The envelope of contract section 8; <see cref="Data"/> is the event's own object.</summary>
public sealed record WebhookEnvelope(
    string Id,
    string Type,
    DateTimeOffset OccurredAt,
    string? WorkspaceId,
    string? ProjectId,
    string? Environment,
    [property: JsonPropertyName("data")] object Data);

public sealed record UserCreatedData(string UserId, string? Email, string? Username, string? DisplayName, string Method);

public sealed record SessionRevokedData(string SessionId, string UserId, string Reason);

public sealed record MemberRolesChangedData(string UserId, IReadOnlyList<string> RoleKeys, IReadOnlyList<string> PreviousRoleKeys);

public sealed record MemberRemovedData(string UserId, IReadOnlyList<string> PreviousRoleKeys);

public sealed record InvitationAcceptedData(string InvitationId, string UserId, string? Email, IReadOnlyList<string> RoleKeys);

/// <summary>
/// Where a change raises its event (scoped, one per request). Events wait until the request has finished, so a
/// change made in a transaction is committed before anyone hears of it, and a change that failed is never announced.
/// </summary>
public sealed class WebhookEvents(WebhookDispatcher dispatcher, EmulatorClock clock, IHttpContextAccessor httpContextAccessor)
{
    private List<WebhookEnvelope>? staged;

    public void Raise(string type, string? workspaceId, string? projectId, string? environment, object data)
    {
        var envelope = new WebhookEnvelope(Ids.New("evt"), type, clock.GetUtcNow(), workspaceId, projectId, environment, data);
        if (httpContextAccessor.HttpContext is not { } httpContext)
        {
            dispatcher.Dispatch(envelope);
            return;
        }

        if (staged is null)
        {
            var events = staged = [];
            httpContext.Response.OnCompleted(() =>
            {
                foreach (var item in events)
                {
                    dispatcher.Dispatch(item);
                }

                return Task.CompletedTask;
            });
        }

        staged.Add(envelope);
    }
}
