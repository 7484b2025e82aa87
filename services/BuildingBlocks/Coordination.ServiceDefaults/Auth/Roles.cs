namespace Coordination.ServiceDefaults.Auth;

/// <summary>The roles a token may carry in its <c>role</c> claim (the actors of <c>domain.md</c>).</summary>
public static class Roles
{
    /// <summary>General practitioner (huisarts).</summary>
    public const string Gp = "gp";

    /// <summary>Practice nurse mental health (POH-GGZ), refers on behalf of the GP.</summary>
    public const string Poh = "poh";

    /// <summary>Youth or adult clinician; the <c>domain</c> claim says which world.</summary>
    public const string Clinician = "clinician";

    /// <summary>Family therapist (systeemtherapeut).</summary>
    public const string FamilyTherapist = "family-therapist";

    /// <summary>Family-systems worker (STW).</summary>
    public const string FamilySystemsWorker = "stw";

    /// <summary>District nurse (wijkverpleegkundige), a care provider of their own organisation.</summary>
    public const string DistrictNurse = "district-nurse";

    /// <summary>Social domain: wijkteam, social work.</summary>
    public const string SocialDomain = "social-domain";

    /// <summary>Youth protection (GI, gezinsvoogd).</summary>
    public const string YouthProtection = "youth-protection";

    /// <summary>Municipality: funding status of its residents only.</summary>
    public const string Municipality = "municipality";

    /// <summary>Insurer: funding status of its insured only.</summary>
    public const string Insurer = "insurer";

    /// <summary>A family member acting for themselves.</summary>
    public const string Client = "client";

    /// <summary>Every role above.</summary>
    public static readonly IReadOnlyList<string> All =
        [Gp, Poh, Clinician, FamilyTherapist, FamilySystemsWorker, YouthProtection, DistrictNurse, SocialDomain, Municipality, Insurer, Client];

    /// <summary>The care professions: who may be on a care team (not financiers, not clients).</summary>
    public static readonly IReadOnlyList<string> Care = [Gp, Poh, Clinician, FamilyTherapist, FamilySystemsWorker, SocialDomain, YouthProtection, DistrictNurse];

    /// <summary>The roles that may send a referral.</summary>
    public static readonly IReadOnlyList<string> Referrers = [Gp, Poh];
}

/// <summary>The claim names in a Coordination token.</summary>
public static class ClaimNames
{
    /// <summary>The user's role.</summary>
    public const string Role = "role";

    /// <summary>The subject (user id).</summary>
    public const string Subject = "sub";

    /// <summary>The display name.</summary>
    public const string Name = "name";

    /// <summary>The AGB code of a care provider (for a POH: the GP's).</summary>
    public const string Agb = "agb";

    /// <summary>The AGB code (8 digits) of the organisation a clinician, therapist, STW, youth-protection worker or district nurse works for.</summary>
    public const string Org = "org";

    /// <summary>The CBS municipality code of a municipality or social-domain user.</summary>
    public const string Municipality = "municipality";

    /// <summary>The UZOVI code of an insurer user.</summary>
    public const string Uzovi = "uzovi";

    /// <summary>A clinician's world: <c>youth</c> or <c>adult</c>.</summary>
    public const string Domain = "domain";

    /// <summary>Present in an OpenID Connect ID token, never in an access token.</summary>
    public const string Nonce = "nonce";

    /// <summary>A client's own BSN.</summary>
    public const string Bsn = "bsn";
}
