using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace FamilyPlan.Api.Domain;

/// <summary>Whether a higher score on an instrument means the member is doing better or worse.</summary>
public static class OutcomeDirections
{
    public const string LowerIsBetter = "lower-is-better";
    public const string HigherIsBetter = "higher-is-better";

    /// <summary>Every direction.</summary>
    public static readonly IReadOnlyList<string> All = [LowerIsBetter, HigherIsBetter];
}

/// <summary>Who fills an instrument in.</summary>
public static class OutcomeRespondents
{
    public const string Self = "self";
    public const string Parent = "parent";
    public const string Teacher = "teacher";
    public const string Clinician = "clinician";

    /// <summary>Every respondent.</summary>
    public static readonly IReadOnlyList<string> All = [Self, Parent, Teacher, Clinician];
}

/// <summary>Whom an instrument is made for: the family as a whole counts as a population of its own.</summary>
public static class OutcomePopulations
{
    public const string Youth = "youth";
    public const string Adult = "adult";
    public const string Family = "family";

    /// <summary>Every population.</summary>
    public static readonly IReadOnlyList<string> All = [Youth, Adult, Family];
}

/// <summary>An outcome instrument: its name and score range, never its items (see the data file's header).</summary>
/// <param name="Id">A stable kebab-case id, e.g. <c>phq-9</c>.</param>
/// <param name="Name">The instrument's name, and which score of it is recorded.</param>
/// <param name="Measures">What it measures, in words.</param>
/// <param name="Respondent">Who fills it in: one of <see cref="OutcomeRespondents.All"/>.</param>
/// <param name="Populations">Whom it is made for: <see cref="OutcomePopulations.All"/>.</param>
/// <param name="Min">The lowest possible score.</param>
/// <param name="Max">The highest possible score.</param>
/// <param name="Direction">One of <see cref="OutcomeDirections.All"/>.</param>
/// <param name="CutOff">The clinical cut-off where well established, else null; see <see cref="IsPastCutOff"/>.</param>
/// <param name="Source">The instrument's reference publication.</param>
public sealed record OutcomeInstrument(
    string Id,
    string Name,
    string Measures,
    string Respondent,
    IReadOnlyList<string> Populations,
    decimal Min,
    decimal Max,
    string Direction,
    decimal? CutOff,
    string Source)
{
    /// <summary>Whether a higher score means the member is doing better.</summary>
    public bool HigherIsBetter => Direction == OutcomeDirections.HigherIsBetter;

    /// <summary>Whether <paramref name="score"/> lies within the instrument's range, both ends included.</summary>
    public bool InRange(decimal score) => score >= Min && score <= Max;

    /// <summary>Whether a change of <paramref name="change"/> points is for the better (no change is not).</summary>
    public bool IsImprovement(decimal change) => HigherIsBetter ? change > 0 : change < 0;

    /// <summary>
    /// Whether <paramref name="score"/> is past the clinical cut-off, on the worse side: at or above it
    /// when lower is better, at or below it when higher is better. Null when the instrument has none.
    /// </summary>
    public bool? IsPastCutOff(decimal score) => CutOff is { } cutOff ? (HigherIsBetter ? score <= cutOff : score >= cutOff) : null;
}

/// <summary>
/// The outcome instruments a plan records measurements with (issue 9: instruments are data, not
/// code). Loaded once from the embedded file <c>Domain/Data/outcome-instruments.json</c>; a
/// malformed file is an error in the shipped build, so loading throws instead of skipping an entry.
/// </summary>
public static partial class OutcomeInstruments
{
    /// <summary>The embedded resource's name.</summary>
    public const string ResourceName = "FamilyPlan.Api.Domain.Data.outcome-instruments.json";

    private static readonly Lazy<IReadOnlyList<OutcomeInstrument>> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<FrozenDictionary<string, OutcomeInstrument>> ById =
        new(() => Loaded.Value.ToFrozenDictionary(i => i.Id, StringComparer.Ordinal), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>Every instrument, in the file's order.</summary>
    public static IReadOnlyList<OutcomeInstrument> All => Loaded.Value;

    /// <summary>The instrument with id <paramref name="id"/> (exact, kebab case), or null.</summary>
    public static OutcomeInstrument? Find(string? id) => id is not null && ById.Value.TryGetValue(id, out var instrument) ? instrument : null;

    /// <summary>Reads a list in the data file's format; throws <see cref="InvalidDataException"/> naming the first fault.</summary>
    public static IReadOnlyList<OutcomeInstrument> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        FileShape? file;
        try
        {
            file = JsonSerializer.Deserialize<FileShape>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{ResourceName}: not a valid instrument list ({e.Message}).", e);
        }

        if (file?.Instruments is not { Count: > 0 } entries)
        {
            throw new InvalidDataException($"{ResourceName}: the list holds no instruments.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var instruments = new List<OutcomeInstrument>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var instrument = Check(entries[i], $"{ResourceName} instruments[{i}]");
            if (!seen.Add(instrument.Id))
            {
                throw new InvalidDataException($"{ResourceName} instruments[{i}]: the id '{instrument.Id}' is listed twice.");
            }

            instruments.Add(instrument);
        }

        return instruments;
    }

    private static IReadOnlyList<OutcomeInstrument> Load()
    {
        using var stream = typeof(OutcomeInstruments).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private static OutcomeInstrument Check(Entry? entry, string where)
    {
        if (entry is null)
        {
            throw new InvalidDataException($"{where}: an entry may not be null.");
        }

        string Required(string? value, string field) =>
            string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"{where}: '{field}' is required.") : value.Trim();

        string OneOf(string? value, string field, IReadOnlyList<string> allowed)
        {
            var given = Required(value, field);
            return allowed.Contains(given)
                ? given
                : throw new InvalidDataException($"{where}: '{field}' is '{given}'; use one of {string.Join(", ", allowed)}.");
        }

        var id = Required(entry.Id, "id");
        if (!KebabCase().IsMatch(id))
        {
            throw new InvalidDataException($"{where}: the id '{id}' is not kebab case (lower-case letters and digits joined by single hyphens).");
        }

        var populations = entry.Population is { Count: > 0 } listed
            ? listed.Select(p => OneOf(p, "population", OutcomePopulations.All)).Distinct(StringComparer.Ordinal).ToList()
            : throw new InvalidDataException($"{where}: 'population' names at least one of {string.Join(", ", OutcomePopulations.All)}.");

        var min = entry.Min ?? throw new InvalidDataException($"{where}: 'min' is required.");
        var max = entry.Max ?? throw new InvalidDataException($"{where}: 'max' is required.");
        if (min >= max)
        {
            throw new InvalidDataException($"{where}: 'min' ({min}) must be below 'max' ({max}).");
        }

        if (entry.CutOff is { } cutOff && (cutOff < min || cutOff > max))
        {
            throw new InvalidDataException($"{where}: 'cutOff' ({cutOff}) lies outside the range {min} to {max}.");
        }

        return new OutcomeInstrument(
            id,
            Required(entry.Name, "name"),
            Required(entry.Measures, "measures"),
            OneOf(entry.Respondent, "respondent", OutcomeRespondents.All),
            populations,
            min,
            max,
            OneOf(entry.Direction, "direction", OutcomeDirections.All),
            entry.CutOff,
            Required(entry.Source, "source"));
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabCase();

    // The file as written: every field nullable, so that a missing one is reported by name.
    private sealed record FileShape(IReadOnlyList<string>? About, IReadOnlyList<Entry?>? Instruments);

    private sealed record Entry(
        string? Id,
        string? Name,
        string? Measures,
        string? Respondent,
        IReadOnlyList<string?>? Population,
        decimal? Min,
        decimal? Max,
        string? Direction,
        decimal? CutOff,
        string? Source);
}
