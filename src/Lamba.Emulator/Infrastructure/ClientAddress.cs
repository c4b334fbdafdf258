namespace Lamba.Emulator.Infrastructure;

/// <summary>
/// Who is on the other end, for per-client lockouts and send limits [ours]: the connecting address, plus the browser's
/// address when a backend-for-frontend passes it in <see cref="ForwardedHeader"/> (the portal does, see its
/// ClientInfoHandler). The header is never trusted alone: the connecting address is part of the key, so a direct
/// caller can only ever name clients behind itself.
/// </summary>
public static class ClientAddress
{
    public const string ForwardedHeader = "X-Forwarded-For";

    public static string Of(HttpContext httpContext)
    {
        var connecting = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var forwarded = httpContext.Request.Headers[ForwardedHeader].ToString().Split(',')[0].Trim();
        return forwarded.Length is > 0 and <= 64 ? connecting + ">" + forwarded : connecting;
    }
}
