using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LambaPages.Localization;

/// <summary>
/// <c>&lt;local-time value="@moment" /&gt;</c> renders <c>&lt;time datetime="…Z" title="28 Nov 2026, 14:05 Europe/Paris"&gt;3 minutes ago&lt;/time&gt;</c>:
/// relative in the reader's language, exact in their own time zone (from the profile), machine-readable in UTC.
/// <c>exact="true"</c> shows the exact time as the text (tables where the moment itself matters).
/// </summary>
[HtmlTargetElement("local-time", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LocalTimeTagHelper(TimeProvider clock) : TagHelper
{
    public DateTimeOffset? Value { get; set; }

    public bool Exact { get; set; }

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Value is not { } moment)
        {
            output.SuppressOutput();
            return;
        }

        var exact = RelativeTime.Exact(moment, UserPreferences.Of(ViewContext.HttpContext).Zone);
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("datetime", moment.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("title", exact);
        output.Content.SetContent(Exact ? exact : RelativeTime.Ago(moment, clock.GetUtcNow()));
    }
}
