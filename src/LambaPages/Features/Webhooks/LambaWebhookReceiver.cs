using System.Text.Json;
using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace LambaPages.Features.Webhooks;

/// <summary>The part of the envelope (contract section 8) the portal reads; unknown fields are ignored.</summary>
public sealed record WebhookEnvelope(string? Id, string? Type, WebhookData? Data);

public sealed record WebhookData(string? UserId, string? SessionId);

/// <summary>
/// <c>POST /webhooks/lamba</c>: Lamba's signed events. Anonymous and without antiforgery by design: the HMAC over the
/// raw body is the proof, checked in constant time with a 300 s tolerance. An event id seen before answers 204 again
/// without acting twice (idempotent, and a captured request cannot be replayed into effect). Role changes, removals
/// and ended sessions drop the cached permissions on every instance, so the next request asks Lamba.
/// Refusals are problem details and are logged without the body.
/// </summary>
public static class LambaWebhookReceiver
{
    public const string Path = "/webhooks/lamba";
    private const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapLambaWebhooks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext httpContext,
        IOptions<LambaOptions> options,
        IPermissionInvalidation permissions,
        IDistributedCache seen,
        TimeProvider timeProvider,
        ILogger<WebhookLog> logger,
        CancellationToken cancellationToken)
    {
        if (options.Value.WebhookSecret is not { Length: > 0 } secret)
        {
            return Refuse(StatusCodes.Status404NotFound, "WEBHOOKS_NOT_CONFIGURED", "This portal does not receive Lamba webhooks (LAMBA_WEBHOOK_SECRET is not set).");
        }

        var body = await ReadBodyAsync(httpContext.Request, cancellationToken);
        if (body is null)
        {
            logger.LogWarning("Refused a Lamba webhook: body larger than {Limit} bytes", MaxBodyBytes);
            return Refuse(StatusCodes.Status413PayloadTooLarge, "WEBHOOK_TOO_LARGE", "The webhook body is too large.");
        }

        var headers = httpContext.Request.Headers;
        switch (WebhookSignature.Check(secret, headers["X-Lamba-Timestamp"], headers["X-Lamba-Signature"], body, timeProvider.GetUtcNow()))
        {
            case WebhookRejection.MissingHeaders:
                logger.LogWarning("Refused a Lamba webhook: X-Lamba-Timestamp or X-Lamba-Signature missing or malformed");
                return Refuse(StatusCodes.Status400BadRequest, "WEBHOOK_SIGNATURE_MISSING", "X-Lamba-Timestamp and X-Lamba-Signature (v1=...) are required.");
            case WebhookRejection.StaleTimestamp:
                logger.LogWarning("Refused a Lamba webhook: timestamp outside the {Tolerance} tolerance", WebhookSignature.Tolerance);
                return Refuse(StatusCodes.Status400BadRequest, "WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE", "The webhook timestamp is more than 300 seconds away from now.");
            case WebhookRejection.BadSignature:
                logger.LogWarning("Refused a Lamba webhook: signature does not match");
                return Refuse(StatusCodes.Status400BadRequest, "WEBHOOK_SIGNATURE_INVALID", "The webhook signature does not match its body.");
        }

        var envelope = Parse(body);
        if (envelope is not { Id.Length: > 0, Type.Length: > 0 })
        {
            logger.LogWarning("Refused a signed Lamba webhook: the body is not an event envelope with id and type");
            return Refuse(StatusCodes.Status400BadRequest, "WEBHOOK_MALFORMED", "The webhook body is not an event envelope with id and type.");
        }

        var seenKey = "LambaPages.Webhooks.Seen:" + envelope.Id;
        if (await seen.GetStringAsync(seenKey, cancellationToken) is not null)
        {
            logger.LogInformation("Lamba webhook {EventId} ({Type}) already handled", envelope.Id, envelope.Type);
            return Results.NoContent();
        }

        await ActAsync(envelope, permissions, cancellationToken);
        // Past twice the tolerance the timestamp check refuses a replay by itself.
        await seen.SetStringAsync(seenKey, "1", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = 2 * WebhookSignature.Tolerance }, cancellationToken);
        logger.LogInformation("Lamba webhook {EventId} ({Type}) handled", envelope.Id, envelope.Type);
        return Results.NoContent();
    }

    /// <summary>
    /// What changes what a user may do, or ends a session, drops cached permissions on every instance. The cache is keyed
    /// by the portal's sessions, not Lamba's users, so every session asks Lamba once on its next request.
    /// </summary>
    private static async Task ActAsync(WebhookEnvelope envelope, IPermissionInvalidation permissions, CancellationToken cancellationToken)
    {
        if (envelope.Type is "member.roles_changed" or "member.removed" or "session.revoked")
        {
            await permissions.ForgetEverySessionAsync(cancellationToken);
        }
    }

    private static WebhookEnvelope? Parse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<WebhookEnvelope>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The raw bytes exactly as signed; null when larger than the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult Refuse(int status, string errorCode, string detail) =>
        Results.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["errorCode"] = errorCode });

    /// <summary>The log category of the receiver.</summary>
    public sealed class WebhookLog;
}
