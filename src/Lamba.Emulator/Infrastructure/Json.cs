using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lamba.Emulator.Infrastructure;

/// <summary>Every timestamp leaves the emulator as UTC ISO-8601 with a <c>Z</c> and milliseconds.</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}

/// <summary>The list shape of contract section 6.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Paging input of contract section 6: <c>limit</c> 1 to 100 (default 20) and an opaque cursor.</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Validates <c>limit</c>; null problem means fine.</summary>
    public static (int Limit, ProblemResult? Problem) ReadLimit(int? limit) =>
        limit switch
        {
            null => (DefaultLimit, null),
            >= 1 and <= MaxLimit => (limit.Value, null),
            _ => (0, Problems.Validation("limit", $"Use a limit from 1 to {MaxLimit}.")),
        };

    /// <summary>Cursors are the base64url of the last id on the previous page; opaque to clients.</summary>
    public static string EncodeCursor(string lastId) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(lastId));

    public static bool TryDecodeCursor(string? cursor, out string? afterId)
    {
        afterId = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            afterId = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
