using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LambaPages.Features.Shared;
using Lamba.AspNetCore.Client;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Refit;

namespace LambaPages.Tests.Lamba;

public sealed class LambaProblemTests
{
    [Fact]
    public async Task Reads_status_error_code_trace_id_field_errors_and_factors()
    {
        var exception = await ExceptionAsync(HttpStatusCode.BadRequest, """
            {"type":"about:blank","title":"Invalid","status":400,"detail":"Check the fields.","errorCode":"VALIDATION_FAILED",
             "traceId":"abc123","errors":{"password":["Too short.","Too common."],"username":"Taken."},"factors":["totp"],"future":{"x":1}}
            """);

        var problem = LambaProblem.From(exception);

        Assert.Equal(400, problem.Status);
        Assert.Equal("VALIDATION_FAILED", problem.ErrorCode);
        Assert.Equal("abc123", problem.TraceId);
        Assert.Equal("Check the fields.", problem.Detail);
        Assert.Equal(["Too short.", "Too common."], problem.Errors["password"]);
        Assert.Equal(["Taken."], problem.Errors["username"]);
        Assert.Equal(["totp"], problem.Factors);
        Assert.True(problem.Is(HttpStatusCode.BadRequest, "VALIDATION_FAILED"));
    }

    [Fact]
    public async Task Reads_retry_after_in_seconds_or_as_a_date()
    {
        var inSeconds = await ExceptionAsync((HttpStatusCode)423, """{"status":423,"errorCode":"ACCOUNT_LOCKED"}""",
            headers => headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(900)));
        var asDate = await ExceptionAsync(HttpStatusCode.TooManyRequests, """{"status":429,"errorCode":"RATE_LIMIT_EXCEEDED"}""",
            headers => headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(2)));

        Assert.Equal(TimeSpan.FromMinutes(15), LambaProblem.From(inSeconds).RetryAfter);
        Assert.InRange(LambaProblem.From(asDate).RetryAfter!.Value, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(121));
        Assert.Equal("Try again in 15 minutes.", TryAgain.After(LambaProblem.From(inSeconds).RetryAfter));
        Assert.Equal("Try again in 1 minute.", TryAgain.After(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Keeps_the_status_when_the_body_is_not_problem_json()
    {
        var exception = await ExceptionAsync(HttpStatusCode.BadGateway, "<html>proxy error</html>");

        var problem = LambaProblem.From(exception);

        Assert.Equal(502, problem.Status);
        Assert.True(problem.IsServerError);
        Assert.Null(problem.ErrorCode);
        Assert.Empty(problem.Errors);
    }

    [Fact]
    public void Puts_lamba_field_errors_next_to_the_form_fields()
    {
        var modelState = new ModelStateDictionary();

        modelState.AddLambaErrors(new Dictionary<string, string[]> { ["password"] = ["Too short."], ["displayName"] = ["Too long."] });

        Assert.Equal("Too short.", Assert.Single(modelState["Input.Password"]!.Errors).ErrorMessage);
        Assert.Equal("Too long.", Assert.Single(modelState["Input.DisplayName"]!.Errors).ErrorMessage);
    }

    private static async Task<ApiException> ExceptionAsync(HttpStatusCode status, string body, Action<HttpResponseHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://id.example.test/v1/auth/login/password");
        using var response = new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, "application/problem+json"),
        };
        headers?.Invoke(response.Headers);
        return await ApiException.Create(request, HttpMethod.Post, response, new RefitSettings());
    }
}
