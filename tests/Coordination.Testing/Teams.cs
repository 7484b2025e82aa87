using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Testing;

/// <summary>Building a family's care team as professionals do, through the gateway.</summary>
public static class Teams
{
    /// <summary>Triage and accept every referral addressed to <paramref name="receiverAgb"/> in <paramref name="receiver"/>'s worklist, and wait until they are on the family's team.</summary>
    public static async Task AcceptAllAsync(HttpClient receiver, Guid familyId, string receiverAgb)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var worklist = await Eventually.Until(() => receiver.GetFromJsonAsync<JsonObject>("/api/referrals"), w => w!["items"]!.AsArray().Count > 0, "the worklist");
        foreach (var item in worklist!["items"]!.AsArray().Where(i => i!["receiverAgb"]?.GetValue<string>() == receiverAgb))
        {
            await Referrals.AcceptAsync(receiver, item!["id"]!.GetValue<Guid>());
        }

        await Eventually.Until(async () =>
        {
            using var response = await receiver.GetAsync($"/api/families/{familyId}/team");
            return response.StatusCode;
        }, s => s == HttpStatusCode.OK, "the receiver on the team");
    }

    /// <summary><paramref name="member"/> invites <paramref name="userId"/> (by <paramref name="name"/>, else by the user id), who accepts with the team's ETag.</summary>
    public static async Task JoinAsync(HttpClient member, HttpClient invitee, Guid familyId, string userId, string role, string organisation, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(invitee);
        // The team may still be changing (a referral's acceptance arrives over the broker): a 409 says
        // "the team changed while inviting: try again", as a client would.
        using var invited = await Eventually.Until(
            () => member.PostAsJsonAsync($"/api/families/{familyId}/team/invitations", new { userId, name = name ?? userId, role, organisationAgb = organisation }),
            r => r.StatusCode != HttpStatusCode.Conflict, "the invitation not to race a change of the team");
        Xunit.Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        using var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/families/{familyId}/team/invitations/{userId}/accept");
        accept.Headers.TryAddWithoutValidation("If-Match", invited.Headers.ETag!.ToString());
        using var accepted = await invitee.SendAsync(accept);
        Xunit.Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}
