using System.Text.Json;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Me;

public sealed record ProfileView(
    string Id,
    string? Email,
    bool EmailVerified,
    string? Username,
    string? DisplayName,
    string? Phone,
    string Locale,
    string TimeZone,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ProfileView Of(User user) => new(
        user.Id, user.Email, user.EmailVerified, user.Username, user.DisplayName, user.Phone, user.Locale, user.TimeZone, user.CreatedAt, user.UpdatedAt);
}

/// <summary><c>GET</c> and <c>PATCH /v1/me/profile</c> (contract section 4).</summary>
public static class Profile
{
    public const string DefaultLocale = "en";
    public const string DefaultTimeZone = "UTC";

    public static async Task<IResult> GetAsync(Caller caller, LambaDb db, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        return Results.Ok(ProfileView.Of(user));
    }

    /// <summary>
    /// JSON merge-patch: an absent member leaves the field alone, <c>null</c> clears it (locale and timeZone go back
    /// to their defaults). Every field is checked before anything changes, so a 400 changes nothing.
    /// </summary>
    public static async Task<IResult> PatchAsync(
        JsonElement body, Caller caller, LambaDb db, AuditWriter audit, EmulatorClock clock, CancellationToken cancellationToken)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Problems.Validation(new FieldErrors(), "Send a JSON object with the fields to change.");
        }

        var user = await db.Users.SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        var errors = new FieldErrors();
        var patch = ProfilePatch.Read(body, user, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (await ConflictAsync(db, user.Id, patch, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        if (patch.ApplyTo(user))
        {
            user.UpdatedAt = clock.GetUtcNow();
            audit.Record(SelfServiceActions.ProfileUpdated, user.Id, user.Id, user.Email);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Lost a race for the same username or phone against another account's edit.
                db.ChangeTracker.Clear();
                return await ConflictAsync(db, user.Id, patch, cancellationToken) ?? throw new InvalidOperationException("The profile could not be saved.");
            }
        }

        return Results.Ok(ProfileView.Of(user));
    }

    private static async Task<ProblemResult?> ConflictAsync(LambaDb db, string userId, ProfilePatch patch, CancellationToken cancellationToken)
    {
        if (patch.Username is { Value: { } username } && await db.Users.AnyAsync(u => u.Username == username && u.Id != userId, cancellationToken))
        {
            return Problems.Conflict(ErrorCodes.UsernameTaken, "This username is taken.");
        }

        if (patch.Phone is { Value: { } phone } && await db.Users.AnyAsync(u => u.Phone == phone && u.Id != userId, cancellationToken))
        {
            return Problems.Conflict(ErrorCodes.Conflict, "This phone number belongs to another account.");
        }

        return null;
    }
}

/// <summary>One member of a merge-patch that was present in the body: its new value, null meaning "clear".</summary>
public sealed record PatchValue(string? Value);

/// <summary>The validated, normalized changes of a profile PATCH. A null property means the member was absent.</summary>
public sealed class ProfilePatch
{
    public PatchValue? DisplayName { get; private set; }

    public PatchValue? Username { get; private set; }

    public PatchValue? Phone { get; private set; }

    public PatchValue? Locale { get; private set; }

    public PatchValue? TimeZone { get; private set; }

    /// <summary>Reads and validates the known members; unknown members are ignored (forward compatibility), except <c>email</c>, which has its own flow.</summary>
    public static ProfilePatch Read(JsonElement body, User user, FieldErrors errors)
    {
        var patch = new ProfilePatch();
        foreach (var member in body.EnumerateObject())
        {
            var field = member.Name;
            if (member.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                if (IsKnown(field))
                {
                    errors.Add(Canonical(field), "Use a string, or null to clear the field.");
                }

                continue;
            }

            var value = member.Value.GetString();
            switch (Canonical(field))
            {
                case "displayName":
                    patch.DisplayName = ReadDisplayName(value, errors);
                    break;
                case "username":
                    patch.Username = ReadUsername(value, errors);
                    break;
                case "phone":
                    patch.Phone = ReadPhone(value, user, errors);
                    break;
                case "locale":
                    patch.Locale = ReadLocale(value, errors);
                    break;
                case "timeZone":
                    patch.TimeZone = ReadTimeZone(value, errors);
                    break;
                case "email":
                    errors.Add("email", "Change the email with POST /v1/me/profile/email; it needs your password and a code sent to the new address.");
                    break;
            }
        }

        return patch;
    }

    /// <summary>Writes the changes; true when any field actually changed.</summary>
    public bool ApplyTo(User user)
    {
        var changed = false;
        user.DisplayName = Apply(DisplayName, user.DisplayName, ref changed);
        user.Username = Apply(Username, user.Username, ref changed);
        user.Phone = Apply(Phone, user.Phone, ref changed);
        user.Locale = Apply(Locale, user.Locale, ref changed) ?? Profile.DefaultLocale;
        user.TimeZone = Apply(TimeZone, user.TimeZone, ref changed) ?? Profile.DefaultTimeZone;
        return changed;
    }

    private static string? Apply(PatchValue? patch, string? current, ref bool changed)
    {
        if (patch is null || string.Equals(patch.Value, current, StringComparison.Ordinal))
        {
            return current;
        }

        changed = true;
        return patch.Value;
    }

    private static readonly string[] KnownFields = ["displayName", "username", "phone", "locale", "timeZone", "email"];

    private static bool IsKnown(string field) => KnownFields.Contains(field, StringComparer.OrdinalIgnoreCase);

    /// <summary>Members match case-insensitively, like every other body the emulator binds; errors use the camelCase name.</summary>
    private static string Canonical(string field) => KnownFields.FirstOrDefault(k => k.Equals(field, StringComparison.OrdinalIgnoreCase)) ?? field;

    private static PatchValue ReadDisplayName(string? value, FieldErrors errors)
    {
        var trimmed = value?.Trim();
        if (trimmed is { Length: > FieldRules.DisplayNameMax })
        {
            errors.Add("displayName", $"Use at most {FieldRules.DisplayNameMax} characters.");
        }

        return new PatchValue(string.IsNullOrEmpty(trimmed) ? null : trimmed);
    }

    private static PatchValue ReadUsername(string? value, FieldErrors errors)
    {
        if (value is not null && !FieldRules.IsUsername(value))
        {
            errors.Add("username", "Use 3 to 32 characters: lowercase letters, digits, dots, underscores or hyphens.");
        }

        return new PatchValue(value);
    }

    private static PatchValue ReadPhone(string? value, User user, FieldErrors errors)
    {
        var phone = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (phone is not null && !FieldRules.IsE164(phone))
        {
            errors.Add("phone", "Enter the number in international format, for example +15555550100.");
        }
        else if (phone is null && user.Email is null && user.Phone is not null)
        {
            // A phone sign-up has nothing else to sign in with.
            errors.Add("phone", "This number is how you sign in, so it cannot be removed.");
        }

        return new PatchValue(phone);
    }

    private static PatchValue ReadLocale(string? value, FieldErrors errors)
    {
        if (value is null)
        {
            return new PatchValue(Profile.DefaultLocale);
        }

        if (!LanguageTags.TryNormalize(value, out var locale))
        {
            errors.Add("locale", "Use a BCP 47 language tag such as en, en-GB or pt-BR.");
        }

        return new PatchValue(locale);
    }

    private static PatchValue ReadTimeZone(string? value, FieldErrors errors)
    {
        if (value is null)
        {
            return new PatchValue(Profile.DefaultTimeZone);
        }

        // IANA only: on Linux the lookup also accepts Windows ids, which HasIanaId tells apart. The lookup is
        // case-sensitive where the zone files are, so a differently cased id is mapped to the listed one first.
        var id = value.Trim();
        id = TimeZoneInfo.GetSystemTimeZones().FirstOrDefault(z => z.Id.Equals(id, StringComparison.OrdinalIgnoreCase))?.Id ?? id;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
        {
            errors.Add("timeZone", "Use an IANA time zone such as Europe/Paris or America/New_York.");
            return new PatchValue(null);
        }

        return new PatchValue(zone.Id);
    }
}
