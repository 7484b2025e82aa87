namespace Referral.Contracts;

/// <summary>
/// The member id the platform gave a person when it first saw their BSN: the name by which URLs,
/// consents and other services refer to them, so that the BSN never appears where proxies and logs
/// would keep it.
/// </summary>
/// <param name="Bsn">The citizen service number.</param>
/// <param name="MemberId">The person's member id; it never changes.</param>
public sealed record MemberIdentity(string Bsn, Guid MemberId);
