using System.Net;
using Lamba.AspNetCore.Session;
using Mediator;
using Refit;

namespace LambaPages.Features.Logout;

/// <summary>End the session at Lamba. The portal forgets it locally whatever Lamba answers.</summary>
public sealed record LogoutCommand(string AccessToken, string? RefreshToken) : ICommand
{
    public override string ToString() => nameof(LogoutCommand);
}

public sealed class LogoutCommandHandler(ISessionApi api, ILogger<LogoutCommandHandler> logger) : ICommandHandler<LogoutCommand>
{
    public async ValueTask<Unit> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await api.LogoutAsync(command.AccessToken, new LogoutRequest(command.RefreshToken), cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized && command.RefreshToken is not null)
        {
            // The access token expired: one refresh gives a bearer that may end the session. A refresh token
            // presented twice also ends it (reuse detection), so this cannot leave a session alive.
            await TryLogoutAfterRefreshAsync(command.RefreshToken, cancellationToken);
        }
        catch (Exception ex) when (ex is ApiException or ApiRequestException)
        {
            logger.LogWarning("Lamba logout failed with {ExceptionType}; the local session ends anyway", ex.GetType().Name);
        }

        return Unit.Value;
    }

    private async Task TryLogoutAfterRefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        try
        {
            var tokens = await api.RefreshAsync(new RefreshRequest(refreshToken), cancellationToken);
            await api.LogoutAsync(tokens.AccessToken, new LogoutRequest(tokens.RefreshToken), cancellationToken);
        }
        catch (Exception ex) when (ex is ApiException or ApiRequestException)
        {
            logger.LogInformation("Lamba logout after refresh failed with {ExceptionType}; the session is already over or ends locally",
                ex.GetType().Name);
        }
    }
}
