using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults.Identifiers;
using Coordination.Testing;

namespace Faults.Tests;

/// <summary>
/// Referrals at a fixed rate, each scheduled on the clock (not after the one before), each with its
/// own family (a child and a custodial parent, new BSNs) and its own Idempotency-Key; a referral
/// that fails (the service away, a timeout) is sent again with the same key until it is taken,
/// as a GP's system would.
/// </summary>
public static class ReferralLoad
{
    /// <summary>The referrals taken (their ids) out of <paramref name="rate"/> × <paramref name="duration"/> sent.</summary>
    public static async Task<(int Sent, IReadOnlyList<string> Accepted)> RunAsync(Uri referralService, int rate, TimeSpan duration)
    {
        using var client = new HttpClient { BaseAddress = referralService, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Gp());
        var total = (int)(rate * duration.TotalSeconds);
        var bsns = BsnPool().Take(2 * total).ToList();
        var clock = Stopwatch.StartNew();
        var sends = new List<Task<string?>>();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            sends.Add(SendAsync(client, Body(bsns[2 * i], bsns[(2 * i) + 1], i), duration + TimeSpan.FromMinutes(2)));
        }

        var accepted = await Task.WhenAll(sends);
        return (total, [.. accepted.OfType<string>()]);
    }

    private static async Task<string?> SendAsync(HttpClient client, JsonObject body, TimeSpan patience)
    {
        var key = Guid.NewGuid().ToString();
        var until = Stopwatch.StartNew();
        while (until.Elapsed < patience)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await client.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
                }

                if ((int)response.StatusCode is >= 400 and < 500 and not 409 and not 429)
                {
                    throw new InvalidOperationException($"the referral was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Away or too slow: the same request again, with the same key.
            }

            await Task.Delay(500);
        }

        return null;
    }

    private static JsonObject Body(string child, string parent, int i) => JsonNode.Parse($$"""
        {
          "subject":   { "bsn": "{{child}}", "name": "Kind {{i}}", "birthDate": "2014-05-01", "municipalityCode": "0344" },
          "household": [ { "bsn": "{{parent}}", "name": "Ouder {{i}}", "birthDate": "1984-02-03", "relation": "parent", "custody": true } ],
          "referrer":  { "agb": "01012345", "type": "02", "name": "Huisartsenpraktijk Lombok" },
          "domain":    "youth",
          "reason":    "Fault suite referral {{i}}."
        }
        """)!.AsObject();

    /// <summary>The BSNs reserved for test environments (999900006–999999990) that pass the eleven-test.</summary>
    private static IEnumerable<string> BsnPool() =>
        Enumerable.Range(999900006, 999999990 - 999900006 + 1).Select(n => n.ToString(CultureInfo.InvariantCulture)).Where(DutchIdentifiers.IsValidBsn);
}
