using System.Globalization;

namespace Twin.Storage.Schema;

/// <summary>One versioned SQL script of deploy/sql, embedded in this assembly.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "Twin.Storage.Sql.";

    /// <summary>The migrations for a database ("sqlite" or "postgres"), in version order.</summary>
    public static IReadOnlyList<Migration> Load(string database)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = ResourcePrefix + database + ".";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            // Names are "NNN_description.sql"; the number is the schema version the script brings the database to.
            var fileName = resource[prefix.Length..];
            var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration '{fileName}' must be named NNN_description.sql.");
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, Path.GetFileNameWithoutExtension(fileName), reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations of {database} must be numbered 1, 2, 3… without gaps; found {migrations[i].Name}.");
            }
        }
        return migrations;
    }
}
