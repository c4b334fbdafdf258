using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LambaPages.Features.Webhooks;

/// <summary>Why a webhook was refused before its body was even parsed.</summary>
public enum WebhookRejection
{
    None,
    MissingHeaders,
    StaleTimestamp,
    BadSignature,
}

/// <summary>
/// Checks contract section 8's signature: <c>X-Lamba-Signature: v1=&lt;hex HMAC-SHA256(secret, "{timestamp}.{rawBody}")&gt;</c>
/// (several comma-separated <c>v1=</c> values are allowed, for secret rotation), compared in constant time, with the
/// timestamp within <see cref="Tolerance"/> of now either way.
/// </summary>
public static class WebhookSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    public static WebhookRejection Check(string secret, string? timestamp, string? signature, byte[] rawBody, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return WebhookRejection.MissingHeaders;
        }

        if (seconds is < 0 or > 253_402_300_799 || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return WebhookRejection.StaleTimestamp;
        }

        var expected = Expected(secret, timestamp, rawBody);
        var matched = false;
        foreach (var part in signature.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // Every candidate is compared (no early exit), each in constant time.
            matched |= part.StartsWith("v1=", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(part[3..]), expected);
        }

        return matched ? WebhookRejection.None : WebhookRejection.BadSignature;
    }

    /// <summary>The lowercase hex v1 HMAC, as ASCII bytes.</summary>
    public static byte[] Expected(string secret, string timestamp, byte[] rawBody)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + rawBody.Length];
        prefix.CopyTo(signed, 0);
        rawBody.CopyTo(signed, prefix.Length);
        return Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)));
    }
}
