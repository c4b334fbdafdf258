using System.Runtime.ExceptionServices;
using Refit;

namespace Lamba.AspNetCore.Client;

/// <summary>
/// Reading a Refit call declared as <see cref="IApiResponse"/>: for calls where Lamba refusing is an expected outcome
/// (a wrong password, a spent link), so the refusal is a value to map and not an exception to catch.
/// </summary>
public static class LambaResponses
{
    /// <summary>
    /// Null when Lamba said yes; else its problem details. A call that got no answer at all (network, timeout) throws
    /// its error, as a plain call would: that is never an outcome.
    /// </summary>
    public static LambaProblem? Problem(this IApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.HasRequestError(out var requestError))
        {
            ExceptionDispatchInfo.Throw(requestError);
        }

        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        return response.HasResponseError(out var error)
            ? LambaProblem.From(error)
            : new LambaProblem(StatusOf(response), null, null, null, null, new Dictionary<string, string[]>(), [], null);
    }

    /// <summary>The captured error, for a refusal the caller does not treat as an outcome (a 5xx): <c>throw response.Unexpected()</c>.</summary>
    public static Exception Unexpected(this IApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return (Exception?)response.Error ?? new InvalidOperationException($"Lamba answered {StatusOf(response)} without a body.");
    }

    private static int StatusOf(IApiResponse response) => response.StatusCode is { } status ? (int)status : 0;
}
