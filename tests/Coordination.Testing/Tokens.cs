using System.Diagnostics;
using System.Text;
using Coordination.ServiceDefaults.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Testing;

/// <summary>Tokens for tests: good ones, and each kind of bad one.</summary>
public static class Tokens
{
    public static string Create(
        string role,
        IDictionary<string, string>? claims = null,
        DateTime? expires = null,
        string signingKey = AuthOptions.DevelopmentSigningKey,
        string audience = "coordination",
        string issuer = "coordination-dev")
    {
        var exp = expires ?? DateTime.UtcNow.AddHours(1);
        var all = new Dictionary<string, object> { [ClaimNames.Role] = role, [ClaimNames.Subject] = $"{role}-test" };
        foreach (var (k, v) in claims ?? new Dictionary<string, string>())
        {
            all[k] = v;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddHours(-2),
            NotBefore = exp.AddHours(-2),
            Expires = exp,
            Claims = all,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static string Gp(string agb = "01012345") => Create(Roles.Gp, new Dictionary<string, string> { [ClaimNames.Agb] = agb, [ClaimNames.Subject] = $"gp-{agb}" });

    /// <summary>Runs <c>deploy/token.sh</c> as a newcomer would, and returns what it printed.</summary>
    public static string FromScript(params string[] args)
    {
        var script = Path.Combine(Repository.Root, "deploy", "token.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"token.sh failed ({process.ExitCode}): {error}");
        }

        return output.TrimEnd('\n');
    }
}

public static class Repository
{
    /// <summary>The repository root: the folder holding Coordination.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Coordination.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Coordination.sln not found above " + AppContext.BaseDirectory);
    }
}
