using System.Security.Cryptography;

namespace Lamba.Emulator.Infrastructure;

/// <summary>
/// Prefixed ids (<c>usr_</c>, <c>ses_</c>, <c>evt_</c>...) that sort by creation time (ULID layout:
/// 48 bits of milliseconds, then 80 random bits, monotonic within a millisecond), so lists can page by id.
/// </summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private static readonly UInt128 RandomMask = (UInt128.One << 80) - 1;
    private static readonly Lock Gate = new();
    private static long lastMilliseconds;
    private static UInt128 lastRandom;

    public static string New(string prefix)
    {
        long milliseconds;
        UInt128 random;
        lock (Gate)
        {
            milliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (milliseconds <= lastMilliseconds)
            {
                milliseconds = lastMilliseconds;
                lastRandom = (lastRandom + 1) & RandomMask;
            }
            else
            {
                lastMilliseconds = milliseconds;
                Span<byte> bytes = stackalloc byte[16];
                RandomNumberGenerator.Fill(bytes);
                lastRandom = new UInt128(BitConverter.ToUInt64(bytes[..8]), BitConverter.ToUInt64(bytes[8..])) & RandomMask;
            }

            random = lastRandom;
        }

        Span<char> chars = stackalloc char[26];
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(milliseconds & 31)];
            milliseconds >>= 5;
        }

        for (var i = 25; i >= 10; i--)
        {
            chars[i] = Alphabet[(int)(random & 31)];
            random >>= 5;
        }

        return prefix + "_" + new string(chars);
    }
}
