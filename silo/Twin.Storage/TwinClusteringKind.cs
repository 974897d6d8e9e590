namespace Twin.Storage;

/// <summary>How silos find each other.</summary>
public enum TwinClusteringKind
{
    /// <summary>One silo on this machine (the default).</summary>
    Localhost,
    /// <summary>Membership table in PostgreSQL, for several silos.</summary>
    Postgres,
}
