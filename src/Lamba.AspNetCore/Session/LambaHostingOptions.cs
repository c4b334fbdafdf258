namespace Lamba.AspNetCore.Session;

/// <summary>
/// How the library fits into the app that hosts it: where its sign-in and denied pages live, how it tells a user
/// their session ended, and where the Data Protection key ring that encrypts the session cookies is kept.
/// Set through LambaApplicationExtensions.AddLamba.
/// </summary>
public sealed class LambaHostingOptions
{
    public const string DefaultSessionEndedMessage = "Your session has ended. Please sign in again.";

    /// <summary>Where an anonymous request (or an ended session) is sent, with ?returnUrl= the page it asked for.</summary>
    public string LoginPath { get; set; } = "/Login";

    /// <summary>Where a signed-in request that lacks something is redirected (authorization failures other than permissions).</summary>
    public string DeniedPath { get; set; } = "/Denied";

    /// <summary>
    /// The Razor page (view path, e.g. "/Denied/Index") rendered in place with 403 when a permission is missing; it can
    /// read the <see cref="Authorization.PermissionDenial"/> from the request's features. Null: a bare 403.
    /// </summary>
    public string? DeniedPage { get; set; }

    /// <summary>What the login page says after Lamba ended the session.</summary>
    public string SessionEndedMessage { get; set; } = DefaultSessionEndedMessage;

    /// <summary>The TempData key the app's layout shows status messages from; null: the message is not passed on.</summary>
    public string? StatusMessageKey { get; set; }

    /// <summary>Data Protection application name: apps sharing one key ring and name can read each other's cookies.</summary>
    public string? ApplicationName { get; set; }

    /// <summary>Where the key ring is persisted; null keeps ASP.NET Core's default location.</summary>
    public string? KeysDirectory { get; set; }

    /// <summary>Every endpoint needs a signed-in session unless it allows anonymous access (the fallback policy).</summary>
    public bool RequireSignedInByDefault { get; set; } = true;
}
