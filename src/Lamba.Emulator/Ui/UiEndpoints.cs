using Lamba.Emulator.Control;
using Lamba.Emulator.Hosting;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Lamba.Emulator.Tokens;
using Lamba.Emulator.Webhooks;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Ui;

/// <summary>
/// The development UI at <c>/</c>: users (lock, unlock, reset MFA, sessions with revoke), the outbox, faults, the
/// clock, the audit log and webhook deliveries, so nobody has to curl JSON. Development mode only. Its actions are HTML form POSTs to
/// <c>/ui/...</c> (never GETs), each checked by ASP.NET Core antiforgery (a token in the page plus a cookie, which a
/// page on another site can neither read nor forge; the Host guard keeps DNS rebinding from reading it). The JSON
/// rule of <c>/_emulator</c> stays whole: no UI form posts there.
/// </summary>
public static class UiEndpoints
{
    public static void MapUi(this IEndpointRouteBuilder app)
    {
        // Every POST of the group needs the antiforgery token, also those that bind no form field: ASP.NET Core's
        // middleware only flags a form's token as invalid (form binding then rejects it, but a POST without fields
        // binds none), and it does not look at a POST that is not a form at all, which no UI page sends.
        var endpoints = app.MapGroup("");
        endpoints.WithMetadata(new RequireAntiforgeryTokenAttribute());
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var httpContext = context.HttpContext;
            if (HttpMethods.IsPost(httpContext.Request.Method) && httpContext.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return Html.Page(httpContext, "Form expired", """<p>This form is no longer valid. Go back, reload the page and try again.</p>""", statusCode: StatusCodes.Status400BadRequest);
            }

            return await next(context);
        });
        // A browser gets the UI; a client probing the root still gets the JSON notice it always got.
        endpoints.MapGet("/", (HttpContext httpContext, string? status, string? error, LambaDb db, EmulatorClock clock, CancellationToken cancellationToken) =>
            httpContext.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
                ? UsersPageAsync(httpContext, status, error, db, clock, cancellationToken)
                : Task.FromResult(Results.Ok(EmulatorApp.RootNotice)));
        endpoints.MapGet("/ui/users/{id}", UserPageAsync);
        endpoints.MapPost("/ui/users/{id}/lock", LockAsync);
        endpoints.MapPost("/ui/users/{id}/unlock", UnlockAsync);
        endpoints.MapPost("/ui/users/{id}/reset-mfa", ResetMfaAsync);
        endpoints.MapPost("/ui/users/{id}/sessions/{sessionId}/revoke", RevokeAsync);
        endpoints.MapGet("/ui/outbox", OutboxPageAsync);
        endpoints.MapGet("/ui/faults", FaultsPage);
        endpoints.MapPost("/ui/faults", AddFault);
        endpoints.MapPost("/ui/faults/clear", (FaultRegistry faults) =>
        {
            faults.Clear();
            return Html.Done("/ui/faults", "All faults removed.");
        });
        endpoints.MapPost("/ui/clock", ([FromForm] string? advanceSeconds, EmulatorClock clock) =>
            double.TryParse(advanceSeconds, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && ControlEndpoints.TryAdvance(clock, seconds)
                ? Html.Done("/ui/faults", $"The clock moved forward {seconds} seconds.")
                : Html.Done("/ui/faults", ControlEndpoints.AdvanceRule, isError: true));
        endpoints.MapPost("/ui/reset", async (HttpContext httpContext, CancellationToken cancellationToken) =>
        {
            await ControlEndpoints.ResetEverythingAsync(httpContext.RequestServices, cancellationToken);
            return Html.Done("/", "Everything is back to the seed.");
        });
        endpoints.MapGet("/ui/audit", AuditPageAsync);
        endpoints.MapGet("/ui/webhooks", WebhooksPage);
        endpoints.MapGet(UiPaths.Unlock, (HttpContext httpContext, string? error) => Html.Page(httpContext, "Control token", Html.Form(httpContext, UiPaths.Unlock,
            """<label for="token">Control token (given to the emulator with --control-token)</label><input id="token" name="token" type="password" autocomplete="current-password" required>""",
            "Continue"), error, isError: true));
        endpoints.MapPost(UiPaths.Unlock, Unlock);
    }

    private static async Task<IResult> UsersPageAsync(HttpContext httpContext, string? status, string? error, LambaDb db, EmulatorClock clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var live = await db.Sessions.AsNoTracking().Where(s => s.RevokedAt == null).GroupBy(s => s.UserId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var failing = (await db.LoginFailures.AsNoTracking().Select(f => f.Subject).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var rows = string.Concat(users.Select(u => $"""
            <tr><td><a href="/ui/users/{Html.Encode(u.Id)}">{Html.Encode(u.Email ?? u.Phone ?? u.Id)}</a></td><td>{Html.Encode(u.DisplayName)}</td>
            <td>{(u.TotpEnabled ? "on" : "off")}</td><td>{(failing.Contains(u.Id) ? "failed sign-ins recorded" : "no")}</td><td>{live.GetValueOrDefault(u.Id)}</td></tr>
            """));
        var body = $"""
            <table><caption>Users, by email</caption><thead><tr><th scope="col">User</th><th scope="col">Name</th><th scope="col">MFA</th><th scope="col">Failed sign-ins</th><th scope="col">Live sessions</th></tr></thead>
            <tbody>{rows}</tbody></table>
            <h2>Start over</h2>
            {Html.Form(httpContext, "/ui/reset", "<p>Back to the seed: data, clock, faults, counters.</p>", "Reset the emulator")}
            """;
        return Html.Page(httpContext, "Users", body, error ?? status, error is not null);
    }

    private static async Task<IResult> UserPageAsync(string id, HttpContext httpContext, string? status, string? error, LambaDb db, Auth.LoginLockout lockout, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return Html.Page(httpContext, "No such user", """<p><a href="/">Back to the users</a></p>""");
        }

        var sessions = await db.Sessions.AsNoTracking().Where(s => s.UserId == id && s.RevokedAt == null).OrderByDescending(s => s.CreatedAt).ToListAsync(cancellationToken);
        var here = "/ui/users/" + Uri.EscapeDataString(id);
        var sessionRows = string.Concat(sessions.Select(s => $"""
            <tr><td>{Html.Encode(s.Id)}</td><td>{Html.Time(s.CreatedAt)}</td><td>{Html.Time(s.LastSeenAt)}</td>
            <td>{Html.Encode(s.ProjectId is null ? "none" : $"{s.WorkspaceId} / {s.ProjectId} / {s.Environment}")}</td>
            <td>{Html.Form(httpContext, $"{here}/sessions/{Uri.EscapeDataString(s.Id)}/revoke", "", "Revoke", inline: true)}</td></tr>
            """));
        // Locks are per account and client address (LoginLockout): list each client that is locked out now.
        var locks = new List<string>();
        foreach (var client in await db.LoginFailures.AsNoTracking().Where(f => f.Subject == id).Select(f => f.Client).Distinct().ToListAsync(cancellationToken))
        {
            if (await lockout.LockedUntilAsync(id, client, cancellationToken) is { } until)
            {
                locks.Add($"{Html.Encode(client)} until {Html.Time(until)}");
            }
        }

        var body = $"""
            <dl><dt>Id</dt><dd>{Html.Encode(user.Id)}</dd><dt>Email</dt><dd>{Html.Encode(user.Email)}</dd><dt>Phone</dt><dd>{Html.Encode(user.Phone ?? "none")}</dd>
            <dt>MFA</dt><dd>{(user.TotpEnabled ? "on" : "off")}</dd><dt>Locked out</dt><dd>{(locks.Count == 0 ? "no" : "from " + string.Join("; ", locks))}</dd></dl>
            <h2>Account</h2>
            {Html.Form(httpContext, here + "/lock", """<label for="client">Lock sign-in from this client address for 15 minutes (127.0.0.1 is an app on this machine)</label><input id="client" name="client" type="text" value="127.0.0.1" autocomplete="off" required>""", "Lock")}
            {Html.Form(httpContext, here + "/unlock", "", "Unlock (forget every failed sign-in)")}
            {(user.TotpEnabled ? Html.Form(httpContext, here + "/reset-mfa", "", "Reset MFA") : "")}
            <h2>Live sessions</h2>
            {(sessions.Count == 0 ? "<p>None.</p>" : $"""<table><thead><tr><th scope="col">Session</th><th scope="col">Started</th><th scope="col">Last seen</th><th scope="col">Context</th><th scope="col">Action</th></tr></thead><tbody>{sessionRows}</tbody></table>""")}
            """;
        return Html.Page(httpContext, user.Email ?? user.Id, body, error ?? status, error is not null);
    }

    /// <summary>Records as many failed sign-ins from that client as a lockout takes, exactly as wrong passwords would.</summary>
    private static async Task<IResult> LockAsync(string id, [FromForm] string? client, LambaDb db, EmulatorClock clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(client) || client.Trim().Length > 200)
        {
            return Html.Done("/ui/users/" + Uri.EscapeDataString(id), "Give the client address to lock out, such as 127.0.0.1.", isError: true);
        }

        if (!await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
        {
            return UserDone(id, 0, "");
        }

        var now = clock.GetUtcNow();
        db.LoginFailures.AddRange(Enumerable.Range(0, Auth.LoginLockout.MaxFailures).Select(_ => new LoginFailure { Id = Ids.New("lfl"), Subject = id, Client = client.Trim(), OccurredAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        return UserDone(id, 1, $"Locked out from {client.Trim()} for 15 minutes.");
    }

    private static async Task<IResult> UnlockAsync(string id, LambaDb db, CancellationToken cancellationToken)
    {
        var exists = await db.Users.AnyAsync(u => u.Id == id, cancellationToken);
        await db.LoginFailures.Where(f => f.Subject == id).ExecuteDeleteAsync(cancellationToken);
        return UserDone(id, exists ? 1 : 0, "Unlocked; failed sign-ins forgotten.");
    }

    private static async Task<IResult> ResetMfaAsync(string id, LambaDb db, CancellationToken cancellationToken)
    {
        var changed = await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(u => u.TotpEnabled, false).SetProperty(u => u.TotpSecret, (string?)null).SetProperty(u => u.TotpPendingSecret, (string?)null).SetProperty(u => u.TotpEnrolledAt, (DateTimeOffset?)null),
            cancellationToken);
        await db.RecoveryCodes.Where(c => c.UserId == id).ExecuteDeleteAsync(cancellationToken);
        return UserDone(id, changed, "MFA is off; the user can enrol again.");
    }

    private static async Task<IResult> RevokeAsync(string id, string sessionId, LambaDb db, SessionService sessions, CancellationToken cancellationToken)
    {
        var mine = await db.Sessions.AnyAsync(s => s.Id == sessionId && s.UserId == id, cancellationToken);
        var ended = mine && await sessions.RevokeAsync(sessionId, RevokeReasons.RevokedByAdmin, cancellationToken);
        return Html.Done("/ui/users/" + Uri.EscapeDataString(id), ended ? "Session revoked." : "That session had already ended.", isError: !ended);
    }

    private static IResult UserDone(string id, int changed, string message) =>
        changed == 0 ? Html.Done("/", "No such user.", isError: true) : Html.Done("/ui/users/" + Uri.EscapeDataString(id), message);

    private static async Task<IResult> OutboxPageAsync(HttpContext httpContext, string? to, LambaDb db, CancellationToken cancellationToken)
    {
        var query = db.Outbox.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(to))
        {
            var recipient = to.Trim().ToLowerInvariant();
            query = query.Where(m => m.To == recipient);
        }

        var messages = await query.OrderByDescending(m => m.Id).Take(200).ToListAsync(cancellationToken);
        var rows = string.Concat(messages.Select((m, i) => $"""
            <tr><td>{Html.Time(m.CreatedAt)}</td><td>{Html.Encode(m.To)}</td><td>{Html.Encode(m.Kind)}</td><td>{Html.Encode(m.Text)}</td>
            <td>{(m.Link is null ? "" : $"""<a href="{Html.Encode(m.Link)}">Open the link</a>""")}</td>
            <td>{(m.Code is null ? "" : $"""<label for="code-{i}">Code for {Html.Encode(m.To)}</label><input id="code-{i}" readonly value="{Html.Encode(m.Code)}"> <button type="button" data-copy="code-{i}">Copy</button>""")}</td></tr>
            """));
        var body = $"""
            <form method="get" action="/ui/outbox"><label for="to">Recipient (email or phone)</label><input id="to" name="to" type="text" autocomplete="off" value="{Html.Encode(to)}"> <button type="submit">Filter</button></form>
            {(messages.Count == 0 ? "<p>Nothing was sent yet.</p>" : $"""<table><caption>What would have been sent, newest first</caption><thead><tr><th scope="col">When</th><th scope="col">To</th><th scope="col">Kind</th><th scope="col">Text</th><th scope="col">Link</th><th scope="col">Code</th></tr></thead><tbody>{rows}</tbody></table>""")}
            """;
        return Html.Page(httpContext, "Outbox", body);
    }

    private static IResult FaultsPage(HttpContext httpContext, string? status, string? error, FaultRegistry faults, EmulatorClock clock)
    {
        var rows = string.Concat(faults.List().Select(f => $"""
            <tr><td>{Html.Encode(f.Method ?? "any")}</td><td>{Html.Encode(f.Route)}</td><td>{Html.Encode(f.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none")}</td><td>{f.DelayMs}</td><td>{f.Remaining}</td></tr>
            """));
        var body = $"""
            <h2>Faults</h2>
            {(rows.Length == 0 ? "<p>No faults.</p>" : $"""<table><thead><tr><th scope="col">Method</th><th scope="col">Route</th><th scope="col">Status</th><th scope="col">Delay (ms)</th><th scope="col">Calls left</th></tr></thead><tbody>{rows}</tbody></table>{Html.Form(httpContext, "/ui/faults/clear", "", "Remove all faults")}""")}
            <h3>Add a fault</h3>
            {Html.Form(httpContext, "/ui/faults", """
                <label for="route">Route (a path, optionally after a method: POST /v1/auth/refresh)</label><input id="route" name="route" type="text" required>
                <label for="fault-status">Status (empty to only delay)</label><input id="fault-status" name="status" type="number" min="100" max="599">
                <label for="delayMs">Delay in milliseconds</label><input id="delayMs" name="delayMs" type="number" min="0" max="120000" value="0">
                <label for="count">Number of calls</label><input id="count" name="count" type="number" min="1" value="1">
                """, "Add the fault")}
            <h2>Clock</h2>
            <p>Emulator time: {Html.Time(clock.GetUtcNow())} ({clock.Offset.TotalSeconds} seconds ahead of real time).</p>
            {Html.Form(httpContext, "/ui/clock", """<label for="advanceSeconds">Move forward by (seconds)</label><input id="advanceSeconds" name="advanceSeconds" type="number" min="0" step="any" required>""", "Move the clock")}
            """;
        return Html.Page(httpContext, "Faults and clock", body, error ?? status, error is not null);
    }

    private static IResult AddFault([FromForm] string? route, [FromForm] string? status, [FromForm] string? delayMs, [FromForm] string? count, FaultRegistry faults)
    {
        var (fault, errors) = ControlEndpoints.ToFault(new FaultRequest(route, Number(status), Number(delayMs) ?? 0, Number(count) ?? 1));
        if (fault is null)
        {
            return Html.Done("/ui/faults", string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)), isError: true);
        }

        faults.Add(fault);
        return Html.Done("/ui/faults", $"Fault added on {fault.Route}.");
    }

    private static async Task<IResult> AuditPageAsync(HttpContext httpContext, LambaDb db, CancellationToken cancellationToken)
    {
        var events = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Id).Take(200).ToListAsync(cancellationToken);
        var rows = string.Concat(events.Select(e => $"""
            <tr><td>{Html.Time(e.OccurredAt)}</td><td>{Html.Encode(e.ActorEmail ?? e.ActorUserId)}</td><td>{Html.Encode(e.Action)}</td><td>{Html.Encode(e.Target)}</td>
            <td>{Html.Encode($"{e.ProjectId} / {e.Environment}")}</td><td>{Html.Encode(e.TraceId)}</td></tr>
            """));
        var body = events.Count == 0 ? "<p>No events yet.</p>" : $"""
            <table><caption>Newest first (200 at most)</caption><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Project / environment</th><th scope="col">Trace</th></tr></thead><tbody>{rows}</tbody></table>
            """;
        return Html.Page(httpContext, "Audit log", body);
    }

    private static IResult WebhooksPage(HttpContext httpContext, WebhookEndpoints registry, WebhookDispatcher dispatcher)
    {
        var endpoints = registry.List();
        var deliveries = dispatcher.Log(type: null);
        var endpointRows = string.Concat(endpoints.Select(e => $"""
            <tr><td>{Html.Encode(e.Id)}</td><td>{Html.Encode(e.Url)}</td><td>{Html.Encode(e.Events.Count == 0 ? "every event" : string.Join(", ", e.Events))}</td></tr>
            """));
        var deliveryRows = string.Concat(deliveries.Select(d => $"""
            <tr><td>{Html.Time(d.LastAttemptAt)}</td><td>{Html.Encode(d.Type)}</td><td>{Html.Encode(d.EventId)}</td><td>{Html.Encode(d.Url)}</td>
            <td>{Html.Encode(d.Status)}</td><td>{d.Attempts}</td><td>{Html.Encode(d.LastResponseStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? d.LastError)}</td><td>{Html.Time(d.NextAttemptAt)}</td></tr>
            """));
        var body = $"""
            <h2>Endpoints</h2>
            {(endpoints.Count == 0
                ? "<p>No endpoint is registered, so no event is sent. Register one with <code>POST /_emulator/webhooks</code>, or set <code>LAMBA_WEBHOOK_ENDPOINT_URL</code> and <code>LAMBA_WEBHOOK_SECRET</code>.</p>"
                : $"""<table><caption>Registered endpoints (secrets are never shown)</caption><thead><tr><th scope="col">Id</th><th scope="col">URL</th><th scope="col">Events</th></tr></thead><tbody>{endpointRows}</tbody></table>""")}
            <h2>Deliveries</h2>
            {(deliveries.Count == 0
                ? "<p>No event was delivered yet. Sign-ups, role changes, removed members, revoked sessions and accepted invitations send one.</p>"
                : $"""<table><caption>Newest first ({WebhookDispatcher.LogSize} at most)</caption><thead><tr><th scope="col">Last attempt</th><th scope="col">Event</th><th scope="col">Event id</th><th scope="col">Endpoint</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col">Next attempt</th></tr></thead><tbody>{deliveryRows}</tbody></table>""")}
            """;
        return Html.Page(httpContext, "Webhooks", body);
    }

    /// <summary>With a control token configured, the UI asks for it once and keeps it in an HttpOnly, SameSite=Strict cookie.</summary>
    private static IResult Unlock([FromForm] string? token, HttpContext httpContext, EmulatorOptions options)
    {
        if (options.ControlToken is not { Length: > 0 } expected || !ControlGuard.Matches(token, expected))
        {
            return Html.Done(UiPaths.Unlock, "That is not the control token.", isError: true);
        }

        httpContext.Response.Cookies.Append(ControlGuard.TokenCookie, token!, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = httpContext.Request.IsHttps,
            Path = "/",
        });
        return Results.Redirect("/");
    }

    private static int? Number(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;
}
