namespace LambaPages.Hosting;

/// <summary>
/// The first run is quiet (appsettings.Development.json: the banner, the demo logins, then warnings only).
/// <c>--verbose</c> brings the detail back; so does any logging setting, for example <c>Logging__LogLevel__Default=Debug</c>.
/// </summary>
public static class ConsoleVerbosity
{
    public const string Flag = "--verbose";

    /// <summary>The command line with <c>--verbose</c> turned into the logging settings it stands for.</summary>
    public static string[] Expand(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!args.Contains(Flag, StringComparer.OrdinalIgnoreCase))
        {
            return args;
        }

        // Key=value form, so that the next argument is never taken for this one's value.
        return
        [
            .. args.Where(arg => !string.Equals(arg, Flag, StringComparison.OrdinalIgnoreCase)),
            "--Logging:LogLevel:Default=Debug",
            "--Logging:LogLevel:Microsoft.AspNetCore=Information",
            "--Logging:LogLevel:LambaPages=Debug",
        ];
    }
}
