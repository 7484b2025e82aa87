namespace Referral.Contracts;

/// <summary>Who took a step on a referral, as the timeline and the care team name them.</summary>
/// <param name="UserId">The user's id (the token's subject).</param>
/// <param name="Name">Their name.</param>
/// <param name="Role">Their role: <c>gp</c>, <c>poh</c> or <c>clinician</c>.</param>
/// <param name="Agb">Their own AGB code (for a POH-GGZ: the GP's).</param>
/// <param name="OrganisationAgb">For a clinician: their organisation's AGB code.</param>
/// <param name="Domain">For a clinician: <c>youth</c> or <c>adult</c> care.</param>
public sealed record ReferralActor(string UserId, string Name, string Role, string? Agb, string? OrganisationAgb, string? Domain);
