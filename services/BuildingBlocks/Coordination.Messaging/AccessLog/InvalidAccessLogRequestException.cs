namespace Coordination.Messaging.AccessLog;

/// <summary>
/// The caller's request for an access log cannot be answered as asked: a cursor this platform did
/// not give out, a limit out of range, or no valid BSN. An endpoint answers it with 400 and names
/// <see cref="ArgumentException.ParamName"/>; the message never repeats the BSN.
/// </summary>
public sealed class InvalidAccessLogRequestException : ArgumentException
{
    /// <summary>Creates the exception with a default message.</summary>
    public InvalidAccessLogRequestException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public InvalidAccessLogRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public InvalidAccessLogRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> about the parameter <paramref name="paramName"/>.</summary>
    public InvalidAccessLogRequestException(string message, string paramName)
        : base(message, paramName)
    {
    }
}
