namespace LambaPages.Features.Me;

/// <summary>The account area's sections, in the order of its secondary navigation (drawn by the layout on every page of /Me).</summary>
public static class MeNavigation
{
    private const string Overview = "/Me/Index";

    /// <summary>Each link's page, its text (a resource key) and the section it opens, worked out once.</summary>
    public static readonly IReadOnlyList<(string Page, string Text, string Section)> Links =
    [
        .. new (string Page, string Text)[]
        {
            (Overview, "Overview"),
            ("/Me/Profile/Index", "Profile"),
            ("/Me/Email/Index", "Email"),
            ("/Me/Security/Index", "Password and security"),
            ("/Me/Sessions/Index", "Sessions"),
            ("/Me/Memberships/Index", "Memberships"),
        }.Select(link => (link.Page, link.Text, SectionOf(link.Page))),
    ];

    /// <summary>Whether a page (its route value, "/Me/Profile/Index") is in the account area, which shows this navigation.</summary>
    public static bool IsAccountPage(string? page) => page is not null && page.StartsWith("/Me/", StringComparison.Ordinal);

    /// <summary>The section a page belongs to: its first two path segments ("/Me/Security/Totp/Index" is "/Me/Security"), the overview alone.</summary>
    public static string SectionOf(string page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page == Overview || page.Length < 2)
        {
            return page;
        }

        var second = page.IndexOf('/', 1);
        var third = second < 0 ? -1 : page.IndexOf('/', second + 1);
        return third < 0 ? page : page[..third];
    }
}
