using Microsoft.AspNetCore.WebUtilities;

namespace LambaPages.Features.Register;

/// <summary>
/// Links between /Register and /Login that keep an admin's invitation token. Built by hand rather than with
/// asp-route-*: the link generator logs the route values it processes (Debug), and the token is a secret.
/// </summary>
public static class InvitationLink
{
    public const string QueryKey = "invitationToken";

    public static string To(string path, string? invitationToken) =>
        string.IsNullOrWhiteSpace(invitationToken) ? path : QueryHelpers.AddQueryString(path, QueryKey, invitationToken);
}
