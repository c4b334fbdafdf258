namespace LambaPages.Features.Me.Profile;

/// <summary>The IANA time zones the profile form offers (the machine's tz database), and the user's zone for showing times.</summary>
public static class TimeZones
{
    public const string Default = "UTC";

    private static readonly Lazy<IReadOnlyList<string>> Ids = new(() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Select(zone => zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : null)
            .OfType<string>()
            .Append(Default)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList());

    public static IReadOnlyList<string> All => Ids.Value;

    public static bool IsKnown(string? id) =>
        !string.IsNullOrEmpty(id) && (All.Contains(id, StringComparer.Ordinal) || TimeZoneInfo.TryFindSystemTimeZoneById(id, out _));

    /// <summary>The zone named by <paramref name="id"/>, or UTC when it is missing or unknown here.</summary>
    public static TimeZoneInfo Find(string? id) =>
        !string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
