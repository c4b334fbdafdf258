using System.Net;
using System.Text.Json;
using Lamba.AspNetCore.Client;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// On the api host: a 401 refreshes the session once and retries the call once (contract section 7).
/// A second 401, or a refresh Lamba rejects, ends the session. A 5xx or timeout during the refresh
/// propagates as an ordinary failure: the cookies stay, the error page shows.
/// </summary>
public sealed class RefreshOnUnauthorizedHandler(IHttpContextAccessor httpContextAccessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var session = LambaSession.Current(httpContextAccessor.HttpContext);
        if (session is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (request.Content is not null)
        {
            // The retry sends the same message again; a buffered body can be read twice.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || await RejectsAProofAsync(response, cancellationToken))
        {
            return response;
        }

        response.Dispose();
        request.Options.TryGetValue(BearerTokenHandler.SessionTokenKey, out var rejectedToken);
        if (!await session.TryRefreshAsync(rejectedToken, cancellationToken))
        {
            throw new LambaSessionEndedException("Lamba rejected the session and its refresh.");
        }

        var retry = await base.SendAsync(request, cancellationToken);
        if (retry.StatusCode == HttpStatusCode.Unauthorized)
        {
            retry.Dispose();
            throw new LambaSessionEndedException("Lamba rejected the refreshed session.");
        }

        return retry;
    }

    /// <summary>
    /// A 401 that refuses what the user typed (a wrong current password or code on a step-up form) says nothing
    /// about the session: it goes back to the caller as it is, never refreshed, retried or turned into a sign-out.
    /// </summary>
    private static async Task<bool> RejectsAProofAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.ValueKind == JsonValueKind.Object
                && problem.RootElement.TryGetProperty("errorCode", out var code)
                && code.ValueKind == JsonValueKind.String
                && ProofRejectedCodes.Contains(code.GetString()!);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static readonly HashSet<string> ProofRejectedCodes = new(StringComparer.Ordinal)
    {
        "INVALID_CREDENTIALS",
        "MFA_CODE_INVALID",
        "OTP_INVALID",
    };
}
