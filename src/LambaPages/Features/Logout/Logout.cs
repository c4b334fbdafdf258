using System.Net;
using Lamba.AspNetCore.Session;
using Mediator;
using Refit;

namespace LambaPages.Features.Logout;

/// <summary>
/// End the session at Lamba; true when Lamba confirmed it. A failed call (5xx, network) is tried once more; if that
/// fails too the portal still forgets the session locally, and the page says other devices may stay signed in.
/// </summary>
public sealed record LogoutCommand(string AccessToken, string? RefreshToken) : ICommand<bool>
{
    public override string ToString() => nameof(LogoutCommand);
}

public sealed class LogoutCommandHandler(ISessionApi api, ILogger<LogoutCommandHandler> logger) : ICommandHandler<LogoutCommand, bool>
{
    public async ValueTask<bool> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await api.LogoutAsync(command.AccessToken, new LogoutRequest(command.RefreshToken), cancellationToken);
                return true;
            }
            catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized && command.RefreshToken is not null)
            {
                // The access token expired: one refresh gives a bearer that may end the session. A refresh token
                // presented twice also ends it (reuse detection), so this cannot leave a session alive.
                return await TryLogoutAfterRefreshAsync(command.RefreshToken, cancellationToken);
            }
            catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
            {
                // Lamba no longer knows this session: it is over.
                return true;
            }
            catch (Exception ex) when (ex is ApiException or ApiRequestException or HttpRequestException)
            {
                // Logout is idempotent at Lamba, so one more try is safe.
                logger.LogWarning("Lamba logout attempt {Attempt} failed with {ExceptionType}", attempt, ex.GetType().Name);
                if (attempt == 2)
                {
                    return false;
                }
            }
        }
    }

    private async Task<bool> TryLogoutAfterRefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        try
        {
            var tokens = await api.RefreshAsync(new RefreshRequest(refreshToken), cancellationToken);
            await api.LogoutAsync(tokens.AccessToken, new LogoutRequest(tokens.RefreshToken), cancellationToken);
            return true;
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            // The refresh was refused: the session is already over.
            return true;
        }
        catch (Exception ex) when (ex is ApiException or ApiRequestException or HttpRequestException)
        {
            logger.LogInformation("Lamba logout after refresh failed with {ExceptionType}; the session ends locally", ex.GetType().Name);
            return false;
        }
    }
}
