using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Extensions;

/// <summary>The catalog (<c>Twin:Catalog</c>).</summary>
public sealed class CatalogOptions
{
    /// <summary>Extra generated devices for scale tests (default 0).</summary>
    [Range(0, 5_000_000)] public int SyntheticDevices { get; set; }
}
