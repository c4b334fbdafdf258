using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lamba.Emulator.Oidc;

/// <summary>A management token's scope: the App Client and the one Project environment it may administer.</summary>
public sealed record ManagementClaims(string ClientId, string WorkspaceId, string ProjectId, string Environment);

/// <summary>
/// The OIDC-only tokens, signed with the same ES256 key as access tokens (one JWKS): ID tokens for a client's
/// sign-in, and management tokens from <c>client_credentials</c>, which carry <c>token_use=management</c> and no
/// session, so the session authenticator never accepts them.
/// </summary>
public sealed class OidcTokens(SigningKeys keys, TokenIssuer issuer, EmulatorOptions options, EmulatorClock clock)
{
    public const string TokenUseClaim = "token_use";
    public const string Management = "management";

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string IssueIdToken(User user, string clientId, string sessionId, string? nonce, DateTimeOffset authTime, IReadOnlyList<string> amr)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = user.Id,
            [AccessTokens.SessionClaim] = sessionId,
            [JwtRegisteredClaimNames.AuthTime] = authTime.ToUnixTimeSeconds(),
            [JwtRegisteredClaimNames.Amr] = amr.ToArray(),
            ["email_verified"] = user.EmailVerified,
        };
        AddIfPresent(claims, JwtRegisteredClaimNames.Nonce, nonce);
        AddIfPresent(claims, JwtRegisteredClaimNames.Email, user.Email);
        AddIfPresent(claims, "name", user.DisplayName);
        AddIfPresent(claims, "preferred_username", user.Username);
        return Sign(clientId, claims, options.AccessTokenLifetime).Token;
    }

    public (string Token, DateTimeOffset ExpiresAt) IssueManagementToken(AppClient client, string workspaceId, string projectId, string environment) =>
        Sign(options.Audience, new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = client.Id,
            ["client_id"] = client.Id,
            [TokenUseClaim] = Management,
            ["wid"] = workspaceId,
            ["pid"] = projectId,
            ["env"] = environment,
            [JwtRegisteredClaimNames.Jti] = Ids.New("mtk"),
        }, options.AccessTokenLifetime);

    /// <summary>A signed, unexpired management token's scope, or null.</summary>
    public async Task<ManagementClaims?> ReadManagementTokenAsync(string token)
    {
        var jwt = await ValidateAsync(token, options.Audience);
        return jwt is not null && jwt.ValidTo > clock.GetUtcNow().UtcDateTime
            && jwt.TryGetPayloadValue<string>(TokenUseClaim, out var use) && use == Management
            && jwt.TryGetPayloadValue<string>("wid", out var workspaceId)
            && jwt.TryGetPayloadValue<string>("pid", out var projectId)
            && jwt.TryGetPayloadValue<string>("env", out var environment)
            ? new ManagementClaims(jwt.Subject, workspaceId, projectId, environment)
            : null;
    }

    /// <summary>The client and session an <c>id_token_hint</c> names; an expired hint is still a hint (OIDC RP-Initiated Logout).</summary>
    public async Task<(string ClientId, string SessionId)?> ReadIdTokenHintAsync(string hint)
    {
        var jwt = await ValidateAsync(hint, audience: null);
        return jwt is not null && jwt.TryGetPayloadValue<string>(AccessTokens.SessionClaim, out var sessionId) && jwt.Audiences.FirstOrDefault() is { } clientId
            ? (clientId, sessionId)
            : null;
    }

    private (string Token, DateTimeOffset ExpiresAt) Sign(string audience, Dictionary<string, object> claims, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + lifetime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.Issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = keys.Credentials,
        });
        return (token, expiresAt);
    }

    private async Task<JsonWebToken?> ValidateAsync(string token, string? audience)
    {
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidAudience = audience,
            ValidateAudience = audience is not null,
            IssuerSigningKey = keys.SecurityKey,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidateIssuerSigningKey = true,
            // Judged against the emulator clock by the callers that care.
            ValidateLifetime = false,
        });
        return result.IsValid ? result.SecurityToken as JsonWebToken : null;
    }

    private static void AddIfPresent(Dictionary<string, object> claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims[name] = value;
        }
    }
}
