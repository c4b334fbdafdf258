namespace LambaPages.Features.Logout;

/// <summary>
/// What the page after sign-out says, named in its query (<c>?signedOut=1</c> or <c>=partial</c>) because sign-out
/// clears every cookie, TempData's included. Only these fixed texts can show: the query picks one, it never carries text.
/// </summary>
public sealed record SignedOutNotice(string Text, bool LinkToSessions)
{
    public const string QueryKey = "signedOut";
    public const string Complete = "1";
    public const string Partial = "partial";

    public const string SignedOutMessage = "You have been signed out.";

    public const string PartialMessage =
        "You have been signed out on this device, but Lamba could not be reached to end the session there: other devices may stay signed in.";

    public static SignedOutNotice? From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query[QueryKey].ToString() switch
        {
            Complete => new SignedOutNotice(SignedOutMessage, LinkToSessions: false),
            Partial => new SignedOutNotice(PartialMessage, LinkToSessions: true),
            _ => null,
        };
    }
}
