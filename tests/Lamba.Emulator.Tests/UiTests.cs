using System.Net;
using System.Text.RegularExpressions;
using Lamba.Emulator.Hosting;
using Lamba.Emulator.Store;
using OtpNet;

namespace Lamba.Emulator.Tests;

/// <summary>The development UI at <c>/</c>: pages render, and their forms act, through the emulator's own safety rules.</summary>
public sealed partial class UiTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private static readonly string[] Support = ["support"];

    [Fact]
    public async Task The_users_page_lists_the_seed_users_in_an_accessible_self_contained_page()
    {
        using var browser = new UiBrowser(Emulator);

        var (response, html) = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("viewer@acme.test", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Users</h1>", html, StringComparison.Ordinal);
        Assert.Contains("role=\"status\"", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalAsset(), html);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locking_a_user_in_the_ui_locks_their_sign_in_and_unlocking_lets_them_back()
    {
        using var browser = new UiBrowser(Emulator);

        var locked = await browser.SubmitAsync("/ui/users/usr_viewer", "/ui/users/usr_viewer/lock", new() { ["client"] = "127.0.0.1" });

        Assert.Contains("Locked out from 127.0.0.1 for 15 minutes.", locked, StringComparison.Ordinal);
        Assert.Contains("from 127.0.0.1 until", locked, StringComparison.Ordinal);
        using var refused = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password });
        await Problem.AssertAsync(refused, HttpStatusCode.Locked, "ACCOUNT_LOCKED");
        await browser.SubmitAsync("/ui/users/usr_viewer", "/ui/users/usr_viewer/unlock");
        await Emulator.LoginAsync("viewer@acme.test");
    }

    [Fact]
    public async Task A_ui_post_without_the_antiforgery_token_changes_nothing()
    {
        using var browser = new UiBrowser(Emulator);
        await browser.GetAsync("/ui/users/usr_viewer");

        using var forged = await browser.Http.PostAsync(new Uri("/ui/users/usr_viewer/lock", UriKind.Relative), new FormUrlEncodedContent([]));
        using var notAForm = await browser.Http.PostAsync(new Uri("/ui/users/usr_viewer/lock", UriKind.Relative), new StringContent("x", System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // Refused before any handler runs: by the form binder (415) or by the antiforgery filter (400).
        Assert.True(notAForm.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"got {(int)notAForm.StatusCode}");
        await Emulator.LoginAsync("viewer@acme.test");
    }

    [Fact]
    public async Task Revoking_a_session_in_the_ui_ends_it()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");
        using var browser = new UiBrowser(Emulator);
        var (_, page) = await browser.GetAsync("/ui/users/usr_viewer");
        var action = Assert.Single(RevokeAction().Matches(page)).Value;

        var after = await browser.SubmitAsync("/ui/users/usr_viewer", action);

        Assert.Contains("Session revoked.", after, StringComparison.Ordinal);
        using var ended = await Emulator.GetAsync("/v1/me/context", login.Access);
        await Problem.AssertAsync(ended, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
    }

    [Fact]
    public async Task Resetting_mfa_in_the_ui_lets_the_user_sign_in_with_the_password_alone()
    {
        using var browser = new UiBrowser(Emulator);
        using var before = await Emulator.PostAsync("/v1/auth/login/password", new { login = "mfa@acme.test", password = TestEmulator.Password });
        await Problem.AssertAsync(before, HttpStatusCode.Unauthorized, "MFA_REQUIRED");

        await browser.SubmitAsync("/ui/users/usr_mfa", "/ui/users/usr_mfa/reset-mfa");

        await Emulator.LoginAsync("mfa@acme.test");
    }

    [Fact]
    public async Task The_outbox_page_shows_links_to_click_and_codes_to_copy()
    {
        (await Emulator.PostAsync("/v1/auth/magic-link/start", new { email = "viewer@acme.test", redirectUri = "https://app.example.test/continue" })).Dispose();
        (await Emulator.PostAsync("/v1/auth/phone/start", new { phone = "+15550009999" })).Dispose();
        using var browser = new UiBrowser(Emulator);

        var (_, html) = await browser.GetAsync("/ui/outbox");

        var link = (await Emulator.OutboxAsync("viewer@acme.test"))[0].GetProperty("link").GetString()!;
        var code = (await Emulator.OutboxAsync("+15550009999"))[0].GetProperty("code").GetString()!;
        Assert.Contains($"<a href=\"{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(link)}\">Open the link</a>", html, StringComparison.Ordinal);
        Assert.Contains($"readonly value=\"{code}\"", html, StringComparison.Ordinal);
        Assert.Contains("data-copy=\"code-0\"", html, StringComparison.Ordinal);
        Assert.Matches("<label for=\"code-0\">", html);
    }

    [Fact]
    public async Task Faults_and_the_clock_can_be_changed_in_the_ui()
    {
        using var browser = new UiBrowser(Emulator);

        var added = await browser.SubmitAsync("/ui/faults", "/ui/faults", new() { ["route"] = "GET /v1/me/context", ["status"] = "503", ["count"] = "2" });
        var moved = await browser.SubmitAsync("/ui/faults", "/ui/clock", new() { ["advanceSeconds"] = "3600" });
        var refused = await browser.SubmitAsync("/ui/faults", "/ui/faults", new() { ["route"] = "no-slash", ["status"] = "503" });

        Assert.Contains("Fault added on /v1/me/context.", added, StringComparison.Ordinal);
        var fault = Assert.Single((await Emulator.GetJsonAsync("/_emulator/faults")).GetProperty("items").EnumerateArray());
        Assert.Equal(2, fault.GetProperty("remaining").GetInt32());
        Assert.Contains("The clock moved forward 3600 seconds.", moved, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), Emulator.Clock.Offset);
        Assert.Contains("class=\"error\"", refused, StringComparison.Ordinal);
        Assert.Contains("Give a path", refused, StringComparison.Ordinal);
        var cleared = await browser.SubmitAsync("/ui/faults", "/ui/faults/clear");
        Assert.Contains("All faults removed.", cleared, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_log_page_shows_what_admins_did()
    {
        var admin = await Emulator.SwitchAsync((await Emulator.LoginAsync("admin@acme.test")).Access);
        using var changed = await Emulator.SendAsync(HttpMethod.Patch, $"/v1/admin/members/{SeedData.ViewerId}", new { roleKeys = Support }, admin.Access);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        using var browser = new UiBrowser(Emulator);

        var (_, html) = await browser.GetAsync("/ui/audit");

        Assert.Contains("member.roles_changed", html, StringComparison.Ordinal);
        Assert.Contains("admin@acme.test", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_webhooks_page_lists_endpoints_without_secrets_and_each_delivery_with_its_outcome()
    {
        using var browser = new UiBrowser(Emulator);
        var (_, before) = await browser.GetAsync("/ui/webhooks");
        Assert.Contains("No endpoint is registered", before, StringComparison.Ordinal);
        await using var receiver = await Webhooks.TestReceiver.StartAsync();
        using (var registered = await Emulator.PostAsync("/_emulator/webhooks", new { url = receiver.Url, secret = "ui-page-secret-0001" }))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var admin = await Emulator.SwitchAsync((await Emulator.LoginAsync("admin@acme.test")).Access);
        using var changed = await Emulator.SendAsync(HttpMethod.Patch, $"/v1/admin/members/{SeedData.ViewerId}", new { roleKeys = Support }, admin.Access);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var delivered = (await receiver.WaitForAsync("member.roles_changed")).Single();

        // The sender records the receiver's answer just after the receiver saw the event: read until it has.
        var html = "";
        for (var attempt = 0; attempt < 50 && !html.Contains("<td>delivered</td>", StringComparison.Ordinal); attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(100);
            }

            (_, html) = await browser.GetAsync("/ui/webhooks");
        }

        Assert.Contains(receiver.Url, html, StringComparison.Ordinal);
        Assert.DoesNotContain("ui-page-secret-0001", html, StringComparison.Ordinal);
        Assert.Contains(delivered.Envelope.GetProperty("id").GetString()!, html, StringComparison.Ordinal);
        Assert.Matches(@"<td>member\.roles_changed</td>.*<td>delivered</td><td>1</td><td>204</td>", html.ReplaceLineEndings(" "));
    }

    [Fact]
    public async Task Outside_development_mode_there_is_no_ui()
    {
        await using var production = await TestEmulator.StartAsync(o => o.DevelopmentMode = false);

        using var root = await production.GetAsync("/");
        using var outbox = await production.GetAsync("/ui/outbox");

        Assert.Equal("application/json", root.Content.Headers.ContentType?.MediaType);
        await Problem.AssertAsync(outbox, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task With_a_control_token_the_ui_asks_for_it_once()
    {
        await using var guarded = await TestEmulator.StartAsync(o => o.ControlToken = "a-control-token-long-enough");
        using var browser = new UiBrowser(guarded);

        var (first, _) = await browser.GetAsync("/");
        var wrong = await browser.SubmitAsync("/ui/unlock", "/ui/unlock", new() { ["token"] = "wrong-token" });
        await browser.SubmitAsync("/ui/unlock", "/ui/unlock", new() { ["token"] = "a-control-token-long-enough" });
        var (after, html) = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/ui/unlock", first.Headers.Location?.OriginalString);
        Assert.Contains("That is not the control token.", wrong, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("viewer@acme.test", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("""(?:src|href)="(?:https?:)?//""")]
    private static partial Regex ExternalAsset();

    [GeneratedRegex("/ui/users/usr_viewer/sessions/[^/\"]+/revoke")]
    private static partial Regex RevokeAction();
}

/// <summary>A cookie-keeping client that reads pages and submits their forms the way a browser would.</summary>
public sealed partial class UiBrowser : IDisposable
{
    public UiBrowser(TestEmulator emulator)
    {
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = emulator.Running.BaseAddress };
        Http.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public HttpClient Http { get; }

    public async Task<(HttpResponseMessage Response, string Html)> GetAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Loads <paramref name="page"/>, submits its form whose action is <paramref name="action"/> (with its
    /// antiforgery token and <paramref name="fields"/>), follows the redirect and returns the page it lands on.</summary>
    public async Task<string> SubmitAsync(string page, string action, Dictionary<string, string>? fields = null)
    {
        var (_, html) = await GetAsync(page);
        var form = FormPattern().Matches(html).FirstOrDefault(m => System.Net.WebUtility.HtmlDecode(m.Groups["action"].Value) == action)
            ?? throw new InvalidOperationException($"No form posting to {action} on {page}:\n{html}");
        var token = TokenPattern().Match(form.Value);
        var values = new Dictionary<string, string>(fields ?? []) { [token.Groups["name"].Value] = token.Groups["value"].Value };
        using var posted = await Http.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(values));
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"POST {action} answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        return (await GetAsync(posted.Headers.Location!.OriginalString)).Html;
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]+)".*?</form>""", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]+)">""")]
    private static partial Regex TokenPattern();
}
