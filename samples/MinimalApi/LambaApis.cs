using System.Text.Json;
using Lamba.AspNetCore.Client;
using Refit;

namespace MinimalApi;

/// <summary>Signing in on the id host; a refusal is an expected answer, so it comes back as a value, not an exception.</summary>
public interface IPasswordApi
{
    [Post("/v1/auth/login/password")]
    Task<IApiResponse<LambaTokens>> SignInAsync([Body] PasswordSignIn body, CancellationToken cancellationToken);
}

public sealed record PasswordSignIn(string Login, string Password)
{
    public override string ToString() => nameof(PasswordSignIn);
}

/// <summary>Who is signed in, and in which Workspace, Project and environment (with the session's bearer).</summary>
public interface IContextApi
{
    [Get("/v1/me/context")]
    Task<JsonElement> GetContextAsync(CancellationToken cancellationToken);
}
