using System.Net.Sockets;
using Coordination.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BuildingBlocks.Tests;

/// <summary>Which database failures a consumer waits out (the database away) and which it gives up on after its short retry.</summary>
[Trait("Category", "Unit")]
public sealed class DatabaseFaultsTests
{
    [Fact]
    public void A_database_that_is_away_or_shutting_down_is_waited_for()
    {
        Assert.True(DatabaseFaults.IsTransient(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DatabaseFaults.IsTransient(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.True(DatabaseFaults.IsTransient(new InvalidOperationException("wrapped", new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"))));
    }

    [Fact]
    public void A_broken_rule_or_bad_data_is_not()
    {
        Assert.False(DatabaseFaults.IsTransient(new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", "23505")));
        Assert.False(DatabaseFaults.IsTransient(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(DatabaseFaults.IsTransient(new InvalidOperationException("a bug")));
    }
}
