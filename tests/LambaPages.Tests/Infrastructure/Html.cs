using System.Net;
using System.Text.RegularExpressions;

namespace LambaPages.Tests.Infrastructure;

/// <summary>Small, strict readers for the parts of a page tests talk about.</summary>
public static partial class Html
{
    /// <summary>The text of the first element with this id (tags stripped, entities decoded, whitespace collapsed).</summary>
    public static string? TextOf(string html, string id)
    {
        var match = Regex.Match(html, $"""<(\w+)[^>]*\bid="{Regex.Escape(id)}"[^>]*>(.*?)</\1>""", RegexOptions.Singleline);
        return match.Success ? Text(match.Groups[2].Value) : null;
    }

    public static string? H1(string html)
    {
        var match = H1Element().Match(html);
        return match.Success ? Text(match.Groups[1].Value) : null;
    }

    /// <summary>The contents of the role="status" region.</summary>
    public static string Status(string html)
    {
        var match = StatusRegion().Match(html);
        Assert.True(match.Success, "The page has no role=\"status\" region.");
        return Text(match.Groups[1].Value);
    }

    public static string? InputValue(string html, string name)
    {
        var input = Regex.Match(html, $"""<input[^>]*\bname="{Regex.Escape(name)}"[^>]*>""");
        if (!input.Success)
        {
            return null;
        }

        var value = ValueAttribute().Match(input.Value);
        return value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : null;
    }

    public static string Text(string fragment) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(fragment, " ")), " ").Trim();

    [GeneratedRegex("<h1[^>]*>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex H1Element();

    [GeneratedRegex("""<div role="status"[^>]*>(.*?)</div>""", RegexOptions.Singleline)]
    private static partial Regex StatusRegion();

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
