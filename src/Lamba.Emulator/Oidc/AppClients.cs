using System.Net;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Oidc;

/// <summary>
/// An App Client of the OIDC provider (<c>app_</c>): who may ask for codes and where they may be sent.
/// A client without a secret is public (PKCE alone protects its codes); one with a secret may also use
/// <c>client_credentials</c> for management tokens.
/// </summary>
public sealed class AppClient
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Exact redirect URIs. With <see cref="AllowLoopbackAnyPort"/>, a loopback one also matches on any port (RFC 8252 section 7.3).</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>Where <c>/connect/endsession</c> may send the browser back; same matching rules as <see cref="RedirectUris"/>.</summary>
    public List<string> PostLogoutRedirectUris { get; set; } = [];

    public bool AllowLoopbackAnyPort { get; set; }

    /// <summary>SHA-256 of the client secret; null for a public client.</summary>
    public string? SecretHash { get; set; }

    /// <summary>The Project role a management token of this client acts with.</summary>
    public string ManagementRoleKey { get; set; } = "admin";

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsConfidential => SecretHash is not null;

    public bool AllowsRedirect(string? uri) => Matches(RedirectUris, uri);

    public bool AllowsPostLogoutRedirect(string? uri) => Matches(PostLogoutRedirectUris, uri);

    public bool SecretMatches(string? secret) =>
        SecretHash is not null && !string.IsNullOrEmpty(secret) && Secrets.FixedTimeEquals(SecretHash, Secrets.Hash(secret));

    /// <summary>Exact string match, or, for a loopback registration of a client that allows it, the same scheme, path and query on any port of 127.0.0.1, [::1] or localhost.</summary>
    private bool Matches(List<string> registered, string? presented)
    {
        if (string.IsNullOrEmpty(presented) || !Uri.TryCreate(presented, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0)
        {
            return false;
        }

        return registered.Any(candidate => string.Equals(candidate, presented, StringComparison.Ordinal)
            || (AllowLoopbackAnyPort && Uri.TryCreate(candidate, UriKind.Absolute, out var allowed) && IsLoopback(allowed) && IsLoopback(uri)
                && string.Equals(allowed.Scheme, uri.Scheme, StringComparison.Ordinal)
                && string.Equals(allowed.PathAndQuery, uri.PathAndQuery, StringComparison.Ordinal)
                && uri.UserInfo.Length == 0));
    }

    private static bool IsLoopback(Uri uri) =>
        uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

public sealed record AppClientRequest(
    string? Id, string? Name, List<string>? RedirectUris, List<string>? PostLogoutRedirectUris, bool? AllowLoopbackAnyPort, string? Secret, string? ManagementRoleKey);

/// <summary>What <c>/_emulator/app-clients</c> shows of a client: never its secret.</summary>
public sealed record AppClientView(
    string Id, string Name, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> PostLogoutRedirectUris, bool AllowLoopbackAnyPort, bool Confidential, string ManagementRoleKey)
{
    public static AppClientView Of(AppClient client) => new(
        client.Id, client.Name, client.RedirectUris, client.PostLogoutRedirectUris, client.AllowLoopbackAnyPort, client.IsConfidential, client.ManagementRoleKey);
}

/// <summary><c>GET|POST /_emulator/app-clients</c>: list and register App Clients (development mode only).</summary>
public static class AppClientControl
{
    public static IEndpointRouteBuilder MapAppClientControl(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_emulator/app-clients", async (LambaDb db, CancellationToken cancellationToken) =>
            Results.Ok(new ListPage<AppClientView>((await db.AppClients.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken)).Select(AppClientView.Of).ToList(), null)));
        endpoints.MapPost("/_emulator/app-clients", AddAsync);
        return endpoints;
    }

    private static async Task<IResult> AddAsync(AppClientRequest body, LambaDb db, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var id = string.IsNullOrWhiteSpace(body.Id) ? Ids.New("app") : body.Id.Trim();
        if (id.Length > 100 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            errors.Add("id", "Use up to 100 letters, digits, '_', '-' or '.'.");
        }

        var redirectUris = body.RedirectUris ?? [];
        var postLogoutUris = body.PostLogoutRedirectUris ?? [];
        if (redirectUris.Count == 0 && string.IsNullOrEmpty(body.Secret))
        {
            errors.Add("redirectUris", "Give at least one redirect URI (or a secret, for a client_credentials-only client).");
        }

        foreach (var (field, uris) in new[] { ("redirectUris", redirectUris), ("postLogoutRedirectUris", postLogoutUris) })
        {
            if (uris.Any(u => !IsAcceptableRedirect(u)))
            {
                errors.Add(field, "Each URI must be absolute, without a fragment, and https unless it is on loopback.");
            }
        }

        if (body.Secret is { Length: > 0 and < 16 })
        {
            errors.Add("secret", "Use a secret of at least 16 characters.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await db.AppClients.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return Problems.Conflict(ErrorCodes.Conflict, "An App Client with this id exists.");
        }

        var client = new AppClient
        {
            Id = id,
            Name = string.IsNullOrWhiteSpace(body.Name) ? id : body.Name.Trim(),
            RedirectUris = redirectUris,
            PostLogoutRedirectUris = postLogoutUris,
            AllowLoopbackAnyPort = body.AllowLoopbackAnyPort ?? false,
            SecretHash = string.IsNullOrEmpty(body.Secret) ? null : Secrets.Hash(body.Secret),
            ManagementRoleKey = string.IsNullOrWhiteSpace(body.ManagementRoleKey) ? "admin" : body.ManagementRoleKey.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.AppClients.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        return Results.Json(AppClientView.Of(client), statusCode: StatusCodes.Status201Created);
    }

    private static bool IsAcceptableRedirect(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Fragment.Length == 0
        && (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && (parsed.IsLoopback || parsed.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))));
}
