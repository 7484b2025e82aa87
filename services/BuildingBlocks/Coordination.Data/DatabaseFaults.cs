using System.Data.Common;

namespace Coordination.Data;

/// <summary>What a database's failure says about trying again.</summary>
public static class DatabaseFaults
{
    /// <summary>
    /// Whether <paramref name="exception"/> (or one inside it) says the database could not be
    /// reached, is restarting, or lost the work to a conflict (a broken connection, a shutdown, a
    /// refused connection, a deadlock): the same work may succeed later. A broken rule or bad data
    /// is not transient.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            // The driver's own judgement, and the SQL states of a lost connection (class 08) and of an
            // operator's intervention (57P: a shutdown, a crash, a server still starting), which
            // Npgsql does not count as transient although a failover or restart is exactly that.
            if (inner is DbException { IsTransient: true } or DbException { SqlState: ['0', '8', ..] or ['5', '7', 'P', ..] })
            {
                return true;
            }
        }

        return false;
    }
}
