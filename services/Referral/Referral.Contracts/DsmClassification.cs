namespace Referral.Contracts;

/// <summary>A DSM-5 classification, carried as its ICD-10-CM code.</summary>
/// <param name="Code">ICD-10-CM code, e.g. F32.0.</param>
/// <param name="Description">The classification's name.</param>
public sealed record DsmClassification(string Code, string Description);
