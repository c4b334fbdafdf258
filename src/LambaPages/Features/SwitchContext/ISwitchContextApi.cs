using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using Refit;

namespace LambaPages.Features.SwitchContext;

/// <summary>The id-host call of the SwitchContext slice, with the session's bearer.</summary>
[LambaApi(LambaHost.Id)]
public interface ISwitchContextApi
{
    [Post("/v1/sessions/switch-context")]
    Task<LambaTokens> SwitchContextAsync([Body] SwitchContextBody body, CancellationToken cancellationToken);
}

public sealed record SwitchContextBody(string WorkspaceId, string ProjectId, string Environment);
