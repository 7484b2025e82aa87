using System.Data.Common;

namespace Coordination.Data;

/// <summary>What a database's failure says about trying again.</summary>
public static class DatabaseFaults
{
    /// <summary>
    /// Whether <paramref name="exception"/> (or one inside it) says the database is away: it could
    /// not be reached, dropped the connection, is shutting down or starting up, or has no connection
    /// left (SQL states of class 08 and 57P, 53300; a failure of the driver's connection that the
    /// driver calls transient and the server never answered). The same work may succeed when it is
    /// back. A conflict the server reported (a deadlock, a serialization failure), a broken rule or
    /// bad data is not the database being away.
    /// </summary>
    public static bool IsAway(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException { SqlState: ['0', '8', ..] or ['5', '7', 'P', ..] or "53300" } or DbException { IsTransient: true, SqlState: null })
            {
                return true;
            }
        }

        return false;
    }
}
