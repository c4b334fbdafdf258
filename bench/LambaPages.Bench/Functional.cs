namespace LambaPages.Bench;

/// <summary>A functional failure (a page that did not answer 200, a sign-in that did not work): the figures would mean nothing.</summary>
internal sealed class FunctionalFailureException(string message) : Exception(message);

internal static class Functional
{
    public static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new FunctionalFailureException(failure);
        }
    }
}
