using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Coordination.ServiceDefaults.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Testing;

/// <summary>Tokens for tests: good ones, and each kind of bad one.</summary>
public static class Tokens
{
    /// <summary>The RFC 9068 type of an access token, which every host accepts by default.</summary>
    public const string AccessTokenType = "at+jwt";

    /// <summary>
    /// A token for <paramref name="role"/> with a subject and a name filled in (override them, or
    /// leave them out with <paramref name="without"/>) and the <paramref name="claims"/> given.
    /// <paramref name="extra"/> holds claims of other shapes (arrays, numbers).
    /// </summary>
    public static string Create(
        string role,
        IDictionary<string, string>? claims = null,
        DateTime? expires = null,
        string signingKey = AuthOptions.DevelopmentSigningKey,
        string audience = "coordination",
        string issuer = AuthOptions.DevelopmentIssuer,
        string tokenType = AccessTokenType,
        bool withExpiry = true,
        IEnumerable<string>? without = null,
        IDictionary<string, object>? extra = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddHours(1);
        var all = new Dictionary<string, object>
        {
            [ClaimNames.Role] = role,
            [ClaimNames.Subject] = $"{role}-test",
            [ClaimNames.Name] = $"Test {role}",
        };
        foreach (var (k, v) in claims ?? new Dictionary<string, string>())
        {
            all[k] = v;
        }

        foreach (var (k, v) in extra ?? new Dictionary<string, object>())
        {
            all[k] = v;
        }

        foreach (var claim in without ?? [])
        {
            all.Remove(claim);
        }

        // Without an expiry the handler would add one of its own.
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = withExpiry }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = withExpiry ? exp.AddHours(-2) : null,
            NotBefore = withExpiry ? exp.AddHours(-2) : null,
            Expires = withExpiry ? exp : null,
            Claims = all,
            TokenType = tokenType,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The payload of <see cref="Create"/> under a header with <c>alg</c> none, and no signature.</summary>
    public static string WithoutSignature(string role, IDictionary<string, string>? claims = null)
    {
        var payload = Create(role, claims).Split('.')[1];
        return $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""")}.{payload}.";
    }

    /// <summary>
    /// The payload of <see cref="Create"/> signed with the development key under another HMAC
    /// algorithm (<c>HS256</c>, <c>HS384</c>, <c>HS512</c>). Signed by hand: the token library
    /// would refuse a key shorter than the algorithm's hash, which an attacker's tool does not.
    /// </summary>
    public static string HmacSigned(string algorithm, string role, IDictionary<string, string>? claims = null)
    {
        var payload = Create(role, claims).Split('.')[1];
        var header = Base64UrlEncoder.Encode($$"""{"alg":"{{algorithm}}","typ":"{{AccessTokenType}}"}""");
        var key = Encoding.UTF8.GetBytes(AuthOptions.DevelopmentSigningKey);
        var data = Encoding.ASCII.GetBytes($"{header}.{payload}");
        var signature = algorithm switch
        {
            "HS256" => HMACSHA256.HashData(key, data),
            "HS384" => HMACSHA384.HashData(key, data),
            "HS512" => HMACSHA512.HashData(key, data),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "an HMAC algorithm"),
        };
        return $"{header}.{payload}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>A valid token of <paramref name="role"/> carrying every claim that role needs, with test values.</summary>
    public static string For(string role) => Create(role, ClaimsFor(role));

    /// <summary>Test values of the claims <paramref name="role"/> needs (<see cref="TokenClaimRules.RequiredByRole"/>).</summary>
    public static Dictionary<string, string> ClaimsFor(string role)
    {
        var values = new Dictionary<string, string>
        {
            [ClaimNames.Agb] = "01012345",
            [ClaimNames.Org] = "73730001",
            [ClaimNames.Domain] = "youth",
            [ClaimNames.Municipality] = "0344",
            [ClaimNames.Uzovi] = "3311",
            [ClaimNames.Bsn] = "999900006",
        };
        return TokenClaimRules.RequiredByRole[role].ToDictionary(claim => claim, claim => values[claim]);
    }

    public static string Gp(string agb = "01012345") => Create(Roles.Gp, new Dictionary<string, string> { [ClaimNames.Agb] = agb, [ClaimNames.Subject] = $"gp-{agb}" });

    public static string Poh(string agb = "01012345") => Create(Roles.Poh, new Dictionary<string, string> { [ClaimNames.Agb] = agb, [ClaimNames.Subject] = $"poh-{agb}" });

    public static string Clinician(string domain = "youth", string agb = "94012345", string org = "73730001") =>
        Create(Roles.Clinician, new Dictionary<string, string> { [ClaimNames.Agb] = agb, [ClaimNames.Org] = org, [ClaimNames.Domain] = domain, [ClaimNames.Subject] = $"clinician-{agb}" });

    public static string Municipality(string code = "0344") =>
        Create(Roles.Municipality, new Dictionary<string, string> { [ClaimNames.Municipality] = code, [ClaimNames.Subject] = $"municipality-{code}" });

    public static string Insurer(string uzovi = "3311") =>
        Create(Roles.Insurer, new Dictionary<string, string> { [ClaimNames.Uzovi] = uzovi, [ClaimNames.Subject] = $"insurer-{uzovi}" });

    public static string Client(string bsn = "999900006") =>
        Create(Roles.Client, new Dictionary<string, string> { [ClaimNames.Bsn] = bsn, [ClaimNames.Subject] = $"client-{bsn}" });

    /// <summary>Runs <c>deploy/token.sh</c> as a newcomer would, and returns what it printed.</summary>
    public static string FromScript(params string[] args)
    {
        var (exitCode, output, error) = RunScript(args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"token.sh failed ({exitCode}): {error}");
        }

        return output.TrimEnd('\n');
    }

    /// <summary>Runs <c>deploy/token.sh</c> and returns its exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Output, string Error) RunScript(params string[] args)
    {
        var script = Path.Combine(Repository.Root, "deploy", "token.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.GetAwaiter().GetResult());
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
