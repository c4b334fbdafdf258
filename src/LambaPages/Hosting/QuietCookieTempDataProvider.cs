using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LambaPages.Hosting;

/// <summary>
/// The cookie TempData provider, minus the header that deletes a TempData cookie the browser does not have. Every page
/// reads TempData (the layout's status region), and the stock provider answers each one with a Set-Cookie that
/// expires the cookie, whether or not it was sent.
/// </summary>
public sealed class QuietCookieTempDataProvider(CookieTempDataProvider cookies) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(CookieNames.TempData))
        {
            return;
        }

        cookies.SaveTempData(context, values);
    }
}
