using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Twin.Storage;

/// <summary>The storage settings of the section "Twin" plus <c>ConnectionStrings:Twin</c>.</summary>
public sealed class TwinStorageOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Twin";

    /// <summary>Name of the grain storage provider every twin grain uses.</summary>
    public const string GrainStorageName = "twin";

    /// <summary><c>Twin:Storage</c>: Memory, Sqlite (default) or Postgres.</summary>
    public TwinStorageKind Storage { get; set; } = TwinStorageKind.Sqlite;

    /// <summary><c>Twin:Sqlite</c>.</summary>
    public SqliteSettings Sqlite { get; set; } = new();

    /// <summary><c>ConnectionStrings:Twin</c>, required for Postgres storage or clustering.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary><c>Twin:Clustering</c>: Localhost (default) or Postgres.</summary>
    public TwinClusteringKind Clustering { get; set; } = TwinClusteringKind.Localhost;

    /// <summary><c>Twin:Silo</c>.</summary>
    public SiloSettings Silo { get; set; } = new();

    /// <summary><c>Twin:History</c>.</summary>
    public HistorySettings History { get; set; } = new();

    /// <summary>Reads the options from configuration and fails with every problem listed when they are unusable.</summary>
    public static TwinStorageOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TwinStorageOptions();
        options.BindFrom(configuration);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(TwinStorageOptions), errors);
        }
        return options;
    }

    /// <summary>
    /// Pool defaults for a silo: at most 40 connections (unless the string says otherwise), so that a burst of
    /// activations — each reads its snapshot and its history — waits for a pooled connection instead of
    /// exhausting the server's <c>max_connections</c> (100 on a default PostgreSQL, shared by every silo: two
    /// silos at 40 leave room for tools). A single silo alone on its server ingests faster with a larger pool
    /// (12k instead of 5.5k readings/s in docs/benchmarks.md), as long as the server has the connections;
    /// and no session reset on every return to the pool (the twin sets no session state).
    /// </summary>
    public static string? Tune(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            var explicitPool = connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase)
                || connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase);
            if (!explicitPool)
            {
                builder.MaxPoolSize = 40;
            }
            if (!connectionString.Contains("Reset", StringComparison.OrdinalIgnoreCase))
            {
                builder.NoResetOnClose = true;
            }
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            // Validation reports a malformed string with its own message.
            return connectionString;
        }
    }

    /// <summary>Binds section "Twin" and <c>ConnectionStrings:Twin</c> onto this instance.</summary>
    public void BindFrom(IConfiguration configuration)
    {
        // Unknown enum names make the binder throw a message that does not name the key; catch it and say which.
        try
        {
            configuration.GetSection(SectionName).Bind(this);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(SectionName, typeof(TwinStorageOptions),
                [$"Twin: {ex.Message} Twin:Storage must be Memory, Sqlite or Postgres; Twin:Clustering must be Localhost or Postgres."]);
        }
        PostgresConnectionString = Tune(configuration.GetConnectionString("Twin") ?? PostgresConnectionString);
    }

    /// <summary>Every problem with these settings, as messages naming the configuration key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var needsPostgres = Storage == TwinStorageKind.Postgres || Clustering == TwinClusteringKind.Postgres;
        if (needsPostgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            errors.Add($"ConnectionStrings:Twin is required when Twin:Storage is {Storage} and Twin:Clustering is {Clustering} " +
                "(env var ConnectionStrings__Twin), e.g. \"Host=localhost;Database=twin;Username=twin;Password=...\".");
        }
        if (Storage == TwinStorageKind.Sqlite && string.IsNullOrWhiteSpace(Sqlite.Path))
        {
            errors.Add("Twin:Sqlite:Path must name the SQLite database file when Twin:Storage is Sqlite (default \"data/twin.db\").");
        }
        if (Clustering == TwinClusteringKind.Postgres && Storage == TwinStorageKind.Memory)
        {
            errors.Add("Twin:Clustering=Postgres with Twin:Storage=Memory would give each silo its own state: use Twin:Storage=Postgres.");
        }
        if (Clustering == TwinClusteringKind.Postgres && Storage == TwinStorageKind.Sqlite)
        {
            errors.Add("Twin:Clustering=Postgres with Twin:Storage=Sqlite would give each silo its own database file: use Twin:Storage=Postgres.");
        }
        ValidatePort(errors, "Twin:Silo:SiloPort", Silo.SiloPort);
        ValidatePort(errors, "Twin:Silo:GatewayPort", Silo.GatewayPort);
        if (Silo.SiloPort == Silo.GatewayPort)
        {
            errors.Add($"Twin:Silo:SiloPort and Twin:Silo:GatewayPort must differ (both are {Silo.SiloPort}).");
        }
        if (string.IsNullOrWhiteSpace(Silo.ClusterId))
        {
            errors.Add("Twin:Silo:ClusterId must not be empty.");
        }
        if (string.IsNullOrWhiteSpace(Silo.ServiceId))
        {
            errors.Add("Twin:Silo:ServiceId must not be empty (grain state rows are keyed by it).");
        }
        if (Silo.AdvertisedAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            errors.Add($"Twin:Silo:AdvertisedAddress must be an IP address, not \"{address}\".");
        }
        if (History.RetentionDays < 0)
        {
            errors.Add($"Twin:History:RetentionDays must be 0 (keep forever) or more, not {History.RetentionDays}.");
        }
        if (History.DownsampleAfterDays < 0)
        {
            errors.Add($"Twin:History:DownsampleAfterDays must be 0 (never) or more, not {History.DownsampleAfterDays}.");
        }
        if (History.DownsampleAfterDays > 0 && History.DownsampleIntervalMinutes <= 0)
        {
            errors.Add("Twin:History:DownsampleIntervalMinutes must be positive when Twin:History:DownsampleAfterDays is set.");
        }
        if (History.RetentionDays > 0 && History.DownsampleAfterDays >= History.RetentionDays)
        {
            errors.Add($"Twin:History:DownsampleAfterDays ({History.DownsampleAfterDays}) must be below Twin:History:RetentionDays ({History.RetentionDays}).");
        }
        if (History.MaxBatchSize is < 1 or > 100_000)
        {
            errors.Add($"Twin:History:MaxBatchSize must be between 1 and 100000, not {History.MaxBatchSize}.");
        }
        if (History.QueueCapacity < History.MaxBatchSize)
        {
            errors.Add($"Twin:History:QueueCapacity ({History.QueueCapacity}) must be at least Twin:History:MaxBatchSize ({History.MaxBatchSize}).");
        }
        if (History.MaintenanceIntervalMinutes <= 0)
        {
            errors.Add($"Twin:History:MaintenanceIntervalMinutes must be positive, not {History.MaintenanceIntervalMinutes}.");
        }
        return errors;
    }

    private static void ValidatePort(List<string> errors, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add($"{key} must be a TCP port (1-65535), not {port}.");
        }
    }

    /// <summary><c>Twin:Sqlite</c> settings.</summary>
    public sealed class SqliteSettings
    {
        /// <summary>The database file, relative to the working directory unless rooted.</summary>
        public string Path { get; set; } = "data/twin.db";
    }

    /// <summary><c>Twin:Silo</c> settings.</summary>
    public sealed class SiloSettings
    {
        /// <summary>Silo-to-silo port.</summary>
        public int SiloPort { get; set; } = 11111;

        /// <summary>Client gateway port.</summary>
        public int GatewayPort { get; set; } = 30000;

        /// <summary>The cluster's id: silos with the same id form one cluster.</summary>
        public string ClusterId { get; set; } = "toyama-twin";

        /// <summary>The service's id; stored state is keyed by it, so it must stay the same across deployments.</summary>
        public string ServiceId { get; set; } = "toyama-twin";

        /// <summary>The address other silos reach this one at (Postgres clustering); empty picks the host's address.</summary>
        public string? AdvertisedAddress { get; set; }
    }

    /// <summary><c>Twin:History</c> settings.</summary>
    public sealed class HistorySettings
    {
        /// <summary>Readings older than this many days are deleted; 0 keeps them forever.</summary>
        public int RetentionDays { get; set; } = 400;

        /// <summary>Beyond this many days, keep one reading per device per <see cref="DownsampleIntervalMinutes"/>; 0 never downsamples.</summary>
        public int DownsampleAfterDays { get; set; }

        /// <summary>The bucket that downsampling keeps one reading of.</summary>
        public int DownsampleIntervalMinutes { get; set; } = 10;

        /// <summary>How often retention and downsampling run.</summary>
        public int MaintenanceIntervalMinutes { get; set; } = 60;

        /// <summary>Most readings written in one group commit.</summary>
        public int MaxBatchSize { get; set; } = 5000;

        /// <summary>Readings waiting for the writer before appenders wait (back-pressure).</summary>
        public int QueueCapacity { get; set; } = 100_000;
    }
}
