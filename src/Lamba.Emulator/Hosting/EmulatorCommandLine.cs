namespace Lamba.Emulator.Hosting;

/// <summary>
/// The standalone command line: <c>--urls</c> like any ASP.NET Core app, plus the emulator's own short flags,
/// translated here into configuration keys of the "Emulator" section (so env vars and appsettings can say the same).
/// </summary>
public static class EmulatorCommandLine
{
    public const string Usage = """
        lamba-emulator: a local stand-in for the Lamba customer surface. It is NOT Lamba.

        Usage: lamba-emulator [options]

          --urls <urls>           Where to listen (default http://127.0.0.1:5080; also ASPNETCORE_URLS).
                                  --Emulator:Urls is an alias.
          --data <folder>         Keep the database and the signing keys in this folder (default: a
                                  temporary database and fresh keys, gone when the emulator stops).
          --seed <tenant.json>    Load this tenant (Workspaces, Projects, users, memberships, App Clients)
                                  instead of the built-in demo seed. See lamba-seed.schema.json.
          --dev                   Development mode (outbox, reset, faults, clock, the UI at /) even when
                                  the environment is not Development.
          --allow-remote          Allow a non-loopback address in --urls. Needs --control-token.
          --control-token <t>     Every /_emulator call (and the UI) must then carry it:
                                  "Authorization: Emulator <t>" or "X-Emulator-Token: <t>".
          --allowed-hosts <h,h>   Host names accepted besides loopback ones (DNS-rebinding guard).
          --Emulator:ConnectionString "Host=...;Database=...": use PostgreSQL instead of SQLite.
          --help                  Show this help.

        Any other setting of the Emulator section works too: --Emulator:AccessTokenLifetime 00:15:00
        """;

    private static readonly Dictionary<string, string> ValueOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--data"] = "--Emulator:DataDirectory",
        ["--seed"] = "--Emulator:SeedFile",
        ["--control-token"] = "--Emulator:ControlToken",
        ["--allowed-hosts"] = "--Emulator:AllowedHosts",
    };

    private static readonly Dictionary<string, string> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--dev"] = "--Emulator:DevelopmentMode=true",
        ["--allow-remote"] = "--Emulator:AllowRemote=true",
    };

    public static bool WantsHelp(IEnumerable<string> args) => args.Any(a => a is "--help" or "-h" or "-?" or "/?");

    /// <summary>Rewrites the short options into configuration keys; everything else passes through unchanged.</summary>
    public static string[] Translate(IReadOnlyList<string> args)
    {
        var translated = new List<string>(args.Count);
        foreach (var arg in args)
        {
            var (name, inlineValue) = Split(arg);
            if (Flags.TryGetValue(name, out var flag))
            {
                translated.Add(inlineValue is null ? flag : flag[..flag.IndexOf('=', StringComparison.Ordinal)] + "=" + inlineValue);
            }
            else if (ValueOptions.TryGetValue(name, out var key))
            {
                translated.Add(inlineValue is null ? key : key + "=" + inlineValue);
            }
            else
            {
                translated.Add(arg);
            }
        }

        return [.. translated];
    }

    private static (string Name, string? InlineValue) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }
}
