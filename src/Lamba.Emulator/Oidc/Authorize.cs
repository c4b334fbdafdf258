using Lamba.Emulator.Auth;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Lamba.Emulator.Oidc;

/// <summary>
/// <c>GET /connect/authorize</c> and its hosted sign-in (password, then the second factor when the user has one).
/// Before the client and its exact redirect URI are known, errors are shown here and never redirected; after,
/// they go back to the client as OAuth errors with its <c>state</c>.
/// </summary>
public static class Authorize
{
    public static async Task<IResult> StartAsync(
        HttpContext httpContext, LambaDb db, AuthorizationStore store, HostedSession hosted, IAntiforgery antiforgery, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var query = httpContext.Request.Query;
        var clientId = query["client_id"].ToString();
        var redirectUri = query["redirect_uri"].ToString();
        var client = clientId.Length == 0 ? null : await db.AppClients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null)
        {
            return HostedPages.Message(StatusCodes.Status400BadRequest, "Unknown app", "The app that sent you here is not registered with Lamba. Go back to it and try again.");
        }

        if (!client.AllowsRedirect(redirectUri))
        {
            return HostedPages.Message(StatusCodes.Status400BadRequest, "Unknown return address", "The app asked Lamba to send you back to an address it has not registered, so Lamba will not.");
        }

        var state = Optional(query["state"]);
        IResult Refuse(string error, string description) => Results.Redirect(ErrorRedirect(redirectUri, error, description, state, issuer.Issuer));
        if (query["response_type"] != "code")
        {
            return Refuse("unsupported_response_type", "Only response_type=code is supported.");
        }

        if (Optional(query["response_mode"]) is { } mode && mode != "query")
        {
            return Refuse("invalid_request", "Only response_mode=query is supported.");
        }

        var scope = query["scope"].ToString();
        if (!scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid", StringComparer.Ordinal))
        {
            return Refuse("invalid_scope", "The openid scope is required.");
        }

        var challenge = query["code_challenge"].ToString();
        if (query["code_challenge_method"] != "S256" || challenge.Length != 43)
        {
            return Refuse("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256.");
        }

        var request = new AuthorizationRequest(client.Id, client.Name, redirectUri, state, Optional(query["nonce"]), challenge, scope);
        var prompt = query["prompt"].ToString();
        if (prompt != "login" && hosted.Read(httpContext) is { } proof && await db.Users.AnyAsync(u => u.Id == proof.UserId, cancellationToken))
        {
            return Results.Redirect(CodeRedirect(request, store.IssueCode(request, proof.UserId, proof.AuthTime, proof.Amr), issuer.Issuer));
        }

        if (prompt == "none")
        {
            return Refuse("login_required", "The user is not signed in at Lamba.");
        }

        var pending = store.StartSignIn(request);
        return HostedPages.SignIn(request, pending.Id, antiforgery.GetAndStoreTokens(httpContext), login: null, []);
    }

    /// <summary><c>POST /connect/authorize/signin</c>: the password step. One message for an unknown login and a wrong password.</summary>
    public static async Task<IResult> SignInAsync(
        HttpContext httpContext,
        LambaDb db,
        AuthorizationStore store,
        HostedSession hosted,
        IAntiforgery antiforgery,
        TokenIssuer issuer,
        PasswordHasher hasher,
        AttemptLimiter limiter,
        LoginLockout lockout,
        EmulatorClock clock,
        CancellationToken cancellationToken)
    {
        var (form, pending, refused) = await ReadStepAsync(httpContext, store, antiforgery, issuer);
        if (refused is not null)
        {
            return refused;
        }

        var login = form["login"].ToString().Trim();
        var password = form["password"].ToString();
        IResult Again(params PageError[] errors) => HostedPages.SignIn(pending!.Request, pending.Id, antiforgery.GetAndStoreTokens(httpContext), login, errors);
        var missing = new List<PageError>();
        if (login.Length == 0)
        {
            missing.Add(new PageError("login", "Enter your email or username."));
        }

        if (password.Length == 0)
        {
            missing.Add(new PageError("password", "Enter your password."));
        }

        if (missing.Count > 0)
        {
            return Again([.. missing]);
        }

        // The same window as the password API, so the hosted page is no way around its rate limit.
        if (!limiter.TryAcquire($"login|{httpContext.Connection.RemoteIpAddress}|{login.ToLowerInvariant()}", out var retryAfter))
        {
            return Again(new PageError("login", $"Too many sign-in attempts. Wait {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} seconds and try again."));
        }

        var user = await PasswordLogin.FindByLoginAsync(db, login, cancellationToken);
        var client = ClientAddress.Of(httpContext);
        var subject = LoginLockout.SubjectOf(user, login);

        // The same steps and order as the password API: the full hash first for every request, so neither the answer
        // nor its timing tells a locked account from an unknown one or a wrong password.
        var passwordRight = hasher.Verify(password, user?.PasswordHash) && user is not null;
        if (await lockout.LockedUntilAsync(subject, client, cancellationToken) is { } lockedUntil)
        {
            return Again(Locked(lockedUntil, clock.GetUtcNow()));
        }

        if (!passwordRight)
        {
            return await lockout.RecordFailureAsync(subject, client, user, cancellationToken) is { } until
                ? Again(Locked(until, clock.GetUtcNow()))
                : Again(new PageError("login", "The email, username or password is incorrect."));
        }

        if (user!.TotpEnabled)
        {
            pending!.UserId = user.Id;
            pending.Login = login;
            return HostedPages.SecondFactor(pending.Request, pending.Id, antiforgery.GetAndStoreTokens(httpContext), []);
        }

        await lockout.ClearAsync(subject, client, cancellationToken);
        return Complete(httpContext, store, hosted, issuer, pending!, new HostedProof(user.Id, clock.GetUtcNow(), ["pwd"]));
    }

    /// <summary><c>POST /connect/authorize/mfa</c>: the second factor, checked exactly as password login checks <c>mfaCode</c>.</summary>
    public static async Task<IResult> SecondFactorAsync(
        HttpContext httpContext,
        LambaDb db,
        AuthorizationStore store,
        HostedSession hosted,
        IAntiforgery antiforgery,
        TokenIssuer issuer,
        SignInService signIn,
        EmulatorClock clock,
        CancellationToken cancellationToken)
    {
        var (form, pending, refused) = await ReadStepAsync(httpContext, store, antiforgery, issuer);
        if (refused is not null)
        {
            return refused;
        }

        var user = pending!.UserId is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == pending.UserId, cancellationToken);
        if (user is null)
        {
            return HostedPages.SignIn(pending.Request, pending.Id, antiforgery.GetAndStoreTokens(httpContext), login: null, [new PageError("login", "Sign in with your password first.")]);
        }

        var code = form["code"].ToString().Trim();
        if (code.Length == 0)
        {
            return HostedPages.SecondFactor(pending.Request, pending.Id, antiforgery.GetAndStoreTokens(httpContext), [new PageError("code", "Enter the code from your authenticator app, or a recovery code.")]);
        }

        if (await signIn.CheckSecondFactorAsync(user, code, ClientAddress.Of(httpContext), cancellationToken) is { } problem)
        {
            var now = clock.GetUtcNow();
            var message = problem.ErrorCode == ErrorCodes.AccountLocked
                ? Locked(now.AddSeconds(problem.RetryAfterSeconds ?? 0), now)
                : new PageError("code", "That code is not valid. Try the newest code, or a recovery code.");
            return HostedPages.SecondFactor(pending.Request, pending.Id, antiforgery.GetAndStoreTokens(httpContext), [message]);
        }

        return Complete(httpContext, store, hosted, issuer, pending, new HostedProof(user.Id, clock.GetUtcNow(), ["pwd", "otp", "mfa"]));
    }

    /// <summary>Reads a step's form: antiforgery, the pending sign-in, and Cancel (back to the client with access_denied).</summary>
    private static async Task<(IFormCollection Form, PendingSignIn? Pending, IResult? Refused)> ReadStepAsync(
        HttpContext httpContext, AuthorizationStore store, IAntiforgery antiforgery, TokenIssuer issuer)
    {
        if (!httpContext.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(httpContext))
        {
            return (FormCollection.Empty, null, HostedPages.Message(StatusCodes.Status400BadRequest, "Sign-in form expired", "This form is no longer valid. Go back to the app and sign in again."));
        }

        var form = await httpContext.Request.ReadFormAsync(httpContext.RequestAborted);
        var pending = store.FindSignIn(form["signin"].ToString());
        if (pending is null)
        {
            return (form, null, HostedPages.Message(StatusCodes.Status400BadRequest, "Sign-in expired", "This sign-in took too long or was already used. Go back to the app and sign in again."));
        }

        if (form["action"] == "cancel")
        {
            store.EndSignIn(pending);
            return (form, pending, Results.Redirect(ErrorRedirect(pending.Request.RedirectUri, "access_denied", "The user cancelled the sign-in.", pending.Request.State, issuer.Issuer)));
        }

        return (form, pending, null);
    }

    private static IResult Complete(HttpContext httpContext, AuthorizationStore store, HostedSession hosted, TokenIssuer issuer, PendingSignIn pending, HostedProof proof)
    {
        store.EndSignIn(pending);
        hosted.Write(httpContext, proof);
        var code = store.IssueCode(pending.Request, proof.UserId, proof.AuthTime, proof.Amr);
        return Results.Redirect(CodeRedirect(pending.Request, code, issuer.Issuer));
    }

    private static PageError Locked(DateTimeOffset until, DateTimeOffset now) =>
        new("login", $"Too many failed sign-ins. This account is locked; try again in {Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes))} minutes.");

    /// <summary>The code goes back with the client's state and the issuer (RFC 9207), so a client can tell providers apart.</summary>
    private static string CodeRedirect(AuthorizationRequest request, string code, string issuer) =>
        QueryHelpers.AddQueryString(request.RedirectUri, Parameters(("code", code), ("state", request.State), ("iss", issuer)));

    private static string ErrorRedirect(string redirectUri, string error, string description, string? state, string issuer) =>
        QueryHelpers.AddQueryString(redirectUri, Parameters(("error", error), ("error_description", description), ("state", state), ("iss", issuer)));

    private static Dictionary<string, string?> Parameters(params (string Name, string? Value)[] pairs) =>
        pairs.Where(p => p.Value is not null).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static string? Optional(StringValues value) => StringValues.IsNullOrEmpty(value) ? null : value.ToString();
}
