using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace Lamba.AspNetCore.Session;

/// <summary>
/// The one place that turns "Lamba ended this session" into a local sign-out: both cookies deleted, the
/// login page with a status message, and a return to where the user was.
/// </summary>
public sealed class SessionEndedMiddleware(
    RequestDelegate next, IOptions<LambaHostingOptions> hosting, ILogger<SessionEndedMiddleware> logger)
{
    public const string Message = LambaHostingOptions.DefaultSessionEndedMessage;

    public async Task InvokeAsync(HttpContext context, LambaSession session)
    {
        try
        {
            await next(context);
        }
        catch (LambaSessionEndedException ex) when (!context.Response.HasStarted)
        {
            logger.LogInformation("Signing out locally: {Reason}", ex.Message);
            context.Response.Clear();
            session.SignOut();

            if (hosting.Value.StatusMessageKey is { } statusMessageKey)
            {
                // TempData only when the app shows status messages from it (an app without MVC has no TempData).
                var tempData = context.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context);
                tempData[statusMessageKey] = hosting.Value.SessionEndedMessage;
                tempData.Save();
            }

            context.Response.Redirect(LambaSessionAuthenticationHandler.LoginUrl(context, hosting.Value.LoginPath));
        }
    }
}
