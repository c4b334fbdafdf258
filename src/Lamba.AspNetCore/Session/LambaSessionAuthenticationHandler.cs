using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// Makes the cookie session an ASP.NET Core identity so [Authorize], the fallback policy, folder conventions
/// and antiforgery work. It reads no claims from the access token: the token is opaque to the portal, and
/// what the user may do comes from Lamba (/v1/me/authorization), never from the token's contents. The one
/// claim is the portal's own session id (<see cref="LambaSession.SessionId"/>).
/// </summary>
public sealed class LambaSessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    LambaSession session,
    IOptions<LambaHostingOptions> hosting)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "LambaSession";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!session.IsActive)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Only the portal's own session id: it names the user for antiforgery and logs, and says nothing about Lamba.
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, session.SessionId ?? "unknown")], authenticationType: SchemeName);
        var principal = new ClaimsPrincipal(identity);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Redirect(LoginUrl(Context, hosting.Value.LoginPath));
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.Redirect(Request.PathBase + hosting.Value.DeniedPath);
        return Task.CompletedTask;
    }

    /// <summary>/Login?returnUrl=&lt;this request's local path&gt; (a POST returns to the page, not the form post).</summary>
    public static string LoginUrl(HttpContext context, string loginPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var returnUrl = request.PathBase + request.Path + (HttpMethods.IsGet(request.Method) ? request.QueryString : QueryString.Empty);
        return request.PathBase + loginPath + QueryString.Create("returnUrl", returnUrl);
    }
}
