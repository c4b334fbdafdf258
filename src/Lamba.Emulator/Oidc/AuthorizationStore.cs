using System.Collections.Concurrent;
using Lamba.Emulator.Infrastructure;

namespace Lamba.Emulator.Oidc;

/// <summary>A validated <c>/connect/authorize</c> request: everything the code must remember for <c>/connect/token</c>.</summary>
public sealed record AuthorizationRequest(string ClientId, string ClientName, string RedirectUri, string? State, string? Nonce, string CodeChallenge, string Scope);

/// <summary>A hosted sign-in in progress; <see cref="UserId"/> is set once the password is proven and the second factor is still asked.</summary>
public sealed class PendingSignIn(string id, AuthorizationRequest request, DateTimeOffset expiresAt)
{
    public string Id { get; } = id;

    public AuthorizationRequest Request { get; } = request;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public string? UserId { get; set; }

    public string? Login { get; set; }
}

/// <summary>An issued authorization code. Redeeming flips <see cref="redeemed"/> once; a second presentation ends the session the first one opened.</summary>
public sealed class IssuedCode(AuthorizationRequest request, string userId, DateTimeOffset authTime, IReadOnlyList<string> amr, DateTimeOffset expiresAt)
{
    private int redeemed;
    private int replayed;

    public AuthorizationRequest Request { get; } = request;

    public string UserId { get; } = userId;

    public DateTimeOffset AuthTime { get; } = authTime;

    public IReadOnlyList<string> Amr { get; } = amr;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The session the first redemption opened; a replay revokes it.</summary>
    public string? SessionId { get; set; }

    public bool TryRedeem() => Interlocked.Exchange(ref redeemed, 1) == 0;

    public void MarkReplayed() => Interlocked.Exchange(ref replayed, 1);

    public bool WasReplayed => Volatile.Read(ref replayed) == 1;
}

/// <summary>
/// Hosted sign-ins in progress and issued codes, in memory: both live minutes at most, and the plain code is
/// never stored (the key is its hash). Expiry follows the emulator clock.
/// </summary>
public sealed class AuthorizationStore(EmulatorClock clock)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan SignInLifetime = TimeSpan.FromMinutes(10);

    // A replayed code is remembered past its expiry, so the replay is still recognised (and punished) a while later.
    private static readonly TimeSpan ReplayMemory = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, PendingSignIn> signIns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IssuedCode> codes = new(StringComparer.Ordinal);

    public PendingSignIn StartSignIn(AuthorizationRequest request)
    {
        Sweep();
        var pending = new PendingSignIn(Secrets.NewToken(), request, clock.GetUtcNow() + SignInLifetime);
        signIns[pending.Id] = pending;
        return pending;
    }

    public PendingSignIn? FindSignIn(string? id) =>
        id is not null && signIns.TryGetValue(id, out var pending) && pending.ExpiresAt > clock.GetUtcNow() ? pending : null;

    public void EndSignIn(PendingSignIn pending) => signIns.TryRemove(pending.Id, out _);

    /// <summary>Issues a code for a proven user; returns the plain code (only its hash is kept).</summary>
    public string IssueCode(AuthorizationRequest request, string userId, DateTimeOffset authTime, IReadOnlyList<string> amr)
    {
        Sweep();
        var code = Secrets.NewToken();
        codes[Secrets.Hash(code)] = new IssuedCode(request, userId, authTime, amr, clock.GetUtcNow() + CodeLifetime);
        return code;
    }

    /// <summary>The code, whether or not already redeemed or expired: the caller decides, so a replay can be punished.</summary>
    public IssuedCode? FindCode(string code) => codes.TryGetValue(Secrets.Hash(code), out var issued) ? issued : null;

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, pending) in signIns)
        {
            if (pending.ExpiresAt <= now)
            {
                signIns.TryRemove(id, out _);
            }
        }

        foreach (var (hash, issued) in codes)
        {
            if (issued.ExpiresAt + ReplayMemory <= now)
            {
                codes.TryRemove(hash, out _);
            }
        }
    }
}
