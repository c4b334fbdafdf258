using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lamba.Emulator.Tokens;

/// <summary>What an access token says; only trusted after <see cref="AccessTokens.ReadAsync"/> checked its signature.</summary>
public sealed record AccessTokenClaims(string UserId, string SessionId, long Generation, DateTimeOffset ExpiresAt);

public enum AccessTokenState
{
    Valid,
    Expired,
    Invalid,
}

/// <summary>Issues and reads ES256 JWT access tokens. Expiry is judged against the emulator clock, not the machine's.</summary>
public sealed class AccessTokens(SigningKeys keys, TokenIssuer issuer, EmulatorOptions options, EmulatorClock clock)
{
    public const string SessionClaim = "sid";
    public const string GenerationClaim = "gen";

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public (string Token, DateTimeOffset ExpiresAt) Issue(Session session)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + options.AccessTokenLifetime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = session.UserId,
            [SessionClaim] = session.Id,
            [GenerationClaim] = session.Generation,
            [JwtRegisteredClaimNames.Jti] = Ids.New("atk"),
        };
        if (session.ProjectId is not null)
        {
            claims["wid"] = session.WorkspaceId!;
            claims["pid"] = session.ProjectId;
            claims["env"] = session.Environment!;
        }

        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = keys.Credentials,
        });
        return (token, expiresAt);
    }

    /// <summary>Checks signature, algorithm, issuer and audience; reports expiry separately so callers can say TOKEN_EXPIRED.</summary>
    public async Task<(AccessTokenState State, AccessTokenClaims? Claims)> ReadAsync(string token)
    {
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKeys = keys.ValidationKeys,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidateIssuerSigningKey = true,
            // Lifetime is checked below against the emulator clock, which tests move.
            ValidateLifetime = false,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt
            || !jwt.TryGetPayloadValue<string>(SessionClaim, out var sessionId)
            || !jwt.TryGetPayloadValue<long>(GenerationClaim, out var generation)
            || string.IsNullOrEmpty(jwt.Subject))
        {
            return (AccessTokenState.Invalid, null);
        }

        var claims = new AccessTokenClaims(jwt.Subject, sessionId, generation, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
        return (claims.ExpiresAt <= clock.GetUtcNow() ? AccessTokenState.Expired : AccessTokenState.Valid, claims);
    }
}
