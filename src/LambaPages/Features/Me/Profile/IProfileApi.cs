using Lamba.AspNetCore.Client;
using Lamba.AspNetCore;
using System.Text.Json.Nodes;
using Refit;

namespace LambaPages.Features.Me.Profile;

/// <summary>The api-host calls of the Profile slice.</summary>
[LambaApi(LambaHost.Api)]
public interface IProfileApi
{
    [Get("/v1/me/profile")]
    Task<UserProfile> GetProfileAsync(CancellationToken cancellationToken);

    /// <summary>JSON merge-patch: only the members present change; a null member clears that field.</summary>
    [Patch("/v1/me/profile")]
    Task<UserProfile> UpdateProfileAsync([Body] JsonObject changes, CancellationToken cancellationToken);
}

/// <summary>GET /v1/me/profile (contract section 4). Only <see cref="Id"/> is required; the rest may be absent.</summary>
public sealed record UserProfile(
    string Id,
    string? Email,
    bool EmailVerified,
    string? Username,
    string? DisplayName,
    string? Phone,
    string? Locale,
    string? TimeZone,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);
