using System.Net.Sockets;
using Coordination.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BuildingBlocks.Tests;

/// <summary>Which database failures a consumer waits out (the database away) and which keep its short retry.</summary>
[Trait("Category", "Unit")]
public sealed class DatabaseFaultsTests
{
    [Fact]
    public void A_database_that_is_away_or_shutting_down_is_waited_for()
    {
        Assert.True(DatabaseFaults.IsAway(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DatabaseFaults.IsAway(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.True(DatabaseFaults.IsAway(new InvalidOperationException("wrapped", new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"))));
        Assert.True(DatabaseFaults.IsAway(new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300")));
    }

    [Fact]
    public void A_broken_rule_or_bad_data_is_not()
    {
        Assert.False(DatabaseFaults.IsAway(new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", "23505")));
        // A conflict keeps the short retry: the database is there, and answered.
        Assert.False(DatabaseFaults.IsAway(new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01")));
        Assert.False(DatabaseFaults.IsAway(new PostgresException("could not serialize access", "ERROR", "ERROR", "40001")));
        Assert.False(DatabaseFaults.IsAway(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(DatabaseFaults.IsAway(new InvalidOperationException("a bug")));
    }
}
