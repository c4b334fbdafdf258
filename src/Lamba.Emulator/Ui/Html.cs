using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Lamba.Emulator.Ui;

/// <summary>
/// The UI's page frame and form helpers: server-rendered HTML, no external assets, a strict CSP (one inline style
/// sheet and one inline script, both by nonce), every value HTML-encoded.
/// </summary>
public static class Html
{
    private static readonly (string Path, string Label)[] Navigation =
    [
        ("/", "Users"), ("/ui/outbox", "Outbox"), ("/ui/faults", "Faults and clock"), ("/ui/audit", "Audit log"), ("/ui/webhooks", "Webhooks"),
    ];

    private const string Style = """
        body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
        header{background:#5a1f00;color:#fff;padding:.5rem 1rem}header p{margin:0;font-size:.9rem}
        nav ul{list-style:none;display:flex;gap:1rem;margin:.5rem 0 0;padding:0}nav a{color:#fff}
        main{padding:1rem;max-width:72rem}table{border-collapse:collapse;width:100%;background:#fff}
        th,td{border:1px solid #bbb;padding:.35rem .5rem;text-align:left;vertical-align:top}
        form.inline{display:inline}button{margin:.1rem}label{display:block;margin-top:.5rem}
        [role=status]{background:#e6f4ea;border:1px solid #1e7b34;padding:.5rem}.error{background:#fdecea;border-color:#b00020}
        input[readonly]{font-family:monospace;width:8rem}a{color:#0b4f9c}
        """;

    private const string Script = """
        for (const button of document.querySelectorAll('button[data-copy]')) {
          button.addEventListener('click', async () => {
            await navigator.clipboard.writeText(document.getElementById(button.dataset.copy).value);
            document.getElementById('copy-status').textContent = 'Copied.';
          });
        }
        """;

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public static string Time(DateTimeOffset? value) => value is { } time ? Encode(time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)) : "";

    /// <summary>A whole page: banner, navigation, the status message (role="status"), then the body.</summary>
    public static IResult Page(HttpContext httpContext, string title, string body, string? status = null, bool isError = false, int statusCode = StatusCodes.Status200OK)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        httpContext.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        httpContext.Response.Headers.XContentTypeOptions = "nosniff";
        var current = httpContext.Request.Path.Value ?? "/";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)} - Lamba.Emulator</title><style nonce="{nonce}">{Style}</style></head>
            <body><header><p><strong>Lamba.Emulator</strong>: a local stand-in for development. This is NOT Lamba.</p>
            <nav aria-label="Emulator"><ul>
            """);
        foreach (var (path, label) in Navigation)
        {
            var here = path == current ? " aria-current=\"page\"" : "";
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{path}\"{here}>{Encode(label)}</a></li>");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </ul></nav></header>
            <main><h1>{Encode(title)}</h1>
            <div role="status" id="status"{(status is null ? " hidden" : isError ? " class=\"error\"" : "")}>{Encode(status)}</div>
            {body}
            <p role="status" id="copy-status"></p></main>
            <script nonce="{nonce}">{Script}</script></body></html>
            """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: statusCode);
    }

    /// <summary>A POST form to a UI action, carrying the antiforgery token; <paramref name="fields"/> is its inner HTML.</summary>
    public static string Form(HttpContext httpContext, string action, string fields, string button, bool inline = false)
    {
        var tokens = httpContext.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(httpContext);
        return $"""<form method="post" action="{Encode(action)}"{(inline ? " class=\"inline\"" : "")}><input type="hidden" name="{Encode(tokens.FormFieldName)}" value="{Encode(tokens.RequestToken)}">{fields}<button type="submit">{Encode(button)}</button></form>""";
    }

    /// <summary>After an action: back to a page with what happened (Post/Redirect/Get, so a reload repeats nothing).</summary>
    public static IResult Done(string page, string message, bool isError = false) =>
        Results.Redirect($"{page}?{(isError ? "error" : "status")}={Uri.EscapeDataString(message)}");
}
