using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Auth;

public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName, string? Username, string? InvitationToken);

/// <summary><c>POST /v1/auth/register</c>: 201 with a token pair; the new user is a Storefront test viewer.</summary>
public static class Register
{
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
        // An invitation opens sign-up for its invitee even when public sign-up is closed.
        var invited = !string.IsNullOrWhiteSpace(body.InvitationToken)
            && await signIn.FindUsableInvitationAsync(body.InvitationToken, email, cancellationToken) is not null;
        if (!options.RegistrationOpen && !invited)
        {
            return Problems.Forbidden(ErrorCodes.RegistrationDisabled, "This Project does not allow public sign-up.");
        }

        var errors = Validate(body, email);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var username = string.IsNullOrEmpty(body.Username) ? null : body.Username;
        if (await TakenAsync(db, email!, username, cancellationToken) is { } taken)
        {
            return taken;
        }

        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Ids.New("usr"),
            Email = email,
            Username = username,
            DisplayName = string.IsNullOrWhiteSpace(body.DisplayName) ? null : body.DisplayName.Trim(),
            PasswordHash = hasher.Hash(body.Password!),
            PasswordSetAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Users.Add(user);
        db.Memberships.Add(SignInService.DefaultMembership(user.Id, now));
        audit.Record(AuditActions.UserRegistered, user.Id, user.Id, user.Email);
        try
        {
            var (pair, problem) = await signIn.CompleteAsync(user, "register", body.InvitationToken, httpContext, cancellationToken);
            return pair is null ? problem! : Results.Json(pair, statusCode: StatusCodes.Status201Created);
        }
        catch (DbUpdateException)
        {
            // Lost a race for the same email or username against a parallel sign-up.
            db.ChangeTracker.Clear();
            return await TakenAsync(db, email!, username, cancellationToken) ?? throw new InvalidOperationException("Sign-up failed for another reason.");
        }
    }

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

    private static async Task<ProblemResult?> TakenAsync(LambaDb db, string email, string? username, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return Problems.Conflict(ErrorCodes.EmailTaken, "An account with this email already exists.");
        }

        if (username is not null && await db.Users.AnyAsync(u => u.Username == username, cancellationToken))
        {
            return Problems.Conflict(ErrorCodes.UsernameTaken, "This username is taken.");
        }

        return null;
    }
}
