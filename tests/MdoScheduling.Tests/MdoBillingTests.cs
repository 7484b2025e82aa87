using MdoScheduling.Api.Domain;

namespace MdoScheduling.Tests;

/// <summary>
/// Whose MDO time is billable "intercollegiaal overleg" (domain.md): only a Zvw-GGZ clinician's
/// (adult care), without the client present, kort from 5 minutes and lang from 15; everyone
/// else's time is recorded for the productivity norm only.
/// </summary>
[Trait("Category", "Unit")]
public sealed class MdoBillingTests
{
    [Theory]
    [InlineData("clinician", "adult", false, 4, MdoBilling.Recorded, false)]
    [InlineData("clinician", "adult", false, 5, MdoBilling.ShortConsultation, true)]
    [InlineData("clinician", "adult", false, 14, MdoBilling.ShortConsultation, true)]
    [InlineData("clinician", "adult", false, 15, MdoBilling.LongConsultation, true)]
    [InlineData("clinician", "adult", false, 90, MdoBilling.LongConsultation, true)]
    [InlineData("clinician", "adult", true, 60, MdoBilling.Recorded, false)]
    [InlineData("clinician", "youth", false, 60, MdoBilling.Recorded, false)]
    [InlineData("gp", null, false, 60, MdoBilling.Recorded, false)]
    [InlineData("poh", null, false, 60, MdoBilling.Recorded, false)]
    [InlineData("family-therapist", null, false, 60, MdoBilling.Recorded, false)]
    [InlineData("district-nurse", null, false, 60, MdoBilling.Recorded, false)]
    [InlineData("social-domain", null, false, 60, MdoBilling.Recorded, false)]
    public void Only_a_Zvw_GGZ_clinician_without_the_client_bills_the_consultation(string role, string? domain, bool clientPresent, int minutes, string kind, bool billable)
    {
        var time = MdoBilling.For(role, domain, clientPresent, minutes);

        Assert.Equal((kind, billable), (time.Kind, time.Billable));
        Assert.False(string.IsNullOrWhiteSpace(time.Reason));
    }
}
