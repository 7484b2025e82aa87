using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Writer;

namespace Referral.Api.Documents;

/// <summary>
/// PdfPig's token writer, except that a standard-14 text font is declared with
/// <c>/Encoding /WinAnsiEncoding</c>. PdfPig 0.1.16 declares these fonts with StandardEncoding,
/// which has no é, ë, ï, ü or ö (its AddText shows é as Ø and throws on ü), so the documents
/// write their own WinAnsi bytes (<see cref="WinAnsiText"/>) and the font must say so.
/// </summary>
internal sealed class WinAnsiTokenWriter : ITokenWriter
{
    private readonly TokenWriter _inner = new();

    public bool WritingPageContents
    {
        get => _inner.WritingPageContents;
        set => _inner.WritingPageContents = value;
    }

    public void WriteToken(IToken token, Stream outputStream)
    {
        if (token is ObjectToken { Data: DictionaryToken dictionary } obj && IsStandardEncodedTextFont(dictionary))
        {
            token = new ObjectToken(obj.Position, obj.Number, dictionary.With(NameToken.Encoding, NameToken.WinAnsiEncoding));
        }

        _inner.WriteToken(token, outputStream);
    }

    public void WriteObject(long objectNumber, int generation, byte[] data, Stream outputStream) =>
        _inner.WriteObject(objectNumber, generation, data, outputStream);

    public void WriteCrossReferenceTable(
        IReadOnlyDictionary<IndirectReference, long> objectOffsets,
        IndirectReference catalogToken,
        Stream outputStream,
        IndirectReference? documentInformationReference,
        long? prevTableLocation) =>
        _inner.WriteCrossReferenceTable(objectOffsets, catalogToken, outputStream, documentInformationReference, prevTableLocation);

    private static bool IsStandardEncodedTextFont(DictionaryToken dictionary) =>
        dictionary.TryGet(NameToken.Type, out NameToken type) && type.Equals(NameToken.Font)
        && dictionary.TryGet(NameToken.Subtype, out NameToken subtype) && subtype.Equals(NameToken.Type1)
        && dictionary.TryGet(NameToken.Encoding, out NameToken encoding) && encoding.Equals(NameToken.StandardEncoding)
        && dictionary.TryGet(NameToken.BaseFont, out NameToken font) && font.Data is not ("Symbol" or "ZapfDingbats");
}
