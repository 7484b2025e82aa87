using System.Globalization;
using System.Xml.Linq;
using FhirEdge.Api.Domain;

namespace FhirEdge.Api.Ijw;

/// <summary>A product a JW301 assigns, as the edge applies it.</summary>
/// <param name="Element">The product's element, to answer on in the retour.</param>
/// <param name="Reference">ReferentieAanbieder: the assignment request it answers (the id the JW315 gave).</param>
/// <param name="From">The first day assigned.</param>
/// <param name="To">The last day assigned, if bounded.</param>
public sealed record AssignedProduct(XElement Element, string? Reference, DateOnly From, DateOnly? To);

/// <summary>
/// The iJw 3.2 messages of the assignment lifecycle, written from the platform's assignment request
/// and read into it (docs/ijw.md). Pure: the caller checks every message against its schema.
/// </summary>
public static class IjwMessages
{
    /// <summary>The schemas' own version (their appinfo), which a message names in its XsdVersie.</summary>
    public const string XsdVersion = "0.1.0";

    /// <summary>Retourcodes (list WJ001) the edge gives.</summary>
    public const string NoRemark = "0200";
    public const string TechnicallyRejected = "0001";
    public const string UnknownRequest = "9379";
    public const string AlreadyAssigned = "9359";
    public const string UnknownAnswerReference = "9355";
    public const string AlreadyInvestigating = "9360";
    public const string AlreadyAnswered = "9365";

    /// <summary>The message codes (COD002) of the messages the edge writes and reads.</summary>
    public static readonly IReadOnlyDictionary<string, string> Codes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["JW301"] = "436", ["JW302"] = "437", ["JW305"] = "438", ["JW307"] = "440", ["JW315"] = "446", ["JW316"] = "447", ["JW319"] = "488", ["JW320"] = "489",
    };

    /// <summary>The elements of a retour that each carry their own RetourCodes.</summary>
    private static readonly Dictionary<string, string[]> RetourClasses = new(StringComparer.Ordinal)
    {
        ["JW302"] = ["Client", "Relatie", "Contact", "ToegewezenProduct"],
        ["JW316"] = ["Client", "AangevraagdProduct"],
        ["JW320"] = ["Antwoord", "Woonplaatsbeginsel"],
    };

    private static readonly XNamespace Basis = IjwSchemas.Basis;

    /// <summary>A new message id: at most 12 characters, unique for its sender.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    /// <summary>
    /// The id of the JW315 of <paramref name="request"/> as it stands: 12 hex digits of a hash of the request's id and
    /// version, so the same JW315 keeps its id and a corrected one (a later version) gets another. A JW316 that
    /// accepts it names only this id (its header is the JW315's), so it is how the edge finds the request again
    /// without keeping anything.
    /// </summary>
    public static string Jw315Id(AssignmentView request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{request.Id:N}:{request.Version}"));
        return Convert.ToHexString(hash)[..12];
    }

    /// <summary>The JW315 the provider sends for <paramref name="request"/> of the referral <paramref name="referral"/>.</summary>
    public static XDocument Jw315(AssignmentView request, FollowedReferral referral, string id, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(referral);
        var ns = IjwSchemas.Of("JW315");
        return Message(ns, Header(ns, "JW315", request.ProviderAgb, request.MunicipalityCode, id, on),
            new XElement(ns + "Client",
                Client(ns, request.Subject, referral.SubjectName),
                new XElement(ns + "AangevraagdeProducten",
                    new XElement(ns + "AangevraagdProduct",
                        new XElement(ns + "ReferentieAanbieder", request.Id.ToString("D")),
                        new XElement(ns + "Product", new XElement(Basis + "Categorie", request.ProductCategory)),
                        new XElement(ns + "ToewijzingIngangsdatum", Date(request.RequestedOn)),
                        // A GP or POH-GGZ refers as type 02 (COD327), under the practice's AGB code.
                        new XElement(ns + "Verwijzer", new XElement(Basis + "Type", "02"), new XElement(Basis + "ZorgverlenerCode", referral.ReferrerAgb))))));
    }

    /// <summary>The JW305 the provider sends when care started.</summary>
    public static XDocument Jw305(AssignmentView request, string name, string id, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ns = IjwSchemas.Of("JW305");
        return CareMessage("JW305", request, name, id, on, "StartProduct",
            new XElement(ns + "Begindatum", Date(request.StartedOn!.Value)));
    }

    /// <summary>The JW307 the provider sends when care stopped, with its reason (JZ588; 31 ended as planned).</summary>
    public static XDocument Jw307(AssignmentView request, string name, string id, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ns = IjwSchemas.Of("JW307");
        return CareMessage("JW307", request, name, id, on, "StopProduct",
            new XElement(ns + "Begindatum", Date(request.StartedOn!.Value)),
            new XElement(ns + "RedenBeeindiging", request.StopReason!.Code),
            new XElement(ns + "Einddatum", Date(request.StoppedOn!.Value)));
    }

    /// <summary>A start or stop of care: the client, and one product with its dates, a first delivery (StatusAanlevering 1).</summary>
    private static XDocument CareMessage(string message, AssignmentView request, string name, string id, DateOnly on, string product, params XElement[] dates)
    {
        var ns = IjwSchemas.Of(message);
        return Message(ns, Header(ns, message, request.ProviderAgb, request.MunicipalityCode, id, on),
            new XElement(ns + "Client",
                Client(ns, request.Subject, name),
                new XElement(ns + product + "en",
                    new XElement(ns + product,
                        new XElement(ns + "Product", new XElement(Basis + "Categorie", request.ProductCategory)),
                        request.AssignedFrom is { } from ? new XElement(ns + "ToewijzingIngangsdatum", Date(from)) : null,
                        dates,
                        new XElement(ns + "StatusAanlevering", "1")))));
    }

    /// <summary>The message's name (JW301, …) from its root's namespace; null for one that is no iJw message.</summary>
    public static string? NameOf(XDocument message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var space = message.Root?.Name.NamespaceName ?? string.Empty;
        return Codes.Keys.FirstOrDefault(m => IjwSchemas.Of(m).NamespaceName == space);
    }

    /// <summary>The sender in a message's header.</summary>
    public static string Sender(XDocument message) => HeaderOf(message).Element(message.Root!.Name.Namespace + "Afzender")!.Value;

    /// <summary>The receiver in a message's header: in a retour, whoever sent the message it returns to.</summary>
    public static string Receiver(XDocument message) => HeaderOf(message).Element(message.Root!.Name.Namespace + "Ontvanger")!.Value;

    /// <summary>
    /// What a JW316 says of the JW315 it returns: that JW315's id (its header's), the requests its products name
    /// (none when it accepts with the header alone) and every retour code it carries, in its header or a class.
    /// </summary>
    public static (string Jw315Id, IReadOnlyList<string> References, IReadOnlyList<string> Codes) Returned(XDocument jw316)
    {
        ArgumentNullException.ThrowIfNull(jw316);
        var ns = jw316.Root!.Name.Namespace;
        return (HeaderOf(jw316).Element(ns + "BerichtIdentificatie")!.Element(Basis + "Identificatie")!.Value,
            jw316.Root.Descendants(ns + "AangevraagdProduct").Select(p => p.Element(ns + "ReferentieAanbieder")!.Value).Distinct(StringComparer.Ordinal).ToList(),
            jw316.Root.Descendants(ns + "RetourCode").Select(c => c.Value).ToList());
    }

    /// <summary>The products a JW301 assigns.</summary>
    public static IReadOnlyList<AssignedProduct> AssignedProducts(XDocument jw301)
    {
        ArgumentNullException.ThrowIfNull(jw301);
        var ns = jw301.Root!.Name.Namespace;
        return jw301.Root.Descendants(ns + "ToegewezenProduct").Select(p => new AssignedProduct(p,
            p.Element(ns + "ReferentieAanbieder")?.Value,
            DateOnly.Parse(p.Element(ns + "Ingangsdatum")!.Value, CultureInfo.InvariantCulture),
            p.Element(ns + "Einddatum") is { } end ? DateOnly.Parse(end.Value, CultureInfo.InvariantCulture) : null)).ToList();
    }

    /// <summary>A JW319's answer: the request it answers, refused (1) or under investigation (2), and why.</summary>
    public static (XElement Element, string Reference, string Answer, string? Reason) Answer(XDocument jw319)
    {
        ArgumentNullException.ThrowIfNull(jw319);
        var ns = jw319.Root!.Name.Namespace;
        var answer = jw319.Root.Element(ns + "Antwoord")!;
        return (answer, answer.Element(ns + "ReferentieAanbieder")!.Value, answer.Element(ns + "VerzoekAntwoord")!.Value, answer.Element(ns + "RedenAfwijzingVerzoek")?.Value);
    }

    /// <summary>
    /// The retour (<paramref name="retour"/>, e.g. JW302) on <paramref name="received"/>: its header as it came with
    /// the retour's code, id and date. With no <paramref name="codes"/> it is the header alone: accepted, or refused as a
    /// whole when <paramref name="headerCode"/> is given (0001: rejected for technical reasons). With codes, the message's
    /// content comes back, each class with its code (0200 where nothing is wrong).
    /// </summary>
    public static XDocument Retour(XDocument received, string retour, string id, DateOnly on, IReadOnlyDictionary<XElement, string>? codes = null, string? headerCode = null)
    {
        ArgumentNullException.ThrowIfNull(received);
        var from = received.Root!.Name.Namespace;
        var ns = IjwSchemas.Of(retour);
        var header = new XElement(ns + "Header",
            HeaderOf(received).Elements().Select(e => e.Name == from + "BerichtCode" ? new XElement(ns + "BerichtCode", Codes[retour]) : Renamed(e, from, ns, null, null)),
            new XElement(ns + "IdentificatieRetour", id),
            new XElement(ns + "DagtekeningRetour", Date(on)),
            new XElement(ns + "XsdVersieRetour", new XElement(Basis + "BasisschemaXsdVersie", XsdVersion), new XElement(Basis + "BerichtXsdVersie", XsdVersion)),
            headerCode is null ? null : new XElement(ns + "RetourCodes", new XElement(ns + "RetourCode", headerCode)));
        var content = codes is null
            ? []
            : received.Root.Elements().Where(e => e.Name != from + "Header").Select(e => Renamed(e, from, ns, RetourClasses[retour], codes));
        return Message(ns, header, content);
    }

    private static XElement Renamed(XElement element, XNamespace from, XNamespace to, string[]? classes, IReadOnlyDictionary<XElement, string>? codes)
    {
        var name = element.Name.Namespace == from ? to + element.Name.LocalName : element.Name;
        var copy = new XElement(name, element.Attributes(), element.Nodes().Select(n => n is XElement child ? Renamed(child, from, to, classes, codes) : n));
        if (classes is not null && element.Name.Namespace == from && classes.Contains(element.Name.LocalName))
        {
            copy.Add(new XElement(to + "RetourCodes", new XElement(to + "RetourCode", codes!.TryGetValue(element, out var code) ? code : NoRemark)));
        }

        return copy;
    }

    private static XElement HeaderOf(XDocument message) => message.Root!.Element(message.Root.Name.Namespace + "Header")!;

    private static XDocument Message(XNamespace ns, XElement header, params object[] content) =>
        new(new XDeclaration("1.0", "UTF-8", null),
            new XElement(ns + "Bericht", new XAttribute(XNamespace.Xmlns + "ijw", Basis.NamespaceName), header, content));

    private static XElement Header(XNamespace ns, string message, string sender, string receiver, string id, DateOnly on) =>
        new(ns + "Header",
            new XElement(ns + "BerichtCode", Codes[message]),
            new XElement(ns + "BerichtVersie", "3"),
            new XElement(ns + "BerichtSubversie", "2"),
            new XElement(ns + "Afzender", sender),
            new XElement(ns + "Ontvanger", receiver),
            new XElement(ns + "BerichtIdentificatie", new XElement(Basis + "Identificatie", id), new XElement(Basis + "Dagtekening", Date(on))),
            new XElement(ns + "XsdVersie", new XElement(Basis + "BasisschemaXsdVersie", XsdVersion), new XElement(Basis + "BerichtXsdVersie", XsdVersion)));

    /// <summary>The client's part of a provider's message: BSN, birth date, sex unknown (0) to the platform, the name.</summary>
    private static object[] Client(XNamespace ns, AssignmentSubject subject, string name)
    {
        var (given, prefix, surname) = DutchName(name);
        return
        [
            new XElement(ns + "Bsn", subject.Bsn),
            new XElement(ns + "Geboortedatum", new XElement(Basis + "Datum", Date(subject.BirthDate ?? throw new InvalidOperationException("The request names no birth date.")))),
            new XElement(ns + "Geslacht", "0"),
            new XElement(ns + "Naam",
                new XElement(Basis + "Geslachtsnaam", new XElement(Basis + "Achternaam", surname), prefix is null ? null : new XElement(Basis + "Voorvoegsel", prefix)),
                given is null ? null : new XElement(Basis + "Voornamen", given),
                given is null ? null : new XElement(Basis + "Voorletters", given[..1])),
        ];
    }

    private static readonly string[] Prefixes = ["van der", "van den", "van de", "van 't", "in 't", "van", "de", "der", "den", "ter", "te", "ten", "'t", "op de"];

    /// <summary>"Daan de Vries": given name Daan, prefix de, surname Vries.</summary>
    public static (string? Given, string? Prefix, string Surname) DutchName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = name.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return (null, null, name.Trim());
        }

        var rest = parts[1];
        var prefix = Prefixes.FirstOrDefault(p => rest.StartsWith(p + " ", StringComparison.OrdinalIgnoreCase));
        return prefix is null ? (parts[0], null, rest) : (parts[0], rest[..prefix.Length], rest[(prefix.Length + 1)..]);
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
