using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lamba.Emulator.Infrastructure;

/// <summary>Random tokens and codes, and the one hash used to store them (never the plain value).</summary>
public static class Secrets
{
    /// <summary>An opaque bearer secret: 256 random bits, base64url.</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A numeric one-time code such as <c>042917</c>.</summary>
    public static string NewDigits(int length) =>
        RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, length)).ToString(new string('0', length), CultureInfo.InvariantCulture);

    /// <summary>SHA-256, lowercase hex. Good enough for high-entropy tokens and short-lived, attempt-limited codes.</summary>
    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public static bool FixedTimeEquals(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
}
