using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.Admin.Invitations;

/// <summary>The api-host calls of the Invitations slice (contract section 5).</summary>
[LambaApi(LambaHost.Api)]
public interface IInvitationsApi
{
    [Get("/v1/admin/invitations")]
    Task<LambaList<Invitation>> ListAsync(string? status, CancellationToken cancellationToken);

    [Post("/v1/admin/invitations")]
    Task<IApiResponse> CreateAsync([Body] CreateInvitationRequest body, CancellationToken cancellationToken);

    [Post("/v1/admin/invitations/{id}/resend")]
    Task<IApiResponse> ResendAsync(string id, CancellationToken cancellationToken);

    [Delete("/v1/admin/invitations/{id}")]
    Task<IApiResponse> RevokeAsync(string id, CancellationToken cancellationToken);
}

public sealed record Invitation(
    string Id,
    string? Email,
    IReadOnlyList<string>? RoleKeys,
    string? Status,
    string? InvitedBy,
    string? InvitedByEmail,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt)
{
    public IReadOnlyList<string> Roles => RoleKeys ?? [];

    /// <summary>The inviter's email when Lamba sends it, else their user id.</summary>
    public string? Inviter => InvitedByEmail ?? InvitedBy;
}

public sealed record CreateInvitationRequest(string Email, IReadOnlyList<string> RoleKeys, int ExpiresInDays);
