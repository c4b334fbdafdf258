using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LambaPages.Session;

/// <summary>
/// Makes the cookie session an ASP.NET Core identity so [Authorize], the fallback policy and folder
/// conventions work. It reads no claims from the access token: the token is opaque to the portal, and
/// what the user may do comes from Lamba (/v1/me/authorization), never from the token's contents.
/// </summary>
public sealed class LambaSessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    LambaSession session)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "LambaSession";
    public const string LoginPath = "/Login";
    public const string DeniedPath = "/Denied";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!session.IsActive)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(authenticationType: SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Redirect(LoginUrl(Context));
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.Redirect(Request.PathBase + DeniedPath);
        return Task.CompletedTask;
    }

    /// <summary>/Login?returnUrl=&lt;this request's local path&gt; (a POST returns to the page, not the form post).</summary>
    public static string LoginUrl(HttpContext context)
    {
        var request = context.Request;
        var returnUrl = request.PathBase + request.Path + (HttpMethods.IsGet(request.Method) ? request.QueryString : QueryString.Empty);
        return request.PathBase + LoginPath + QueryString.Create("returnUrl", returnUrl);
    }
}
