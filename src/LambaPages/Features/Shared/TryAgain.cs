using LambaPages.Localization;

namespace LambaPages.Features.Shared;

/// <summary>"Try again in N minutes." from a Retry-After (locked accounts, rate limits).</summary>
public static class TryAgain
{
    public static string After(TimeSpan? wait)
    {
        if (wait is null)
        {
            return Text.Get("Try again later.");
        }

        var minutes = Math.Max(1, (int)Math.Ceiling(wait.Value.TotalMinutes));
        return Plural.Format("Try again in {0} minutes.", minutes);
    }
}
