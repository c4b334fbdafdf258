namespace Lamba.AspNetCore.Session;

/// <summary>
/// Lamba no longer accepts this browser's session (refresh rejected, or the retry after a refresh was
/// still 401). <see cref="SessionEndedMiddleware"/> turns it into a local sign-out and the login page.
/// </summary>
public sealed class LambaSessionEndedException : Exception
{
    public LambaSessionEndedException()
        : this("The Lamba session has ended.")
    {
    }

    public LambaSessionEndedException(string message)
        : base(message)
    {
    }

    public LambaSessionEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
