using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName, string? Username, string? InvitationToken);

public sealed record RegisterVerifyRequest(string? Token);

/// <summary>
/// <c>POST /v1/auth/register</c> [ours, see docs/contract-decisions.md]: enumeration-safe. Without an invitation, a new
/// and a taken email get the same 202 after the same work (one password hash, one stored row, one message): the new
/// address receives a link that finishes sign-up (<c>POST /v1/auth/register/verify</c> → 201 token shape), the taken
/// one a note that someone tried to register with it. An invitation already proves the address (its link went there),
/// so register with a valid <c>invitationToken</c> answers 201 with tokens at once, as before.
/// </summary>
public static class Register
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    /// <summary>Relative, like invitation links: the portal that serves the page puts its own origin in front.</summary>
    public const string VerifyPath = "/Register/Verify";

    public static async Task<IResult> HandleAsync(
        RegisterRequest body,
        HttpContext httpContext,
        LambaDb db,
        PasswordHasher hasher,
        SignInService signIn,
        AuditWriter audit,
        EmulatorOptions options,
        EmulatorClock clock,
        CancellationToken cancellationToken)
    {
        var email = body.Email is null ? null : FieldRules.NormalizeEmail(body.Email);
        var errors = Validate(body, email);
        var invited = !string.IsNullOrWhiteSpace(body.InvitationToken);
        // A bad invitation is a field error whether or not public sign-up is open (docs/contract-decisions.md).
        if (invited && errors.IsEmpty && await signIn.FindUsableInvitationAsync(body.InvitationToken!, email, cancellationToken) is null)
        {
            errors.Add(SignInService.InvitationField, "This invitation is not valid for this account, or it has expired.");
        }

        if (!invited && !options.RegistrationOpen)
        {
            return Problems.Forbidden(ErrorCodes.RegistrationDisabled, "This Project does not allow public sign-up.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var username = string.IsNullOrEmpty(body.Username) ? null : body.Username;
        // A username is a public handle, checked whatever the email: the answer never depends on the email being taken.
        if (username is not null && await db.Users.AnyAsync(u => u.Username == username, cancellationToken))
        {
            return UsernameTaken();
        }

        var passwordHash = hasher.Hash(body.Password!);
        var now = clock.GetUtcNow();
        var account = await db.Users.Where(u => u.Email == email).Select(u => new { u.Locale }).FirstOrDefaultAsync(cancellationToken);
        var emailTaken = account is not null;
        // The owner of a taken address reads it in their own language; a newcomer in the one their browser asked for.
        var language = OutboxTexts.LanguageFor(account?.Locale, httpContext);
        if (invited)
        {
            return emailTaken
                ? Problems.Conflict(ErrorCodes.EmailTaken, "An account with this email already exists; sign in to accept the invitation.")
                : await SignUpAsync(
                    new PendingRegistration { Email = email!, PasswordHash = passwordHash, DisplayName = Trimmed(body.DisplayName), Username = username },
                    body.InvitationToken,
                    httpContext,
                    db,
                    signIn,
                    audit,
                    now,
                    cancellationToken);
        }

        var token = Secrets.NewToken();
        db.PendingRegistrations.Add(new PendingRegistration
        {
            Id = Ids.New("reg"),
            TokenHash = Secrets.Hash(token),
            Email = email!,
            // Stored for a taken address too (and never usable: verify refuses a taken email), so both paths do the same work.
            PasswordHash = passwordHash,
            DisplayName = Trimmed(body.DisplayName),
            Username = username,
            CreatedAt = now,
            ExpiresAt = now + LinkLifetime,
        });
        if (emailTaken)
        {
            db.Outbox.Send(
                email!,
                OutboxKinds.RegistrationAttempt,
                OutboxTexts.Format(OutboxTexts.RegistrationAttempt, language),
                now);
        }
        else
        {
            var link = VerifyPath + "?token=" + Uri.EscapeDataString(token);
            db.Outbox.Send(
                email!,
                OutboxKinds.RegistrationLink,
                OutboxTexts.Format(OutboxTexts.RegistrationLink, language, (int)LinkLifetime.TotalHours, link),
                now,
                link: link);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Results.Accepted();
    }

    /// <summary>
    /// <c>POST /v1/auth/register/verify { token }</c>: 201 token shape, the account now exists and is signed in; 401
    /// <c>REGISTRATION_LINK_INVALID</c> for an unknown, used or expired link, or one whose address got an account meanwhile.
    /// </summary>
    public static async Task<IResult> VerifyAsync(
        RegisterVerifyRequest body, HttpContext httpContext, LambaDb db, SignInService signIn, AuditWriter audit, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var invalid = Problems.Unauthorized(ErrorCodes.RegistrationLinkInvalid, "This sign-up link is not valid, was already used, or has expired. Register again.");
        if (string.IsNullOrWhiteSpace(body.Token))
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var hash = Secrets.Hash(body.Token.Trim());
        var pending = await db.PendingRegistrations.AsNoTracking().SingleOrDefaultAsync(r => r.TokenHash == hash, cancellationToken);
        if (pending is null || pending.UsedAt is not null || pending.ExpiresAt <= now || await db.Users.AnyAsync(u => u.Email == pending.Email, cancellationToken))
        {
            return invalid;
        }

        // Spent with a conditional UPDATE: of parallel verifies of one link exactly one gets past here.
        var used = await db.PendingRegistrations
            .Where(r => r.Id == pending.Id && r.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, (DateTimeOffset?)now), cancellationToken);
        if (used != 1)
        {
            return invalid;
        }

        if (pending.Username is { } username && await db.Users.AnyAsync(u => u.Username == username, cancellationToken))
        {
            pending.Username = null;
        }

        return await SignUpAsync(pending, invitationToken: null, httpContext, db, signIn, audit, now, cancellationToken);
    }

    /// <summary>Creates the account (a Storefront test viewer, email proven) and opens its session: 201 token shape.</summary>
    private static async Task<IResult> SignUpAsync(
        PendingRegistration pending,
        string? invitationToken,
        HttpContext httpContext,
        LambaDb db,
        SignInService signIn,
        AuditWriter audit,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var user = new User
        {
            Id = Ids.New("usr"),
            Email = pending.Email,
            // The address is proven: the invitation or the sign-up link reached it.
            EmailVerified = true,
            Username = pending.Username,
            DisplayName = pending.DisplayName,
            PasswordHash = pending.PasswordHash,
            PasswordSetAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Users.Add(user);
        db.Memberships.Add(signIn.DefaultMembership(user.Id, now));
        audit.Record(AuditActions.UserRegistered, user.Id, user.Id, user.Email);
        try
        {
            var (pair, problem) = await signIn.CompleteAsync(user, "register", invitationToken, httpContext, cancellationToken);
            return pair is null ? problem! : Results.Json(pair, statusCode: StatusCodes.Status201Created);
        }
        catch (DbUpdateException)
        {
            // Lost a race for the same email or username against a parallel sign-up.
            db.ChangeTracker.Clear();
            return await db.Users.AnyAsync(u => u.Email == pending.Email, cancellationToken)
                ? Problems.Conflict(ErrorCodes.EmailTaken, "An account with this email already exists.")
                : UsernameTaken();
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ProblemResult UsernameTaken() => Problems.Conflict(ErrorCodes.UsernameTaken, "This username is taken.");

    private static FieldErrors Validate(RegisterRequest body, string? email)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(email))
        {
            errors.Add("email", "Enter an email address.");
        }
        else if (!FieldRules.IsEmail(email))
        {
            errors.Add("email", "Enter a valid email address.");
        }

        FieldRules.CheckPassword(errors, "password", body.Password);
        if (body.DisplayName is { Length: > FieldRules.DisplayNameMax })
        {
            errors.Add("displayName", $"Use at most {FieldRules.DisplayNameMax} characters.");
        }

        if (!string.IsNullOrEmpty(body.Username) && !FieldRules.IsUsername(body.Username))
        {
            errors.Add("username", "Use 3 to 32 characters: lowercase letters, digits, dots, underscores or hyphens.");
        }

        return errors;
    }
}
