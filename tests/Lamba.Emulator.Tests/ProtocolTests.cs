using System.Net;
using System.Text;
using System.Text.Json;
using Lamba.Emulator.Store;
using Microsoft.AspNetCore.Builder;

namespace Lamba.Emulator.Tests;

/// <summary>What holds for every route: problem details, correlation ids, no caching, no console headers.</summary>
public sealed class ProtocolTests(ClassEmulator shared) : EmulatorTest(shared)
{
    [Theory]
    [InlineData("X-Tenant-Id")]
    [InlineData("X-Project-Id")]
    [InlineData("X-Workspace-Id")]
    [InlineData("X-Environment")]
    public async Task Rejects_console_scoping_headers(string header)
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.SendAsync(HttpMethod.Get, "/v1/me/context", null, login.Access, r => r.Headers.Add(header, "prj_storefront"));
        using var onLogin = await Emulator.SendAsync(HttpMethod.Post, "/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password }, tweak: r => r.Headers.Add(header, "x"));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "CONSOLE_HEADER_NOT_ALLOWED");
        Assert.Contains(header, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problem.AssertAsync(onLogin, HttpStatusCode.BadRequest, "CONSOLE_HEADER_NOT_ALLOWED");
    }

    [Fact]
    public async Task Echoes_the_correlation_id_on_success_and_on_error()
    {
        var id = Guid.NewGuid().ToString();

        using var ok = await Emulator.SendAsync(HttpMethod.Get, "/.well-known/jwks.json", null, tweak: r => r.Headers.Add("X-Correlation-Id", id));
        using var error = await Emulator.SendAsync(HttpMethod.Get, "/v1/me/context", null, tweak: r => r.Headers.Add("X-Correlation-Id", id));

        Assert.Equal(id, Assert.Single(ok.Headers.GetValues("X-Correlation-Id")));
        Assert.Equal(id, Assert.Single(error.Headers.GetValues("X-Correlation-Id")));
    }

    [Fact]
    public async Task Mints_a_correlation_id_when_none_is_sent()
    {
        using var response = await Emulator.GetAsync("/.well-known/jwks.json");

        Assert.True(Guid.TryParse(Assert.Single(response.Headers.GetValues("X-Correlation-Id")), out _));
    }

    [Fact]
    public async Task Marks_every_answer_no_store()
    {
        using var ok = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password });
        using var error = await Emulator.GetAsync("/nowhere");

        Assert.True(ok.Headers.CacheControl?.NoStore);
        Assert.True(error.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Answers_an_unknown_route_with_a_404_problem()
    {
        using var response = await Emulator.GetAsync("/v1/nowhere");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Answers_a_wrong_method_with_a_405_problem()
    {
        using var response = await Emulator.GetAsync("/v1/auth/login/password");

        await Problem.AssertAsync(response, HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task Answers_malformed_json_with_a_validation_problem()
    {
        using var content = new StringContent("{\"login\": ", Encoding.UTF8, "application/json");
        using var response = await Emulator.Http.PostAsync("/v1/auth/login/password", content);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Answers_a_non_json_body_with_a_problem()
    {
        using var content = new StringContent("login=viewer", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await Emulator.Http.PostAsync("/v1/auth/login/password", content);

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Answers_an_unhandled_exception_with_a_500_problem_that_hides_the_details()
    {
        await using var emulator = await TestEmulator.StartAsync(app => app.MapGet("/boom", string () => throw new InvalidOperationException("secret internals")));

        using var response = await emulator.GetAsync("/boom");

        await Problem.AssertAsync(response, HttpStatusCode.InternalServerError, "INTERNAL");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret internals", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gives_every_problem_its_own_trace_id()
    {
        using var first = await Emulator.GetAsync("/v1/me/context");
        using var second = await Emulator.GetAsync("/v1/me/context");

        var a = await Problem.AssertAsync(first, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        var b = await Problem.AssertAsync(second, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.NotEqual(a.GetProperty("traceId").GetString(), b.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Writes_json_in_camel_case_and_times_as_utc_iso_8601()
    {
        using var loginResponse = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password });
        var raw = JsonDocument.Parse(await loginResponse.Content.ReadAsStringAsync()).RootElement;
        var switched = await Emulator.SwitchAsync(raw.GetProperty("access_token").GetString()!, SeedData.StorefrontId);

        var authorization = await (await Emulator.GetAsync("/v1/me/authorization", switched.Access)).Content.ReadAsStringAsync();

        Assert.Contains("\"workspaceId\"", authorization, StringComparison.Ordinal);
        Assert.Contains("\"roleKeys\"", authorization, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", raw.GetProperty("access_token_expires_at").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", raw.GetProperty("refresh_token_expires_at").GetString());
    }

    [Fact]
    public async Task Says_at_its_root_that_it_is_not_lamba()
    {
        var root = await Emulator.GetJsonAsync("/");

        Assert.Contains("NOT Lamba", root.GetProperty("notice").GetString(), StringComparison.Ordinal);
    }
}
