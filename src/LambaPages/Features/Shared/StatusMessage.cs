namespace LambaPages.Features.Shared;

/// <summary>The TempData key of the one-line status shown in the layout's role="status" region after a redirect.</summary>
public static class StatusMessage
{
    public const string Key = "StatusMessage";
}
