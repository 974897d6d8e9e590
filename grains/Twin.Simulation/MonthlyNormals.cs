using Twin.Catalog;

namespace Twin.Simulation;

/// <summary>
/// Toyama's monthly climate normals 1989–2020 (Toyama Local Meteorological Observatory), from the catalog's embedded
/// <c>climate_normals.csv</c>: a month's mean, lowest mean daily temperature and precipitation.
/// </summary>
public sealed record MonthlyNormals(int Month, double MeanTempC, double MinTempC, double PrecipMm)
{
    private static readonly Lazy<IReadOnlyList<MonthlyNormals>> Months = new(() =>
        [.. EmbeddedData.CsvRecords(EmbeddedData.Text(typeof(TwinCatalog).Assembly, "Twin.Catalog.Data.climate_normals.csv"))
            .Select(r => new MonthlyNormals((int)r.Number("month"), r.Number("mean_temp_c"), r.Number("min_temp_c"), r.Number("precip_mm")))
            .OrderBy(m => m.Month)]);

    /// <summary>The normals of a month (1–12).</summary>
    public static MonthlyNormals Of(int month) => Months.Value[month - 1];
}
