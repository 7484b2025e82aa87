namespace Referral.Contracts;

/// <summary>The person a referral is for.</summary>
/// <param name="Bsn">Citizen service number (passes the eleven-test).</param>
/// <param name="Name">Full name.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="MunicipalityCode">CBS code of the municipality of residence (BRP address).</param>
/// <param name="Uzovi">The health insurer's UZOVI code, for adults.</param>
public sealed record ReferredPerson(string Bsn, string Name, DateOnly BirthDate, string MunicipalityCode, string? Uzovi);
