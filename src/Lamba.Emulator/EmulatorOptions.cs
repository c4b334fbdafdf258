namespace Lamba.Emulator;

/// <summary>Everything that shapes one emulator instance. Bound from the "Emulator" configuration section when run alone.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Where Kestrel listens. Port 0 picks a free loopback port (tests, embedded mode).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>SQLite file. Null means <c>lamba-emulator.db</c> in <see cref="DataDirectory"/>, or without one a fresh
    /// temporary database that is deleted when the emulator stops.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>The folder that keeps the database and the signing keys across restarts (<c>--data</c>). Without it
    /// (and without a <see cref="DatabasePath"/>) everything is temporary.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>A tenant file (<c>--seed</c>) used instead of the built-in demo seed, on first start and on reset.</summary>
    public string? SeedFile { get; set; }

    /// <summary>PostgreSQL instead of SQLite (Npgsql connection string), for one emulator shared by a team.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Development mode exposes the <c>/_emulator</c> control routes (outbox, reset, faults, clock, stats) and
    /// the UI at <c>/</c>. Off unless asked for: standalone, it follows the environment (Development) or <c>--dev</c>.</summary>
    public bool DevelopmentMode { get; set; }

    /// <summary>Allows a non-loopback address in <see cref="Urls"/>; only together with a <see cref="ControlToken"/>.</summary>
    public bool AllowRemote { get; set; }

    /// <summary>When set, every <c>/_emulator</c> call and the UI must carry it (header <c>X-Emulator-Token</c>).</summary>
    public string? ControlToken { get; set; }

    /// <summary>Host names answered besides loopback names and IP literals (comma separated), e.g. a compose service name.</summary>
    public string? AllowedHosts { get; set; }

    /// <summary>Where signing keys are kept: the data folder, else the database file's folder; null when all is temporary.</summary>
    internal string? KeyFolder =>
        DataDirectory is { Length: > 0 } folder ? Path.GetFullPath(folder)
        : DatabasePath is { Length: > 0 } file ? Path.GetDirectoryName(Path.GetFullPath(file))
        : null;

    internal bool UsesPostgres => !string.IsNullOrWhiteSpace(ConnectionString);

    internal IEnumerable<string> AllowedHostNames =>
        (AllowedHosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long one signing key signs before the emulator rotates to a new one (by the emulator clock).</summary>
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(90);

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

    /// <summary>Codes texted to one number, and codes requested by one client, per <see cref="PhoneSendWindow"/> (SMS pumping).</summary>
    public int PhoneSendsPerNumber { get; set; } = 5;

    public int PhoneSendsPerClient { get; set; } = 20;

    public TimeSpan PhoneSendWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Wrong phone codes per number, across codes, before phone sign-in to that number locks for <see cref="OtpLockWindow"/>.</summary>
    public int OtpFailureLimit { get; set; } = 10;

    public TimeSpan OtpLockWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Wrong passwords or codes on a step-up form (password change, email change, MFA disable) per account before 429.</summary>
    public int StepUpFailureLimit { get; set; } = 5;

    public TimeSpan StepUpWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The attempt limiter's bound: past it, expired and then oldest windows are evicted.</summary>
    public int AttemptLimiterMaxKeys { get; set; } = 100_000;

    internal void Validate()
    {
        if (PhoneSendsPerNumber < 1 || PhoneSendsPerClient < 1 || OtpFailureLimit < 1 || StepUpFailureLimit < 1 || AttemptLimiterMaxKeys < 1
            || PhoneSendWindow <= TimeSpan.Zero || OtpLockWindow <= TimeSpan.Zero || StepUpWindow <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Emulator options are out of range: send limits, failure limits, windows and the limiter bound must be positive.");
        }

        if (PasswordHashIterations < 1 || AuthAttemptLimit < 1 || RefreshReuseGraceSeconds < 0
            || AccessTokenLifetime <= TimeSpan.Zero || SigningKeyLifetime <= TimeSpan.Zero || RefreshTokenLifetime <= TimeSpan.Zero || AuthAttemptWindow <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Emulator options are out of range: iterations, attempt limit and lifetimes must be positive, the reuse grace not negative.");
        }

        if (string.IsNullOrWhiteSpace(Urls) || string.IsNullOrWhiteSpace(Audience))
        {
            throw new InvalidOperationException("Emulator options need Urls and Audience.");
        }

        var remote = Hosting.Loopback.NonLoopbackUrls(Urls).ToList();
        if (remote.Count > 0 && !(AllowRemote && ControlToken is { Length: >= 16 }))
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {string.Join(", ", remote)}: the emulator holds every magic link and code of its users. "
                + "Bind 127.0.0.1, or pass --allow-remote together with --control-token <at least 16 characters>.");
        }
    }
}
