using System.Data.Common;

namespace Twin.Storage.Schema;

/// <summary>Opening a connection the caller then owns.</summary>
internal static class DbConnections
{
    /// <summary>Opens <paramref name="connection"/>, disposing it when opening fails.</summary>
    public static async ValueTask<DbConnection> OpenAsync(DbConnection connection, CancellationToken ct)
    {
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
