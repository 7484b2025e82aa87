namespace Referral.Contracts;

/// <summary>Who referred.</summary>
/// <param name="Agb">The referrer's 8-digit AGB code (for a POH-GGZ: the GP's).</param>
/// <param name="Type">iJw referrer type (COD327), e.g. 02 GP.</param>
/// <param name="Name">The practice or referrer name.</param>
/// <param name="AuthorRole">The role of the user who wrote it: gp or poh.</param>
/// <param name="AuthorId">The user who wrote it.</param>
public sealed record ReferrerInfo(string Agb, string Type, string? Name, string AuthorRole, string AuthorId);
