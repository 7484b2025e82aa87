using Coordination.Data.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coordination.Data;

/// <summary>
/// The one place where every service's <c>Main</c> tells a command from a normal start:
/// <c>&lt;service&gt; [command] [--Key=Value …]</c>. With a known command as the first argument the
/// host is built with the rest of the arguments, the command runs without the server (and without
/// start-up migrations or the bus), and its exit code is returned; without one the host runs.
/// </summary>
public static class HostCommands
{
    /// <summary>The exit code for a command that could not do its work (an unknown command, an unreachable database).</summary>
    public const int Failed = 2;

    /// <summary>The commands by name; adding one is one line.</summary>
    private static readonly Dictionary<string, (string Summary, HostCommand Run)> Commands = new(StringComparer.Ordinal)
    {
        ["migrate"] = ("applies the database migrations (and the runtime user's rights), then exits", MigrateAsync),
        ["verify-audit"] = ("verifies the audit log's hash chain; exits 0 when intact, 1 when broken", VerifyAuditAsync),
    };

    /// <summary>The names of the commands every service has; building blocks may register more (<see cref="NamedHostCommand"/>).</summary>
    public static IReadOnlyCollection<string> Names => Commands.Keys;

    /// <summary>Runs the command named by the first argument, or the host when there is none.</summary>
    public static Task<int> RunAsync(string[] args, Func<string[], WebApplication> build) => RunAsync(args, build, Console.Out);

    /// <summary>As <see cref="RunAsync(string[], Func{string[], WebApplication})"/>, printing to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(string[] args, Func<string[], WebApplication> build, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(output);

        // Configuration arguments start with - or / or hold an =; anything else in front is a command.
        if (args.Length == 0 || args[0].StartsWith('-') || args[0].StartsWith('/') || args[0].Contains('=', StringComparison.Ordinal))
        {
            await build(args).RunAsync();
            return 0;
        }

        using var stop = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            stop.Cancel();
        }

        Console.CancelKeyPress += OnCancel;
        try
        {
            await using var app = build(args[1..]);
            var all = Commands.Select(c => new NamedHostCommand(c.Key, c.Value.Summary, c.Value.Run))
                .Concat(app.Services.GetServices<NamedHostCommand>())
                .ToList();
            var command = all.FirstOrDefault(c => c.Name == args[0]);
            if (command is null)
            {
                await output.WriteLineAsync($"Unknown command '{args[0]}'. Commands:");
                foreach (var known in all)
                {
                    await output.WriteLineAsync($"  {known.Name,-14} {known.Summary}");
                }

                return Failed;
            }

            try
            {
                return await command.Run(app.Services, output, stop.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostCommands)).LogError(ex, "{Command} failed", args[0]);
                await output.WriteLineAsync($"{args[0]} failed: {ex.Message}");
                return Failed;
            }
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var migration = services.GetRequiredService<DatabaseMigration>();
        migration.Run(services.GetRequiredService<ILoggerFactory>().CreateLogger<DatabaseMigration>());
        await output.WriteLineAsync($"migrated the {migration.Owner.Dialect} database"
            + (migration.RuntimeUser is null ? string.Empty : $"; {migration.RuntimeUser} has the runtime rights"));
        return 0;
    }

    private static async Task<int> VerifyAuditAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<Database>();
        var head = await AuditChain.HeadAsync(database, cancellationToken);
        var broken = await AuditChain.VerifyAsync(database, cancellationToken);
        if (broken is null)
        {
            // The head's hash is worth keeping outside the database: a log rewritten from the start would end elsewhere.
            await output.WriteLineAsync($"audit log intact: {head.Seq} entries, last hash {head.Hash}");
            return 0;
        }

        await output.WriteLineAsync($"audit log broken at entry {broken.Seq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"
            + $" (id {broken.Id ?? "-"}): {broken.Fault}: {broken.Detail}");
        return 1;
    }
}
