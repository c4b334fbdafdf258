using System.Net;
using Lamba.AspNetCore.Client;
using Microsoft.Extensions.Options;
using Refit;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// Turns freshly issued tokens (login now; register, magic link and phone later) into the session the
/// portal keeps: when LAMBA_CUSTOMER_WORKSPACE_ID, _PROJECT_ID and _ENV are all set, it switches into that
/// context first. A user who may not enter it keeps the unscoped session rather than being refused sign-in.
/// </summary>
public sealed class SessionEstablisher(ISessionApi api, IOptions<LambaOptions> options, ILogger<SessionEstablisher> logger)
{
    public async Task<LambaTokens> EstablishAsync(LambaTokens issued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var settings = options.Value;
        if (!settings.HasConfiguredContext)
        {
            return issued;
        }

        try
        {
            return await api.SwitchContextAsync(
                issued.AccessToken,
                new SwitchContextRequest(settings.WorkspaceId!, settings.ProjectId!, settings.Environment!),
                cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            logger.LogWarning("Could not enter the configured context: Lamba answered {Status} {ErrorCode}",
                (int)ex.StatusCode, ex.ToLambaProblem().ErrorCode);
            return issued;
        }
    }
}
