using System.Text.Json.Serialization;

namespace Lamba.AspNetCore.Client;

/// <summary>
/// The one token shape that login, register, magic-link, phone, refresh and switch-context return
/// (contract section 2). The portal treats both tokens as opaque.
/// </summary>
public sealed record LambaTokens(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("refresh_token_expires_at")] DateTimeOffset RefreshTokenExpiresAt,
    [property: JsonPropertyName("access_token_expires_at")] DateTimeOffset? AccessTokenExpiresAt = null,
    [property: JsonPropertyName("token_type")] string? TokenType = null)
{
    // A record prints every property; tokens must never reach a log line through ToString.
    public override string ToString() => $"LambaTokens {{ RefreshTokenExpiresAt = {RefreshTokenExpiresAt:O} }}";
}
