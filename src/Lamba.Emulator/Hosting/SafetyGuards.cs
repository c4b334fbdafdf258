using System.Net;
using System.Security.Cryptography;
using System.Text;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Ui;

namespace Lamba.Emulator.Hosting;

/// <summary>
/// DNS rebinding guard: a page on evil.example whose name is re-pointed at 127.0.0.1 reaches this port with
/// <c>Host: evil.example</c>. Only loopback names, IP literals (which no DNS answer can rebind) and the
/// configured <see cref="EmulatorOptions.AllowedHosts"/> are answered.
/// </summary>
public sealed class HostGuard(RequestDelegate next, EmulatorOptions options)
{
    private readonly HashSet<string> allowed = new(options.AllowedHostNames, StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext httpContext)
    {
        var host = httpContext.Request.Host.Host;
        if (host.Length > 0 && (Loopback.IsLoopbackName(host) || IPAddress.TryParse(host.Trim('[', ']'), out _) || allowed.Contains(host)))
        {
            return next(httpContext);
        }

        return ProblemWriter.WriteAsync(httpContext, Problems.Of(
            StatusCodes.Status400BadRequest,
            ErrorCodes.ValidationFailed,
            "This emulator answers loopback host names and IP addresses only. Add this host name with --allowed-hosts."));
    }
}

/// <summary>
/// The control surface (<c>/_emulator</c> and the UI) when a control token is configured: every call carries it, in
/// the <c>X-Emulator-Token</c> header (tools) or the UI's cookie. And a control POST must be <c>application/json</c>:
/// an HTML form (or a no-cors fetch) from another site can only send form, multipart or text bodies, and a JSON
/// body from another origin needs a CORS preflight this emulator never grants.
/// </summary>
public sealed class ControlGuard(RequestDelegate next, EmulatorOptions options)
{
    public const string TokenHeader = "X-Emulator-Token";
    public const string TokenCookie = "lamba-emulator-control";

    public Task InvokeAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var isControl = request.Path.StartsWithSegments(ControlPaths.Prefix, StringComparison.OrdinalIgnoreCase);
        if (!isControl && !UiPaths.Owns(request.Path))
        {
            return next(httpContext);
        }

        if (!CarriesToken(request) && !UiPaths.IsUnlock(request.Path))
        {
            return isControl
                ? ProblemWriter.WriteAsync(httpContext, Problems.Unauthorized(ErrorCodes.Unauthenticated, $"This emulator has a control token: send it in the {TokenHeader} header."))
                : UiPaths.RedirectToUnlock(httpContext);
        }

        if (isControl && HttpMethods.IsPost(request.Method) && !IsJson(request.ContentType))
        {
            return ProblemWriter.WriteAsync(httpContext, Problems.Of(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.ValidationFailed,
                "Control calls take application/json (send {} when there is nothing to say)."));
        }

        return next(httpContext);
    }

    /// <summary>Whether the request carries the configured control token (always true when none is configured).</summary>
    public bool CarriesToken(HttpRequest request) =>
        options.ControlToken is not { Length: > 0 } expected
        || Matches(request.Headers[TokenHeader].ToString(), expected)
        || Matches(request.Cookies[TokenCookie], expected);

    internal static bool Matches(string? given, string expected) =>
        !string.IsNullOrEmpty(given)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Split(';')[0].EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
}
