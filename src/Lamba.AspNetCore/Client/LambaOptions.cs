using Microsoft.Extensions.Options;

namespace Lamba.AspNetCore.Client;

/// <summary>The two Lamba hosts (contract section 1): the id host signs people in, the api host serves /v1/me and /v1/admin.</summary>
public enum LambaHost
{
    Id,
    Api,
}

/// <summary>
/// Lamba settings, bound from the contract's environment-variable names at the configuration root.
/// Validated at startup (<see cref="LambaOptionsValidator"/>), so a misconfigured portal never serves a page.
/// </summary>
public sealed class LambaOptions
{
    public const string DefaultSessionCookie = "__Host-lamba_access_token";
    public const string DefaultRefreshCookie = "__Host-lamba_refresh_token";

    [ConfigurationKeyName("LAMBA_CUSTOMER_AUTH_BASE_URL")]
    public Uri? AuthBaseUrl { get; set; }

    [ConfigurationKeyName("LAMBA_CUSTOMER_API_BASE_URL")]
    public Uri? ApiBaseUrl { get; set; }

    [ConfigurationKeyName("LAMBA_CUSTOMER_WORKSPACE_ID")]
    public string? WorkspaceId { get; set; }

    [ConfigurationKeyName("LAMBA_CUSTOMER_PROJECT_ID")]
    public string? ProjectId { get; set; }

    [ConfigurationKeyName("LAMBA_CUSTOMER_ENV")]
    public string? Environment { get; set; }

    // An empty variable means "not set": the default name applies.
    [ConfigurationKeyName("LAMBA_SESSION_COOKIE")]
    public string SessionCookie
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? DefaultSessionCookie : value.Trim();
    } = DefaultSessionCookie;

    [ConfigurationKeyName("LAMBA_REFRESH_COOKIE")]
    public string RefreshCookie
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? DefaultRefreshCookie : value.Trim();
    } = DefaultRefreshCookie;

    [ConfigurationKeyName("LAMBA_CLIENT_ID")]
    public string? ClientId { get; set; }

    /// <summary>LAMBA_WEBHOOK_SECRET: the shared secret Lamba signs webhooks with; the webhook receiver exists only when it is set.</summary>
    [ConfigurationKeyName("LAMBA_WEBHOOK_SECRET")]
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// LAMBA_PUBLIC_ORIGIN: the app's own origin for the absolute links it sends out (a magic link), so they never
    /// depend on the request's Host header. The app that sends such links checks it (an extra IValidateOptions).
    /// </summary>
    [ConfigurationKeyName("LAMBA_PUBLIC_ORIGIN")]
    public string? PublicOrigin { get; set; }

    /// <summary>Switch-context right after sign-in only when all three are set (contract section 1).</summary>
    public bool HasConfiguredContext =>
        !string.IsNullOrWhiteSpace(WorkspaceId) && !string.IsNullOrWhiteSpace(ProjectId) && !string.IsNullOrWhiteSpace(Environment);

    public Uri BaseUrlFor(LambaHost host) => host switch
    {
        LambaHost.Id => AuthBaseUrl,
        LambaHost.Api => ApiBaseUrl,
        _ => null,
    } ?? throw new InvalidOperationException($"No base URL is configured for the Lamba {host} host.");
}

/// <summary>Startup validation with messages that name the setting to fix.</summary>
public sealed class LambaOptionsValidator : IValidateOptions<LambaOptions>
{
    public ValidateOptionsResult Validate(string? name, LambaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AuthBaseUrl is null && options.ApiBaseUrl is null)
        {
            failures.Add("Lamba is not configured: set LAMBA_CUSTOMER_AUTH_BASE_URL and LAMBA_CUSTOMER_API_BASE_URL. "
                + "The embedded local emulator starts only in the Development environment.");
        }
        else
        {
            CheckUrl(options.AuthBaseUrl, "LAMBA_CUSTOMER_AUTH_BASE_URL", failures);
            CheckUrl(options.ApiBaseUrl, "LAMBA_CUSTOMER_API_BASE_URL", failures);
        }

        if (!string.IsNullOrWhiteSpace(options.Environment) && options.Environment is not ("test" or "prod"))
        {
            failures.Add($"LAMBA_CUSTOMER_ENV must be 'test' or 'prod', not '{options.Environment}'.");
        }

        CheckCookieName(options.SessionCookie, "LAMBA_SESSION_COOKIE", failures);
        CheckCookieName(options.RefreshCookie, "LAMBA_REFRESH_COOKIE", failures);
        if (string.Equals(options.SessionCookie, options.RefreshCookie, StringComparison.Ordinal))
        {
            failures.Add("LAMBA_SESSION_COOKIE and LAMBA_REFRESH_COOKIE must name two different cookies.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrl(Uri? url, string key, List<string> failures)
    {
        if (url is null)
        {
            failures.Add($"{key} is required.");
        }
        else if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} must be an absolute http(s) URL.");
        }
    }

    private static void CheckCookieName(string? cookieName, string key, List<string> failures)
    {
        // RFC 6265 token characters only: a name with separators would be silently mangled by browsers.
        if (string.IsNullOrWhiteSpace(cookieName) || cookieName.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c)))
        {
            failures.Add($"{key} must be a non-empty cookie name without spaces or separators.");
        }
    }
}
