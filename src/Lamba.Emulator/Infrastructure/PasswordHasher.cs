using System.Security.Cryptography;

namespace Lamba.Emulator.Infrastructure;

/// <summary>
/// PBKDF2-SHA256 with a per-hash salt, stored as <c>pbkdf2-sha256$iterations$salt$hash</c>.
/// Unknown users and users without a password are checked against a dummy hash so a wrong login
/// costs the same time as a wrong password.
/// </summary>
public sealed class PasswordHasher(EmulatorOptions options)
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private readonly Lazy<string> dummyHash = new(() => Create("not the password of anyone", options.PasswordHashIterations));
    private readonly Lazy<string> seedHash = new(() => Create(Store.SeedData.Password, options.PasswordHashIterations));
    private long iterationsSpent;

    /// <summary>
    /// PBKDF2 iterations spent checking passwords and codes since start: the work a sign-in costs, which tests compare
    /// between an unknown login and a wrong password without timing anything on a busy machine.
    /// </summary>
    public long IterationsSpent => Interlocked.Read(ref iterationsSpent);

    public string Hash(string password) => Create(password, options.PasswordHashIterations);

    /// <summary>The seed users share one hash of the well-known seed password, computed once per process, so resets stay fast.</summary>
    public string SeedPasswordHash => seedHash.Value;

    /// <summary>Checks a password; a null hash (unknown user, or no password set) still spends the full hashing time and fails.</summary>
    public bool Verify(string password, string? storedHash)
    {
        if (storedHash is null || !TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            _ = TryParse(dummyHash.Value, out iterations, out salt, out expected);
            _ = CryptographicOperations.FixedTimeEquals(Check(password, salt, iterations), expected);
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Check(password, salt, iterations), expected);
    }

    /// <summary>
    /// Hashes one user's recovery codes with the same slow derivation as passwords and one fresh salt for that user's
    /// set: salted, so a stolen table cannot be matched against precomputed codes, and shared within the set, so
    /// checking a typed code costs one derivation rather than one per stored code.
    /// </summary>
    public IReadOnlyList<string> HashSet(IEnumerable<string> values)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return values.Select(v => Format(options.PasswordHashIterations, salt, Derive(v, salt, options.PasswordHashIterations))).ToList();
    }

    /// <summary>The index of the stored hash that <paramref name="value"/> matches, or -1; one derivation per distinct salt, at least one.</summary>
    public int IndexOfMatch(string value, IReadOnlyList<string> storedHashes)
    {
        if (storedHashes.Count == 0)
        {
            _ = Verify(value, null);
            return -1;
        }

        var derived = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var match = -1;
        for (var i = 0; i < storedHashes.Count; i++)
        {
            if (!TryParse(storedHashes[i], out var iterations, out var salt, out var expected))
            {
                continue;
            }

            var saltKey = iterations + "$" + Convert.ToBase64String(salt);
            if (!derived.TryGetValue(saltKey, out var candidate))
            {
                derived[saltKey] = candidate = Check(value, salt, iterations);
            }

            if (CryptographicOperations.FixedTimeEquals(candidate, expected) && match < 0)
            {
                match = i;
            }
        }

        return match;
    }

    private static string Create(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return Format(iterations, salt, Derive(password, salt, iterations));
    }

    private static string Format(int iterations, byte[] salt, byte[] hash) =>
        $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";

    /// <summary>One derivation to compare against a stored hash, counted in <see cref="IterationsSpent"/>.</summary>
    private byte[] Check(string value, byte[] salt, int iterations)
    {
        Interlocked.Add(ref iterationsSpent, iterations);
        return Derive(value, salt, iterations);
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out iterations) || iterations < 1)
        {
            return false;
        }

        salt = Convert.FromBase64String(parts[2]);
        hash = Convert.FromBase64String(parts[3]);
        return true;
    }
}
