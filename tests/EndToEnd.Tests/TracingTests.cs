using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Coordination.Testing;

namespace EndToEnd.Tests;

/// <summary>One trace runs from the caller's request, through the gateway and the outbox, to the last consumer.</summary>
[Trait("Category", "EndToEnd")]
public sealed class TracingTests
{
    private static readonly ActivitySource Caller = new("Coordination.Tests.Caller");

    [SkippableFact]
    public async Task A_referrals_trace_continues_through_the_outbox_into_every_consumer()
    {
        var consumed = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or "Coordination.Tests.Caller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Kind == ActivityKind.Consumer)
                {
                    consumed.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        ActivityTraceId traceId;
        // The caller's own span; its traceparent goes out with the request, as a browser's would.
        using (var call = Caller.StartActivity("GP submits a referral", ActivityKind.Client)!)
        {
            traceId = call.TraceId;
            using var response = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // ReferralSubmitted in the funding route and the family plan, then FundingRouteDecided in the family plan.
        var inTrace = await Eventually.Until(
            () => Task.FromResult(consumed.Where(a => a.TraceId == traceId).Select(a => a.DisplayName).ToList()),
            names => names.Any(n => n.StartsWith("family-plan-funding-route-decided", StringComparison.Ordinal)),
            "the last consumer to run in the caller's trace");
        Assert.Contains(inTrace, n => n.StartsWith("funding-route-referral-submitted", StringComparison.Ordinal));
        Assert.Contains(inTrace, n => n.StartsWith("family-plan-referral-submitted", StringComparison.Ordinal));
        Assert.DoesNotContain(consumed, a => a.TraceId != traceId);
    }
}
