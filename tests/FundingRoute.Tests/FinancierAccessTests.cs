using System.Buffers.Text;
using System.Security.Claims;
using System.Text;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using FundingRoute.Api.Domain;

namespace FundingRoute.Tests;

/// <summary>Who may read which funding route, as one table: the financier that pays it, and nobody else.</summary>
[Trait("Category", "Unit")]
public sealed class FinancierAccessTests
{
    private static readonly RoutePayer DaanJeugdwet0344 = new("Jeugdwet", "municipality", "0344");
    private static readonly RoutePayer WmoSupport0344 = new("Wmo", "municipality", "0344");
    private static readonly RoutePayer SandraZvw3311 = new("Zvw", "insurer", "3311");
    private static readonly RoutePayer NoRoute = new("None", "none", null);

    public static TheoryData<string, string, string?, bool, string> Table() => new()
    {
        // role, claim value, route, allowed, why
        { Roles.Municipality, "0344", "daan", true, "municipality 0344 pays this Jeugdwet route" },
        { Roles.Municipality, "0344", "wmo", true, "municipality 0344 pays this Wmo route" },
        { Roles.Municipality, "0307", "daan", false, "another financier pays this route" },
        { Roles.Municipality, "0344", "sandra", false, "another financier pays this route" },
        { Roles.Municipality, "0344", "none", false, "another financier pays this route" },
        { Roles.Municipality, "0344", null, false, "no such route" },
        { Roles.Insurer, "3311", "sandra", true, "insurer 3311 pays this Zvw route" },
        { Roles.Insurer, "3312", "sandra", false, "another financier pays this route" },
        { Roles.Insurer, "3311", "daan", false, "another financier pays this route" },
        // A UZOVI code may be the same four digits as a municipality code: the type keeps them apart.
        { Roles.Insurer, "0344", "daan", false, "another financier pays this route" },
        { Roles.Gp, "01012345", "daan", false, "only a municipality or an insurer reads funding routes" },
        { Roles.Clinician, "94012345", "sandra", false, "only a municipality or an insurer reads funding routes" },
        { Roles.Client, "999900018", "daan", false, "only a municipality or an insurer reads funding routes" },
        // The wijkteam carries a municipality claim too, but it is care, not the financier.
        { Roles.SocialDomain, "0344", "daan", false, "only a municipality or an insurer reads funding routes" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Only_the_financier_that_pays_a_route_may_read_it(string role, string claim, string? route, bool allowed, string reason)
    {
        var decision = FinancierAccess.Decide(FinancierAccess.ViewerOf(User(role, claim)), Route(route));

        Assert.Equal(allowed, decision.Allowed);
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public void A_financier_of_the_right_code_still_reads_only_the_laws_it_pays_under()
    {
        // An insurer whose code matches a route of a law it does not pay (a data error) is refused all the same.
        var insurer = FinancierAccess.ViewerOf(User(Roles.Insurer, "3311"));
        var decision = FinancierAccess.Decide(insurer, new RoutePayer("Jeugdwet", "insurer", "3311"));
        Assert.False(decision.Allowed);
        Assert.Equal("insurer 3311 does not pay Jeugdwet routes", decision.Reason);
    }

    [Fact]
    public void The_list_scope_of_a_municipality_is_its_code_and_its_two_laws_and_of_an_insurer_its_uzovi_and_zvw()
    {
        var municipality = FinancierAccess.ViewerOf(User(Roles.Municipality, "0344"))!;
        Assert.Equal(("municipality", "0344", "Jeugdwet", "Wmo"), (municipality.Type, municipality.Code, municipality.Law, municipality.OtherLaw));
        var insurer = FinancierAccess.ViewerOf(User(Roles.Insurer, "3311"))!;
        Assert.Equal(("insurer", "3311", "Zvw", "Zvw"), (insurer.Type, insurer.Code, insurer.Law, insurer.OtherLaw));
    }

    [Fact]
    public void A_route_lists_cursor_survives_its_round_trip_to_the_tick()
    {
        // The route lists' cursor: the decision time and id of the last route of a page.
        var decidedAt = new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc).AddTicks(1234567);
        var id = Guid.NewGuid();
        var text = PageCursor.After(decidedAt, id).Encode();

        Assert.True(PageCursor.TryDecode(text, 2, out var read));
        Assert.Equal<DateTime?>(decidedAt, read.Time(0));
        Assert.Equal(DateTimeKind.Utc, read.Time(0)!.Value.Kind);
        Assert.Equal<Guid?>(id, read.Id(1));
        Assert.True(text.Length <= PageCursor.MaxLength);
        Assert.Matches("^[A-Za-z0-9_-]+$", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("abc")]
    public void A_cursor_no_list_gave_out_is_refused(string text)
    {
        Assert.False(PageCursor.TryDecode(text, 2, out var cursor));
        Assert.Null(cursor);
    }

    [Theory]
    [InlineData("c1~1234")] // no id
    [InlineData("c1~1234~00000000000000000000000000000001~1")] // a key too many
    [InlineData("r1~1234~00000000000000000000000000000001")] // another version
    public void A_cursor_of_another_shape_is_refused(string plain)
    {
        Assert.False(PageCursor.TryDecode(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(plain)), 2, out var cursor));
        Assert.Null(cursor);
    }

    [Theory]
    [InlineData("c1~-1~00000000000000000000000000000001")] // negative ticks
    [InlineData("c1~4000000000000000000~00000000000000000000000000000001")] // ticks past DateTime.MaxValue
    [InlineData("c1~1234~not-an-id")]
    public void A_cursor_whose_keys_are_not_an_instant_and_an_id_reads_as_none(string plain)
    {
        // The list answers such a cursor with a 400 naming it, as it does one that does not decode.
        Assert.True(PageCursor.TryDecode(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(plain)), 2, out var cursor));
        Assert.True(cursor.Time(0) is null || cursor.Id(1) is null);
    }

    [Fact]
    public void An_overlong_cursor_is_refused_before_it_is_decoded() =>
        Assert.False(PageCursor.TryDecode(new string('A', PageCursor.MaxLength + 1), 2, out _));

    private static RoutePayer? Route(string? name) => name switch
    {
        "daan" => DaanJeugdwet0344,
        "wmo" => WmoSupport0344,
        "sandra" => SandraZvw3311,
        "none" => NoRoute,
        _ => null,
    };

    private static ClaimsPrincipal User(string role, string claim)
    {
        var claimType = role switch
        {
            Roles.Municipality or Roles.SocialDomain => ClaimNames.Municipality,
            Roles.Insurer => ClaimNames.Uzovi,
            Roles.Client => ClaimNames.Bsn,
            _ => ClaimNames.Agb,
        };
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimNames.Role, role), new Claim(ClaimNames.Subject, $"{role}-test"), new Claim(claimType, claim)], "test"));
    }
}
