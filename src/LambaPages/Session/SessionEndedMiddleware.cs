using LambaPages.Features.Shared;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LambaPages.Session;

/// <summary>
/// The one place that turns "Lamba ended this session" into a local sign-out: both cookies deleted, the
/// login page with a status message, and a return to where the user was.
/// </summary>
public sealed class SessionEndedMiddleware(RequestDelegate next, ITempDataDictionaryFactory tempDataFactory, ILogger<SessionEndedMiddleware> logger)
{
    public const string Message = "Your session has ended. Please sign in again.";

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

            var tempData = tempDataFactory.GetTempData(context);
            tempData[StatusMessage.Key] = Message;
            tempData.Save();

            context.Response.Redirect(LambaSessionAuthenticationHandler.LoginUrl(context));
        }
    }
}
