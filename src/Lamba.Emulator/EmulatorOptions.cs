namespace Lamba.Emulator;

/// <summary>Everything that shapes one emulator instance. Bound from the "Emulator" configuration section when run alone.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Where Kestrel listens. Port 0 picks a free loopback port (tests, embedded mode).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>SQLite file. Null means a fresh temporary database that is deleted when the emulator stops.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Development mode exposes the <c>/_emulator</c> control routes (outbox, reset, faults, clock, stats).</summary>
    public bool DevelopmentMode { get; set; } = true;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>0 = strict reuse detection (contract section 2).</summary>
    public int RefreshReuseGraceSeconds { get; set; }

    /// <summary>Whether public sign-up (register, phone sign-up) is open.</summary>
    public bool RegistrationOpen { get; set; } = true;

    /// <summary>Token issuer and audience; default to the emulator's own origin when null.</summary>
    public string? Issuer { get; set; }

    public string Audience { get; set; } = "lamba-customer";

    /// <summary>PBKDF2-SHA256 iterations for new password hashes (OWASP's 2023 figure). Tests lower it for speed.</summary>
    public int PasswordHashIterations { get; set; } = 600_000;

    /// <summary>Attempts per client IP and login (or email, or phone) within <see cref="AuthAttemptWindow"/> on
    /// password login, magic-link start and phone start, before 429 <c>RATE_LIMIT_EXCEEDED</c>. Generous by default.</summary>
    public int AuthAttemptLimit { get; set; } = 100;

    public TimeSpan AuthAttemptWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A webhook receiver every event goes to (<c>LAMBA_WEBHOOK_ENDPOINT_URL</c>); needs <see cref="WebhookSecret"/>.</summary>
    public string? WebhookEndpointUrl { get; set; }

    /// <summary>The shared secret that signs webhooks to <see cref="WebhookEndpointUrl"/> (<c>LAMBA_WEBHOOK_SECRET</c>).</summary>
    public string? WebhookSecret { get; set; }

    internal void Validate()
    {
        if (PasswordHashIterations < 1 || AuthAttemptLimit < 1 || RefreshReuseGraceSeconds < 0
            || AccessTokenLifetime <= TimeSpan.Zero || RefreshTokenLifetime <= TimeSpan.Zero || AuthAttemptWindow <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Emulator options are out of range: iterations, attempt limit and lifetimes must be positive, the reuse grace not negative.");
        }

        if (string.IsNullOrWhiteSpace(Urls) || string.IsNullOrWhiteSpace(Audience))
        {
            throw new InvalidOperationException("Emulator options need Urls and Audience.");
        }
    }
}
