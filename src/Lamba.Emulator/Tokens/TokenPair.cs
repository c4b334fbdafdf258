using System.Text.Json.Serialization;

namespace Lamba.Emulator.Tokens;

/// <summary>The one token shape of contract section 2; snake_case on the wire, exactly as the contract names it.</summary>
public sealed record TokenPair(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("access_token_expires_at")] DateTimeOffset AccessTokenExpiresAt,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("refresh_token_expires_at")] DateTimeOffset RefreshTokenExpiresAt)
{
    [JsonPropertyName("token_type")]
    public string TokenType => "Bearer";
}
