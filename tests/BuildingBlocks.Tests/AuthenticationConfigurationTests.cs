using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace BuildingBlocks.Tests;

[Trait("Category", "Unit")]
public sealed class AuthenticationConfigurationTests
{
    [Fact]
    public void Production_refuses_to_start_with_the_development_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            AuthenticationExtensions.ResolveSigningKey(new AuthOptions { SigningKey = AuthOptions.DevelopmentSigningKey }, new Env("Production")));
        Assert.Contains("development signing key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_refuses_to_start_without_any_way_to_validate_tokens() =>
        Assert.Throws<InvalidOperationException>(() => AuthenticationExtensions.ResolveSigningKey(new AuthOptions(), new Env("Production")));

    [Fact]
    public void Production_with_an_oidc_authority_needs_no_symmetric_key() =>
        Assert.Null(AuthenticationExtensions.ResolveSigningKey(new AuthOptions { Authority = "https://login.example.nl" }, new Env("Production")));

    [Fact]
    public void Production_accepts_a_secret_key_of_its_own() =>
        Assert.NotNull(AuthenticationExtensions.ResolveSigningKey(new AuthOptions { SigningKey = new string('k', 48) }, new Env("Production")));

    [Fact]
    public void A_short_key_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => AuthenticationExtensions.ResolveSigningKey(new AuthOptions { SigningKey = "short" }, new Env("Production")));

    [Fact]
    public void Development_uses_the_development_key_when_it_is_allowed_and_nothing_else_is_configured()
    {
        var key = AuthenticationExtensions.ResolveSigningKey(new AuthOptions { AllowDevelopmentKey = true }, new Env("Development"));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(AuthOptions.DevelopmentSigningKey), key!.Key);
    }

    [Fact]
    public void Development_without_allowing_the_development_key_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AuthenticationExtensions.ResolveSigningKey(new AuthOptions(), new Env("Development")));
        Assert.Contains("Auth:AllowDevelopmentKey=true", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<InvalidOperationException>(() =>
            AuthenticationExtensions.ResolveSigningKey(new AuthOptions { SigningKey = AuthOptions.DevelopmentSigningKey }, new Env("Development")));
        Assert.Contains("Auth:AllowDevelopmentKey=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowing_the_development_key_does_not_let_production_use_it()
    {
        Assert.Throws<InvalidOperationException>(() => AuthenticationExtensions.ResolveSigningKey(new AuthOptions { AllowDevelopmentKey = true }, new Env("Production")));
        var error = Assert.Throws<InvalidOperationException>(() => AuthenticationExtensions.ResolveSigningKey(
            new AuthOptions { AllowDevelopmentKey = true, SigningKey = AuthOptions.DevelopmentSigningKey }, new Env("Production")));
        Assert.Contains("development signing key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_host_in_development_without_the_flag_does_not_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => global::Referral.Api.Program.Build(["--environment=Development", "--urls=http://127.0.0.1:0"]));
        Assert.Contains("Auth:AllowDevelopmentKey=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_symmetric_key_tokens_must_be_hs256_access_tokens_of_the_development_issuer()
    {
        var key = AuthenticationExtensions.ResolveSigningKey(new AuthOptions { SigningKey = new string('k', 48) }, new Env("Production"));
        var parameters = AuthenticationExtensions.ValidationParameters(new AuthOptions(), key);
        Assert.Equal(AuthOptions.DevelopmentIssuer, parameters.ValidIssuer);
        Assert.Equal("coordination", parameters.ValidAudience);
        Assert.Equal([SecurityAlgorithms.HmacSha256], parameters.ValidAlgorithms);
        Assert.Equal(["at+jwt", "application/at+jwt"], parameters.ValidTypes);
        Assert.True(parameters.RequireExpirationTime);
        Assert.True(parameters.RequireSignedTokens);
        Assert.True(parameters.ValidateIssuer);
        Assert.Same(key, parameters.IssuerSigningKey);
    }

    [Fact]
    public void With_an_authority_the_issuer_comes_from_its_metadata_unless_one_is_configured()
    {
        var oidc = new AuthOptions { Authority = "https://login.example.nl" };
        var parameters = AuthenticationExtensions.ValidationParameters(oidc, AuthenticationExtensions.ResolveSigningKey(oidc, new Env("Production")));
        Assert.True(parameters.ValidateIssuer);
        Assert.Null(parameters.ValidIssuer);
        Assert.Null(parameters.ValidIssuers);
        Assert.Null(parameters.IssuerSigningKey);
        Assert.Equal(["at+jwt", "application/at+jwt"], parameters.ValidTypes);

        var pinned = AuthenticationExtensions.ValidationParameters(new AuthOptions { Authority = "https://login.example.nl", Issuer = "https://login.example.nl/realms/care" }, null);
        Assert.Equal("https://login.example.nl/realms/care", pinned.ValidIssuer);
    }

    [Fact]
    public void An_authority_that_types_its_access_tokens_jwt_can_be_allowed_by_configuration()
    {
        var options = Settings(("Auth:Authority", "https://login.example.nl"), ("Auth:ValidTokenTypes:0", "JWT"))
            .GetSection(AuthOptions.SectionName).Get<AuthOptions>()!;
        Assert.Equal(["JWT"], AuthenticationExtensions.ValidationParameters(options, null).ValidTypes);
    }

    [Fact]
    public void A_service_host_in_production_with_the_development_key_does_not_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => global::Referral.Api.Program.Build(
            ["--environment=Production", $"--Auth:SigningKey={AuthOptions.DevelopmentSigningKey}", "--urls=http://127.0.0.1:0"]));
        Assert.Contains("Refusing to start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_may_start_its_clock_at_a_fixed_day_and_it_runs_on_from_there()
    {
        var clock = Clock.From(Settings(("Clock:StartsAt", "2026-11-23T09:00:00Z")), new Env("Development"));
        var shown = clock.GetUtcNow();
        Assert.InRange(shown, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 9, 1, 0, TimeSpan.Zero));
        Assert.True(clock.GetUtcNow() >= shown);
        Assert.Same(TimeProvider.System, Clock.From(Settings(), new Env("Production")));
    }

    [Fact]
    public void Production_refuses_to_start_with_a_shifted_clock()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Clock.From(Settings(("Clock:StartsAt", "2026-11-23T09:00:00Z")), new Env("Production")));
        Assert.Contains("only Development may shift the clock", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "test";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
