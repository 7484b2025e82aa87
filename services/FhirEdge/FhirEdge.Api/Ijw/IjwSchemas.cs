using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace FhirEdge.Api.Ijw;

/// <summary>What a message failed: the line and column in its text, and why.</summary>
public sealed record SchemaError(int Line, int Column, string Message);

/// <summary>
/// The iJw 3.2 schemas (vendored in <c>Ijw/Schemas</c>, see its README): a message is read only when
/// it is well-formed XML, has no DTD, and passes its schema; every message the edge writes is checked
/// against its schema before it leaves. Thread-safe once compiled.
/// </summary>
public sealed class IjwSchemas
{
    /// <summary>The namespace of a message, e.g. <c>http://www.istandaarden.nl/ijw/3_2/jw301/schema</c>.</summary>
    public static XNamespace Of(string message) => $"http://www.istandaarden.nl/ijw/3_2/{message.ToLowerInvariant()}/schema";

    /// <summary>The basisschema's namespace.</summary>
    public static readonly XNamespace Basis = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema";

    private readonly XmlSchemaSet _schemas = new();

    public IjwSchemas(string folder)
    {
        _schemas.XmlResolver = new XmlUrlResolver();
        foreach (var file in Directory.EnumerateFiles(folder, "JW*.xsd").Order(StringComparer.Ordinal))
        {
            // The message schemas import the basisschema from their own folder; nothing is fetched from elsewhere.
            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            _schemas.Add(XmlSchema.Read(reader, null)!);
        }

        _schemas.Compile();
    }

    /// <summary>The schemas next to the assembly.</summary>
    public static IjwSchemas FromOutput() => new(Path.Combine(AppContext.BaseDirectory, "Ijw", "Schemas"));

    /// <summary>Reads <paramref name="text"/> as an iJw message: the document, or each error with its line.</summary>
    public (XDocument? Document, IReadOnlyList<SchemaError> Errors) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<SchemaError>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            ValidationType = ValidationType.Schema,
            Schemas = _schemas,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
        };
        settings.ValidationEventHandler += (_, e) => errors.Add(new SchemaError(e.Exception.LineNumber, e.Exception.LinePosition, e.Message));
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            var document = XDocument.Load(reader, LoadOptions.SetLineInfo);
            if (document.Root is { } root && !_schemas.Contains(root.Name.NamespaceName))
            {
                errors.Add(new SchemaError(1, 1, $"{root.Name.NamespaceName} is not the namespace of an iJw 3.2 message."));
            }

            return errors.Count == 0 ? (document, errors) : (null, errors);
        }
        catch (XmlException e)
        {
            return (null, [new SchemaError(e.LineNumber, e.LinePosition, e.Message)]);
        }
    }

    /// <summary>Asserts that a message the edge wrote passes its schema; a failure is the edge's own fault.</summary>
    public string Write(XDocument message)
    {
        var (text, errors) = Checked(message);
        return errors.Count == 0
            ? text
            : throw new InvalidOperationException("The edge wrote an iJw message its schema refuses: " + string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}")));
    }

    /// <summary>The text of a message the edge made from what a partner sent, or null when its schema refuses it.</summary>
    public string? TryWrite(XDocument message)
    {
        var (text, errors) = Checked(message);
        return errors.Count == 0 ? text : null;
    }

    /// <summary>
    /// The root and header of <paramref name="text"/> when it is well-formed XML without a DTD, whatever its schema says;
    /// null otherwise.
    /// </summary>
    public static XDocument? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private (string Text, IReadOnlyList<SchemaError> Errors) Checked(XDocument message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Declaration + Environment.NewLine + message.ToString(SaveOptions.None);
        return (text, Read(text).Errors);
    }
}
