using System.Net.Sockets;
using System.Text;
using Coordination.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Gateway.Tests;

/// <summary>
/// What reaches the caller when a service answers before it has read the body and closes the
/// connection (issue 19's 502 under a burst): the service's answer, never the gateway's 502. The
/// gateway alone, in front of a stand-in service on loopback whose Kestrel refuses every request at
/// its headers, as it did the requests with as many headers as the gateway takes plus its own.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ForwardingTests
{
    [Fact]
    public async Task A_service_that_refuses_and_closes_while_the_body_still_comes_is_answered_not_a_502()
    {
        await using var service = await RunningHost.StartAsync(RefusesEveryRequest, []);
        await using var gateway = await RunningHost.StartAsync(Coordination.Gateway.Program.Build,
            [new("ReverseProxy:Clusters:family-plan:Destinations:primary:Address", service.Address.ToString())]);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("HTTP/1.1 431 Request Header Fields Too Large", await PostInTwoPartsAsync(gateway.Address, $"/api/families/{Guid.NewGuid()}/goals"));
        }
    }

    /// <summary>
    /// A post of a chunked JSON body whose first 64 KiB go at once; the rest follows only once the answer
    /// is in, or after two seconds without one (as a client expecting 100-continue would). Returns the status line.
    /// </summary>
    private static async Task<string> PostInTwoPartsAsync(Uri gateway, string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(gateway.Host, gateway.Port);
        var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {gateway.Authority}\r\nAuthorization: Bearer {Tokens.Clinician()}\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        var first = "{\"title\":\"" + new string('x', 64 * 1024);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{head}{first.Length:x}\r\n{first}\r\n"));

        var answer = new StringBuilder();
        var buffer = new byte[4096];
        async Task<bool> ReadStatusLineAsync(TimeSpan within)
        {
            using var deadline = new CancellationTokenSource(within);
            try
            {
                while (!answer.ToString().Contains("\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, deadline.Token);
                    if (read == 0)
                    {
                        return true;
                    }

                    answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        if (!await ReadStatusLineAsync(TimeSpan.FromSeconds(2)))
        {
            await stream.WriteAsync("2\r\n\"}\r\n0\r\n\r\n"u8.ToArray());
            await ReadStatusLineAsync(TimeSpan.FromSeconds(30));
        }

        var text = answer.ToString();
        return text.Contains("\r\n", StringComparison.Ordinal) ? text[..text.IndexOf("\r\n", StringComparison.Ordinal)] : $"no answer: '{text}'";
    }

    /// <summary>A stand-in service whose Kestrel takes no more than five header fields: it answers 431 and closes, reading no body.</summary>
    private static WebApplication RefusesEveryRequest(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestHeaderCount = 5);
        return builder.Build();
    }
}
