using System.Text.Json;
using System.Text.Json.Serialization;
using Lamba.Emulator.Infrastructure;
using OtpNet;

namespace Lamba.Emulator.Store.Seeding;

/// <summary>A tenant file that cannot be used; each error names the JSON path (and the line, when the parser knows it).</summary>
public sealed class SeedFileException(string source, IReadOnlyList<string> errors)
    : Exception($"The seed {source} is not valid:\n  " + string.Join("\n  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Reads and checks a tenant file: its JSON shape first (unknown or mistyped fields), then its meaning.</summary>
public static class TenantSeedReader
{
    public const string DemoResource = "Lamba.Emulator.Store.Seeding.demo-tenant.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly string[] BuiltInRoles = ["owner", "admin", "support", "viewer"];

    /// <summary>The built-in demo tenant (contract section 9), an embedded copy of <c>demo-tenant.json</c>.</summary>
    public static TenantSeed Demo()
    {
        using var stream = typeof(TenantSeedReader).Assembly.GetManifestResourceStream(DemoResource)
            ?? throw new InvalidOperationException("The demo seed is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "demo-tenant.json");
    }

    public static TenantSeed FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new SeedFileException(path, ["the file does not exist."]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static TenantSeed Parse(string json, string source)
    {
        TenantSeed? seed;
        try
        {
            seed = JsonSerializer.Deserialize<TenantSeed>(json, Json);
        }
        catch (JsonException exception)
        {
            var where = exception.Path is { Length: > 0 } path ? path : "$";
            var line = exception.LineNumber is { } number ? $" (line {number + 1})" : "";
            throw new SeedFileException(source, [$"{where}{line}: {FirstSentence(exception.Message)}"]);
        }

        if (seed is null)
        {
            throw new SeedFileException(source, ["$: the file holds null, not a tenant."]);
        }

        var errors = Check(seed);
        return errors.Count == 0 ? seed : throw new SeedFileException(source, errors);
    }

    private static List<string> Check(TenantSeed seed)
    {
        var errors = new List<string>();
        void Error(string path, string message) => errors.Add($"{path}: {message}");

        var projects = new Dictionary<string, SeedProject>(StringComparer.Ordinal);
        var workspaceIds = new HashSet<string>(StringComparer.Ordinal);
        if (seed.Workspaces.Count == 0)
        {
            Error("$.workspaces", "describe at least one Workspace.");
        }

        for (var w = 0; w < seed.Workspaces.Count; w++)
        {
            var workspace = seed.Workspaces[w];
            var at = $"$.workspaces[{w}]";
            CheckIdAndName(at, workspace.Id, workspace.Name, "wrk_", workspaceIds, Error);
            if (workspace.Projects.Count == 0)
            {
                Error(at + ".projects", "describe at least one Project.");
            }

            for (var p = 0; p < workspace.Projects.Count; p++)
            {
                var project = workspace.Projects[p];
                var projectAt = $"{at}.projects[{p}]";
                if (!CheckIdAndName(projectAt, project.Id, project.Name, "prj_", projects.Keys.ToHashSet(StringComparer.Ordinal), Error))
                {
                    continue;
                }

                projects[project.Id] = project;
                if (project.Environments.Count == 0 || project.Environments.Distinct(StringComparer.Ordinal).Count() != project.Environments.Count)
                {
                    Error(projectAt + ".environments", "list each environment once, at least one.");
                }

                for (var e = 0; e < project.Environments.Count; e++)
                {
                    if (!EnvironmentKeys.IsKnown(project.Environments[e]))
                    {
                        Error($"{projectAt}.environments[{e}]", $"'{project.Environments[e]}' is not an environment; use \"{EnvironmentKeys.Test}\" or \"{EnvironmentKeys.Prod}\".");
                    }
                }
            }
        }

        CheckUsers(seed.Users, projects, Error);
        CheckAppClients(seed.AppClients ?? [], Error);
        if (seed.SignUps is { } signUps)
        {
            if (!projects.TryGetValue(signUps.Project, out var home))
            {
                Error("$.signUps.project", $"there is no Project '{signUps.Project}'.");
            }
            else if (signUps.Environment is { } environment && !home.Environments.Contains(environment, StringComparer.Ordinal))
            {
                Error("$.signUps.environment", $"Project '{signUps.Project}' has no environment '{environment}'.");
            }
        }

        return errors;
    }

    private static void CheckUsers(IReadOnlyList<SeedUser> users, Dictionary<string, SeedProject> projects, Action<string, string> error)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var emails = new HashSet<string>(StringComparer.Ordinal);
        var usernames = new HashSet<string>(StringComparer.Ordinal);
        var phones = new HashSet<string>(StringComparer.Ordinal);
        for (var u = 0; u < users.Count; u++)
        {
            var user = users[u];
            var at = $"$.users[{u}]";
            CheckId(at + ".id", user.Id, "usr_", ids, error);
            if (!FieldRules.IsEmail(user.Email))
            {
                error(at + ".email", "give an email address.");
            }
            else if (!emails.Add(FieldRules.NormalizeEmail(user.Email)))
            {
                error(at + ".email", $"'{user.Email}' is used by another user.");
            }

            if (user.Username is not null && (!FieldRules.IsUsername(user.Username) || !usernames.Add(user.Username)))
            {
                error(at + ".username", "use 3 to 32 of a-z 0-9 . _ -, once per tenant.");
            }

            if (user.Password is not null && (user.Password.Length < FieldRules.PasswordMin || user.Password.Length > FieldRules.PasswordMax))
            {
                error(at + ".password", $"use {FieldRules.PasswordMin} to {FieldRules.PasswordMax} characters, or leave it out (magic link and phone only).");
            }

            if (user.TotpSecret is not null && !IsBase32Secret(user.TotpSecret))
            {
                error(at + ".totpSecret", "use a base32 secret (A-Z, 2-7) of at least 16 characters.");
            }

            if (user.Phone is not null && (!FieldRules.IsE164(user.Phone) || !phones.Add(user.Phone)))
            {
                error(at + ".phone", "use an E.164 number such as +15551234567, once per tenant.");
            }

            var memberships = user.Memberships ?? [];
            for (var m = 0; m < memberships.Count; m++)
            {
                CheckMembership($"{at}.memberships[{m}]", memberships[m], projects, error);
            }
        }
    }

    private static void CheckMembership(string at, SeedMembership membership, Dictionary<string, SeedProject> projects, Action<string, string> error)
    {
        if (!projects.TryGetValue(membership.Project, out var project))
        {
            error(at + ".project", $"there is no Project '{membership.Project}' in this seed.");
            return;
        }

        if (membership.Environments.Count == 0)
        {
            error(at + ".environments", "list at least one environment of the Project.");
        }

        for (var e = 0; e < membership.Environments.Count; e++)
        {
            if (!project.Environments.Contains(membership.Environments[e], StringComparer.Ordinal))
            {
                error($"{at}.environments[{e}]", $"Project '{project.Id}' has no environment '{membership.Environments[e]}'.");
            }
        }

        if (membership.Roles.Count == 0)
        {
            error(at + ".roles", $"give at least one role: {string.Join(", ", BuiltInRoles)}.");
        }

        for (var r = 0; r < membership.Roles.Count; r++)
        {
            if (!BuiltInRoles.Contains(membership.Roles[r], StringComparer.Ordinal))
            {
                error($"{at}.roles[{r}]", $"'{membership.Roles[r]}' is not a role; use {string.Join(", ", BuiltInRoles)}.");
            }
        }
    }

    private static void CheckAppClients(IReadOnlyList<SeedAppClient> clients, Action<string, string> error)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < clients.Count; c++)
        {
            var client = clients[c];
            var at = $"$.appClients[{c}]";
            CheckIdAndName(at, client.Id, client.Name, "app_", ids, error);
            if (client.RedirectUris.Count == 0)
            {
                error(at + ".redirectUris", "give at least one redirect URI.");
            }

            foreach (var (uri, index, list) in client.RedirectUris.Select((u, i) => (u, i, "redirectUris"))
                .Concat((client.PostLogoutRedirectUris ?? []).Select((u, i) => (u, i, "postLogoutRedirectUris"))))
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || parsed.Fragment.Length > 0)
                {
                    error($"{at}.{list}[{index}]", "use an absolute http(s) URI without a fragment.");
                }
            }

            if (client.Secret is { Length: < 16 })
            {
                error(at + ".secret", "use at least 16 characters, or leave it out for a public client.");
            }

            if (client.ManagementRole is { } role && !BuiltInRoles.Contains(role, StringComparer.Ordinal))
            {
                error(at + ".managementRole", $"'{role}' is not a role; use {string.Join(", ", BuiltInRoles)}.");
            }
        }
    }

    private static bool CheckIdAndName(string at, string id, string name, string prefix, HashSet<string> seen, Action<string, string> error)
    {
        var ok = CheckId(at + ".id", id, prefix, seen, error);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            error(at + ".name", "give a name of 1 to 100 characters.");
        }

        return ok;
    }

    private static bool CheckId(string at, string id, string prefix, HashSet<string> seen, Action<string, string> error)
    {
        if (!id.StartsWith(prefix, StringComparison.Ordinal) || id.Length == prefix.Length || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            error(at, $"use an id such as {prefix}example (starts with {prefix}; letters, digits, _ and -; up to 64).");
            return false;
        }

        if (!seen.Add(id))
        {
            error(at, $"'{id}' is used twice.");
            return false;
        }

        return true;
    }

    private static bool IsBase32Secret(string secret)
    {
        if (secret.Length < 16 || !secret.All(c => c is >= 'A' and <= 'Z' or >= '2' and <= '7' or '='))
        {
            return false;
        }

        try
        {
            return Base32Encoding.ToBytes(secret).Length >= 10;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
