using Npgsql;
using Orleans.Runtime;

namespace Twin.Durability.Tests.Infrastructure;

/// <summary>The cluster's membership table on PostgreSQL, as Orleans' AdoNet clustering writes it.</summary>
public static class Membership
{
    /// <summary>How many silos of <paramref name="clusterId"/> the table holds in <paramref name="status"/>.</summary>
    public static async Task<long> CountAsync(string connectionString, string clusterId, SiloStatus status, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE deployment_id = @d AND status = @s", connection);
        command.Parameters.AddWithValue("d", clusterId);
        command.Parameters.AddWithValue("s", (int)status);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
