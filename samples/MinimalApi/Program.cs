using Lamba.AspNetCore;
using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using MinimalApi;

// Lamba in a minimal API: sign in with a password, show /v1/me/context, gate one endpoint on a permission.
var builder = WebApplication.CreateBuilder(args);
builder.AddLamba(lamba => lamba.LoginPath = "/login");
builder.Services.AddLambaApi<IPasswordApi>(LambaHost.Id, LambaAuth.None);
builder.Services.AddLambaApi<IContextApi>(LambaHost.Api);

var app = builder.Build();
app.UseLamba();
app.UseAntiforgery();

app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery) => Results.Content($"""
    <form method="post"><input type="hidden" name="__RequestVerificationToken" value="{antiforgery.GetAndStoreTokens(http).RequestToken}">
    <label>Email <input name="login" autocomplete="username"></label> <label>Password <input name="password" type="password" autocomplete="current-password"></label>
    <button>Sign in</button></form>
    """, "text/html")).AllowAnonymous();

app.MapPost("/login", async ([FromForm] string login, [FromForm] string password, IPasswordApi lamba, SessionEstablisher establisher, LambaSession session, CancellationToken ct) =>
{
    var answer = await lamba.SignInAsync(new(login, password), ct);
    if (!answer.IsSuccessful || answer.Content is not { } tokens)
    {
        // One answer for a wrong user and a wrong password; LambaProblem tells MFA_REQUIRED, locked and so on apart.
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Those details did not work.");
    }

    session.SignIn(await establisher.EstablishAsync(tokens, ct));
    return Results.Redirect("/");
}).AllowAnonymous();

app.MapGet("/", (IContextApi lamba, CancellationToken ct) => lamba.GetContextAsync(ct));
app.MapGet("/members-area", () => "You may read the members of this Project.").RequireAuthorization(Permissions.MembersRead);
app.Run();
