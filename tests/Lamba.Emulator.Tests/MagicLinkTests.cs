using System.Net;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests;

public sealed class MagicLinkTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Start = "/v1/auth/magic-link/start";
    private const string Verify = "/v1/auth/magic-link/verify";

    [Fact]
    public async Task Sends_a_link_to_a_known_email_that_signs_in_once()
    {
        using var started = await Emulator.PostAsync(Start, new { email = "viewer@acme.test", redirectUri = "https://app.example.test/magic" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

        var message = Assert.Single(await Emulator.OutboxAsync("viewer@acme.test"));
        Assert.Equal(OutboxKinds.MagicLink, message.GetProperty("kind").GetString());
        var link = new Uri(message.GetProperty("link").GetString()!);
        Assert.Equal("https://app.example.test/magic", link.GetLeftPart(UriPartial.Path));
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        Assert.Contains(link.ToString(), message.GetProperty("text").GetString(), StringComparison.Ordinal);

        using var verified = await Emulator.PostAsync(Verify, new { token });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var tokens = await Tokens.ReadAsync(verified);
        var context = await Emulator.GetJsonAsync("/v1/me/context", tokens.Access);
        Assert.Equal(SeedData.ViewerId, context.GetProperty("user").GetProperty("id").GetString());

        using var reused = await Emulator.PostAsync(Verify, new { token });
        await Problem.AssertAsync(reused, HttpStatusCode.Unauthorized, "MAGIC_LINK_INVALID");
    }

    [Fact]
    public async Task Answers_known_and_unknown_emails_alike_but_only_mails_the_known_one()
    {
        using var known = await Emulator.PostAsync(Start, new { email = "viewer@acme.test", redirectUri = "https://app.example.test/magic" });
        using var unknown = await Emulator.PostAsync(Start, new { email = "nobody@acme.test", redirectUri = "https://app.example.test/magic" });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(known.Content.Headers.ContentType?.ToString(), unknown.Content.Headers.ContentType?.ToString());
        Assert.Single(await Emulator.OutboxAsync("viewer@acme.test"));
        Assert.Empty(await Emulator.OutboxAsync("nobody@acme.test"));
    }

    [Fact]
    public async Task Keeps_the_query_of_the_redirect_uri_and_appends_the_token()
    {
        (await Emulator.PostAsync(Start, new { email = "viewer@acme.test", redirectUri = "https://app.example.test/magic?returnUrl=%2Fme" })).Dispose();

        var link = Assert.Single(await Emulator.OutboxAsync("viewer@acme.test")).GetProperty("link").GetString()!;
        Assert.StartsWith("https://app.example.test/magic?returnUrl=%2Fme&token=", link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expires_links_after_fifteen_minutes()
    {
        (await Emulator.PostAsync(Start, new { email = "viewer@acme.test", redirectUri = "https://app.example.test/magic" })).Dispose();
        var token = TokenFrom(Assert.Single(await Emulator.OutboxAsync("viewer@acme.test")).GetProperty("link").GetString()!);

        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var verified = await Emulator.PostAsync(Verify, new { token });

        await Problem.AssertAsync(verified, HttpStatusCode.Unauthorized, "MAGIC_LINK_INVALID");
    }

    [Fact]
    public async Task Rejects_a_token_it_never_issued()
    {
        using var verified = await Emulator.PostAsync(Verify, new { token = "made-up" });

        await Problem.AssertAsync(verified, HttpStatusCode.Unauthorized, "MAGIC_LINK_INVALID");
    }

    [Fact]
    public async Task Validates_the_email_and_the_redirect_uri()
    {
        using var response = await Emulator.PostAsync(Start, new { email = "nope", redirectUri = "/relative" });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("redirectUri", out _));
    }

    [Fact]
    public async Task Limits_link_requests_per_client_and_email()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.AuthAttemptLimit = 2);
        for (var i = 0; i < 2; i++)
        {
            (await emulator.PostAsync(Start, new { email = "viewer@acme.test", redirectUri = "https://app.example.test/magic" })).Dispose();
        }

        using var limited = await emulator.PostAsync(Start, new { email = "viewer@acme.test", redirectUri = "https://app.example.test/magic" });

        await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
    }

    private static string TokenFrom(string link) => Uri.UnescapeDataString(new Uri(link).Query["?token=".Length..]);
}
