namespace LambaPages.Features.Shared;

/// <summary>"Try again in N minutes." from a Retry-After (locked accounts, rate limits).</summary>
public static class TryAgain
{
    public static string After(TimeSpan? wait)
    {
        if (wait is null)
        {
            return "Try again later.";
        }

        var minutes = Math.Max(1, (int)Math.Ceiling(wait.Value.TotalMinutes));
        return minutes == 1 ? "Try again in 1 minute." : $"Try again in {minutes} minutes.";
    }
}
