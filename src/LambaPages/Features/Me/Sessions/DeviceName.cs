using LambaPages.Localization;

namespace LambaPages.Features.Me.Sessions;

/// <summary>
/// "Chrome on Linux", "Safari on iPhone": a session's device in plain words from its User-Agent. Deliberately small:
/// it knows the common browsers and systems, checked in an order that respects how they imitate each other
/// (Edge and Opera say "Chrome", Chrome says "Safari"), and says "Unknown browser" rather than guessing.
/// </summary>
public static class DeviceName
{
    public const string Unknown = "Unknown device";

    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"),
        ("EdgiOS/", "Edge"),
        ("EdgA/", "Edge"),
        ("OPR/", "Opera"),
        ("OPiOS/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Vivaldi/", "Vivaldi"),
        ("YaBrowser/", "Yandex Browser"),
        ("FxiOS/", "Firefox"),
        ("Firefox/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("HeadlessChrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Version/", "Safari"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("Wget/", "Wget"),
        ("python-requests/", "Python"),
        ("PostmanRuntime/", "Postman"),
    ];

    // Phones and tablets first: an iPad says "like Mac OS X", Android says "Linux".
    private static readonly (string Token, string Name)[] Systems =
    [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("iPod", "iPod"),
        ("Android", "Android"),
        ("Windows Phone", "Windows Phone"),
        ("Windows", "Windows"),
        ("CrOS", "ChromeOS"),
        ("Macintosh", "Mac"),
        ("Mac OS X", "Mac"),
        ("Ubuntu", "Ubuntu"),
        ("Fedora", "Fedora"),
        ("Linux", "Linux"),
        ("FreeBSD", "FreeBSD"),
    ];

    public static string FromUserAgent(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return Text.Get(Unknown);
        }

        var browser = Find(Browsers, userAgent);
        var system = Find(Systems, userAgent);
        return (browser, system) switch
        {
            (null, null) => Text.Get(Unknown),
            ({ } b, null) => b,
            (null, { } s) => Text.Format("Unknown browser on {0}", s),
            ({ } b, { } s) => Text.Format("{0} on {1}", b, s),
        };
    }

    private static string? Find((string Token, string Name)[] table, string userAgent)
    {
        foreach (var (token, name) in table)
        {
            if (userAgent.Contains(token, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }
}
