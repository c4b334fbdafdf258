using Lamba.AspNetCore.Client;
using Lamba.AspNetCore;
using Refit;

namespace LambaPages.Features.Me;

/// <summary>The api-host calls of the Me slice (the signed-in user's own data).</summary>
[LambaApi(LambaHost.Api)]
public interface IMeApi
{
    [Get("/v1/me/context")]
    Task<MeContext> GetContextAsync(CancellationToken cancellationToken);
}

/// <summary>GET /v1/me/context: who is signed in and which Workspace / Project / environment the session is in.</summary>
public sealed record MeContext(MeUser User, WorkspaceRef? ActiveWorkspace, ActiveProjectRef? ActiveProject, IReadOnlyList<string>? RoleKeys)
{
    public IReadOnlyList<string> Roles => RoleKeys ?? [];
}

public sealed record MeUser(string Id, string? Email, string? Username, string? DisplayName)
{
    /// <summary>What to call the user: email, else username, else display name (a phone sign-up may have no email).</summary>
    public string SignInName => Email ?? Username ?? DisplayName ?? Id;
}

public sealed record WorkspaceRef(string Id, string? Name);

public sealed record ActiveProjectRef(string Id, string? Name, string? Environment);
