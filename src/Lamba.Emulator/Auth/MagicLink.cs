using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

public sealed record MagicLinkStartRequest(string? Email, string? RedirectUri);

public sealed record MagicLinkVerifyRequest(string? Token, string? MfaCode);

/// <summary>Magic-link sign-in: start always answers 202 alike; verify accepts a link once, within 15 minutes, plus the TOTP or recovery code when the user has MFA.</summary>
public static class MagicLink
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public static async Task<IResult> StartAsync(
        MagicLinkStartRequest body, HttpContext httpContext, LambaDb db, AttemptLimiter limiter, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var email = body.Email is null ? null : FieldRules.NormalizeEmail(body.Email);
        if (!FieldRules.IsEmail(email))
        {
            errors.Add("email", "Enter a valid email address.");
        }

        if (!Uri.TryCreate(body.RedirectUri, UriKind.Absolute, out var redirect) || (redirect.Scheme != Uri.UriSchemeHttp && redirect.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("redirectUri", "Give the absolute http(s) address the link should open.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (!limiter.TryAcquire($"magic|{httpContext.Connection.RemoteIpAddress}|{email}", out var retryAfter))
        {
            return Problems.RetryLater(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimitExceeded, "Too many sign-in attempts; wait and try again.", retryAfter);
        }

        // The same database work for known and unknown emails, so neither answer nor timing tells them apart; only a
        // known email gets the message, and a token for an unknown one can never sign anyone in (verify finds no user).
        var account = await db.Users.Where(u => u.Email == email).Select(u => new { u.Locale }).FirstOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var token = Secrets.NewToken();
        var link = QueryHelpers.AddQueryString(body.RedirectUri!, "token", token);
        db.MagicLinkTokens.Add(new MagicLinkToken
        {
            Id = Ids.New("mlt"),
            TokenHash = Secrets.Hash(token),
            Email = email!,
            RedirectUri = body.RedirectUri!,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        });
        if (account is not null)
        {
            var text = OutboxTexts.Format(OutboxTexts.MagicLink, OutboxTexts.LanguageFor(account.Locale, httpContext), link);
            db.Outbox.Send(email!, OutboxKinds.MagicLink, text, now, link: link);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Results.Accepted();
    }

    public static async Task<IResult> VerifyAsync(
        MagicLinkVerifyRequest body, HttpContext httpContext, LambaDb db, SignInService signIn, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var invalid = Problems.Unauthorized(ErrorCodes.MagicLinkInvalid, "This sign-in link is not valid, was already used, or has expired.");
        if (string.IsNullOrWhiteSpace(body.Token))
        {
            return invalid;
        }

        // The link is judged before any MFA question, so an invalid token never reveals whether the account has MFA.
        var now = clock.GetUtcNow();
        var hash = Secrets.Hash(body.Token.Trim());
        var link = await db.MagicLinkTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (link is null || link.UsedAt is not null || link.ExpiresAt <= now)
        {
            return invalid;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == link.Email, cancellationToken);
        if (user is null)
        {
            return invalid;
        }

        // A link alone does not get past MFA; without the right code the link stays usable for a second post with mfaCode.
        if (await signIn.CheckSecondFactorAsync(user, body.MfaCode, ClientAddress.Of(httpContext), cancellationToken) is { } secondFactor)
        {
            return secondFactor;
        }

        // Spent with a conditional UPDATE: of parallel verifies of one link exactly one gets past here.
        var used = await db.MagicLinkTokens
            .Where(t => t.Id == link.Id && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, (DateTimeOffset?)now), cancellationToken);
        if (used != 1)
        {
            return invalid;
        }

        // Following the link proves the address.
        user.EmailVerified = true;
        var (pair, problem) = await signIn.CompleteAsync(user, "magic-link", null, httpContext, cancellationToken);
        return pair is null ? problem! : Results.Ok(pair);
    }
}
