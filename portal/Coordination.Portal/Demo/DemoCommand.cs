using Coordination.Portal.Session;
using Coordination.ServiceDefaults.Auth;

namespace Coordination.Portal.Demo;

/// <summary><c>Coordination.Portal demo</c>: loads <see cref="DemoData"/> at <c>Portal:GatewayUrl</c>, where the development sign-in exists, and nowhere else.</summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var gateway = builder.Configuration.GetSection(PortalOptions.SectionName).Get<PortalOptions>()?.GatewayUrl;
        if (!builder.Environment.IsDevelopment() || !auth.AllowDevelopmentKey || !string.IsNullOrWhiteSpace(auth.Authority) || gateway is null)
        {
            await Console.Error.WriteLineAsync("demo: only in Development with Auth:AllowDevelopmentKey=true and Portal:GatewayUrl set; demo data is never loaded elsewhere.");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await new DemoData(http, auth, Console.Out).LoadAsync(limit.Token);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"demo: {ex.Message}");
            return 1;
        }
    }
}
