using System.Net;
using System.Text.Json;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lamba.Emulator.Tests;

public sealed class AccessTokenTests(ClassEmulator shared) : EmulatorTest(shared)
{
    [Fact]
    public async Task Access_tokens_are_es256_jwts_that_verify_against_the_jwks()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        var jwksText = await Emulator.Http.GetStringAsync("/.well-known/jwks.json");
        var jwks = new JsonWebKeySet(jwksText);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(login.Access, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = Emulator.Running.BaseAddress.ToString().TrimEnd('/'),
            ValidAudience = "lamba-customer",
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal(Assert.Single(jwks.Keys).Kid, jwt.Kid);
        Assert.Equal(SeedData.ViewerId, jwt.Subject);
        Assert.StartsWith("ses_", jwt.GetClaim("sid").Value, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.InRange(jwt.ValidTo - jwt.IssuedAt, TimeSpan.FromMinutes(14.9), TimeSpan.FromMinutes(15.1));
        Assert.False(jwt.TryGetClaim("pid", out _));
        Assert.DoesNotContain("\"d\"", jwksText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_tokens_expire_by_the_emulator_clock()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");

        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var response = await Emulator.GetAsync("/v1/me/context", login.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
        using var refreshed = await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = login.Refresh });
        await Emulator.GetJsonAsync("/v1/me/context", (await Tokens.ReadAsync(refreshed)).Access);
    }

    [Fact]
    public async Task Honours_a_shorter_configured_lifetime()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.AccessTokenLifetime = TimeSpan.FromSeconds(5));
        var login = await emulator.LoginAsync("viewer@acme.test");
        Assert.InRange(login.AccessExpiresAt - emulator.Clock.GetUtcNow(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        await emulator.AdvanceClockAsync(TimeSpan.FromSeconds(6));
        using var response = await emulator.GetAsync("/v1/me/context", login.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
    }

    [Fact]
    public async Task Refuses_a_tampered_token()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        var parts = login.Access.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.Decode(parts[1]))!;
        payload["sub"] = JsonSerializer.SerializeToElement(SeedData.OwnerId);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";

        using var response = await Emulator.GetAsync("/v1/me/context", tampered);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Refuses_a_token_from_another_emulator()
    {
        await using var other = await TestEmulator.StartAsync();
        var foreign = await other.LoginAsync("viewer@acme.test");

        using var response = await Emulator.GetAsync("/v1/me/context", foreign.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Refuses_a_missing_or_non_bearer_authorization()
    {
        using var missing = await Emulator.GetAsync("/v1/me/context");
        using var basic = await Emulator.SendAsync(HttpMethod.Get, "/v1/me/context", null, tweak: r => r.Headers.Authorization = new("Basic", "dXNlcjpwYXNz"));

        await Problem.AssertAsync(missing, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await Problem.AssertAsync(basic, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Contains("Bearer", missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_when_the_session_was_last_seen()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        var signedInAt = (await Emulator.WithDbAsync(db => db.Sessions.SingleAsync())).LastSeenAt;

        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        await Emulator.GetJsonAsync("/v1/me/context", login.Access);

        var lastSeen = (await Emulator.WithDbAsync(db => db.Sessions.SingleAsync())).LastSeenAt;
        Assert.InRange(lastSeen - signedInAt, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6));
    }

    [Fact]
    public async Task The_permission_gate_needs_an_active_context_and_the_permission()
    {
        await using var emulator = await TestEmulator.StartAsync(app => app
            .MapGet("/probe/members", (AdminScope scope) => Results.Ok(new { scope.ProjectId, scope.Environment, scope.Caller.UserId }))
            .RequirePermission(PermissionKeys.MembersRead));
        var support = await emulator.LoginAsync("support@acme.test");
        var viewer = await emulator.LoginAsync("viewer@acme.test");

        using var noContext = await emulator.GetAsync("/probe/members", support.Access);
        await Problem.AssertAsync(noContext, HttpStatusCode.Forbidden, "CONTEXT_REQUIRED");

        var viewerInContext = await emulator.SwitchAsync(viewer.Access);
        using var denied = await emulator.GetAsync("/probe/members", viewerInContext.Access);
        await Problem.AssertAsync(denied, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");

        var supportInContext = await emulator.SwitchAsync(support.Access);
        var allowed = await emulator.GetJsonAsync("/probe/members", supportInContext.Access);
        Assert.Equal(SeedData.StorefrontId, allowed.GetProperty("projectId").GetString());
        Assert.Equal("test", allowed.GetProperty("environment").GetString());
        Assert.Equal(SeedData.SupportId, allowed.GetProperty("userId").GetString());

        using var anonymous = await emulator.GetAsync("/probe/members");
        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }
}
