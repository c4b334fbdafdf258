using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Lamba.Emulator.Oidc;

/// <summary>A field's message on a hosted page; <see cref="Field"/> is the input's id, so the summary can link to it.</summary>
public sealed record PageError(string Field, string Message);

/// <summary>
/// The emulator's hosted pages (sign-in, second factor, messages), rendered on the server with no external
/// assets: real labels, autocomplete hints, an error summary that takes focus and links to each field.
/// </summary>
public static class HostedPages
{
    public static IResult SignIn(AuthorizationRequest request, string signInId, AntiforgeryTokenSet antiforgery, string? login, IReadOnlyList<PageError> errors) =>
        Form(
            "Sign in",
            $"to continue to {Encode(request.ClientName)}",
            "/connect/authorize/signin",
            signInId,
            antiforgery,
            errors,
            Field("login", "Email or username", "text", "username", login, errors, autofocus: errors.Count == 0)
            + Field("password", "Password", "password", "current-password", value: null, errors, autofocus: false),
            "Sign in");

    public static IResult SecondFactor(AuthorizationRequest request, string signInId, AntiforgeryTokenSet antiforgery, IReadOnlyList<PageError> errors) =>
        Form(
            "Two-step verification",
            $"Enter the 6-digit code from your authenticator app, or one of your recovery codes, to continue to {Encode(request.ClientName)}.",
            "/connect/authorize/mfa",
            signInId,
            antiforgery,
            errors,
            Field("code", "Authenticator or recovery code", "text", "one-time-code", value: null, errors, autofocus: errors.Count == 0, spellcheck: false),
            "Continue");

    public static IResult Message(int status, string title, string text) =>
        new HtmlPage(status, Layout(title, $"<h1>{Encode(title)}</h1>\n<p role=\"status\">{Encode(text)}</p>"));

    private static HtmlPage Form(
        string title, string intro, string action, string signInId, AntiforgeryTokenSet antiforgery, IReadOnlyList<PageError> errors, string fields, string submit)
    {
        var body = new StringBuilder();
        body.Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        body.Append("<p>").Append(intro).Append("</p>\n");
        if (errors.Count > 0)
        {
            body.Append("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus aria-labelledby=\"error-summary-title\">\n")
                .Append("<h2 id=\"error-summary-title\">There is a problem</h2>\n<ul>\n");
            foreach (var error in errors)
            {
                body.Append("<li><a href=\"#").Append(Encode(error.Field)).Append("\">").Append(Encode(error.Message)).Append("</a></li>\n");
            }

            body.Append("</ul>\n</div>\n");
        }

        body.Append("<form method=\"post\" action=\"").Append(action).Append("\" novalidate>\n")
            .Append("<input type=\"hidden\" name=\"").Append(Encode(antiforgery.FormFieldName)).Append("\" value=\"").Append(Encode(antiforgery.RequestToken ?? "")).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"signin\" value=\"").Append(Encode(signInId)).Append("\">\n")
            .Append(fields)
            .Append("<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"continue\">").Append(Encode(submit)).Append("</button>\n")
            .Append("<button type=\"submit\" name=\"action\" value=\"cancel\" class=\"secondary\">Cancel</button></div>\n")
            .Append("</form>\n");
        var fullTitle = errors.Count > 0 ? "Error: " + title : title;
        return new HtmlPage(errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, Layout(fullTitle, body.ToString()));
    }

    private static string Field(
        string id, string label, string type, string autocomplete, string? value, IReadOnlyList<PageError> errors, bool autofocus, bool spellcheck = true)
    {
        var messages = errors.Where(e => e.Field == id).Select(e => e.Message).ToList();
        var html = new StringBuilder();
        html.Append("<div class=\"field\">\n<label for=\"").Append(id).Append("\">").Append(Encode(label)).Append("</label>\n");
        if (messages.Count > 0)
        {
            html.Append("<p class=\"field-error\" id=\"").Append(id).Append("-error\"><span class=\"visually-hidden\">Error: </span>")
                .Append(Encode(string.Join(" ", messages))).Append("</p>\n");
        }

        html.Append("<input id=\"").Append(id).Append("\" name=\"").Append(id).Append("\" type=\"").Append(type)
            .Append("\" autocomplete=\"").Append(autocomplete).Append('"');
        if (value is not null)
        {
            html.Append(" value=\"").Append(Encode(value)).Append('"');
        }

        if (messages.Count > 0)
        {
            html.Append(" aria-invalid=\"true\" aria-describedby=\"").Append(id).Append("-error\"");
        }

        if (!spellcheck)
        {
            html.Append(" spellcheck=\"false\" autocapitalize=\"off\"");
        }

        if (autofocus)
        {
            html.Append(" autofocus");
        }

        return html.Append(" required>\n</div>\n").ToString();
    }

    private static string Layout(string title, string main) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}} · Lamba (emulator)</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1b1d21; line-height: 1.5; }
        header { background: #1b1d21; color: #ffffff; padding: .75rem 1.5rem; }
        header p { margin: 0; }
        main { max-width: 26rem; margin: 2rem auto; background: #ffffff; padding: 1.5rem 2rem; border-radius: .5rem; border: 1px solid #c9ccd1; }
        h1 { font-size: 1.5rem; margin-top: 0; }
        .field { margin-bottom: 1rem; }
        label { display: block; font-weight: 600; margin-bottom: .25rem; }
        input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; border: 2px solid #4a4f57; border-radius: .25rem; }
        input[aria-invalid="true"] { border-color: #b00020; }
        input:focus, button:focus, a:focus, .error-summary:focus { outline: 3px solid #1d4ed8; outline-offset: 2px; }
        .field-error { color: #b00020; font-weight: 600; margin: 0 0 .25rem; }
        .error-summary { border: 3px solid #b00020; padding: .5rem 1rem; margin-bottom: 1rem; }
        .error-summary h2 { font-size: 1.1rem; margin: .25rem 0; }
        .error-summary a { color: #b00020; }
        .actions { display: flex; gap: .75rem; }
        button { padding: .5rem 1.25rem; font-size: 1rem; border-radius: .25rem; border: 2px solid #1d4ed8; background: #1d4ed8; color: #ffffff; cursor: pointer; }
        button.secondary { background: #ffffff; color: #1d4ed8; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        </style>
        </head>
        <body>
        <header><p>Lamba.Emulator: a local stand-in for development. This is not Lamba.</p></header>
        <main>
        {{main}}
        </main>
        </body>
        </html>
        """;

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    /// <summary>An HTML answer that no one may frame, cache or reach other origins from.</summary>
    private sealed class HtmlPage(int status, string html) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
            response.Headers.XFrameOptions = "DENY";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.XContentTypeOptions = "nosniff";
            await response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
