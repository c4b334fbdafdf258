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

    public string Hash(string password) => Create(password, options.PasswordHashIterations);

    /// <summary>The seed users share one hash of the well-known seed password, computed once per process, so resets stay fast.</summary>
    public string SeedPasswordHash => seedHash.Value;

    /// <summary>Checks a password; a null hash (unknown user, or no password set) still spends the full hashing time and fails.</summary>
    public bool Verify(string password, string? storedHash)
    {
        if (storedHash is null || !TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            _ = TryParse(dummyHash.Value, out iterations, out salt, out expected);
            _ = CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations), expected);
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations), expected);
    }

    private static string Create(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
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
