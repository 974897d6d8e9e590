using System.Globalization;
using Twin.Catalog;

namespace Twin.Simulator;

/// <summary>The city's monthly climate normals, read from the catalog's embedded <c>climate_normals.csv</c>.</summary>
public sealed class ClimateNormals
{
    private const string ResourceName = "Twin.Catalog.Data.climate_normals.csv";

    private static readonly Lazy<ClimateNormals> Shared = new(Load);

    private ClimateNormals(MonthNormal[] months) => Months = months;

    /// <summary>The twelve months, January first.</summary>
    public IReadOnlyList<MonthNormal> Months { get; }

    /// <summary>The normals of Toyama City.</summary>
    public static ClimateNormals Toyama => Shared.Value;

    /// <summary>The normals of a month (1–12).</summary>
    public MonthNormal Of(int month) => Months[month - 1];

    /// <summary>
    /// Normals at a day of the year, interpolated between mid-month values, so the season turns smoothly
    /// instead of stepping on the 1st.
    /// </summary>
    public MonthNormal At(DateTimeOffset jst)
    {
        var days = DateTime.DaysInMonth(jst.Year, jst.Month);
        var position = jst.Month - 1 + (jst.Day - 1 + jst.TimeOfDay.TotalDays) / days - 0.5; // 0 = mid-January
        var lower = (int)Math.Floor(position);
        var fraction = position - lower;
        var a = Months[(lower % 12 + 12) % 12];
        var b = Months[((lower + 1) % 12 + 12) % 12];
        return new MonthNormal(jst.Month,
            Lerp(a.MeanTempC, b.MeanTempC, fraction),
            Lerp(a.MaxTempC, b.MaxTempC, fraction),
            Lerp(a.MinTempC, b.MinTempC, fraction),
            Lerp(a.PrecipMm, b.PrecipMm, fraction));
    }

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;

    private static ClimateNormals Load()
    {
        // The CSV travels inside Twin.Catalog (with its attribution in Data/README.md); read it from there, not a copy.
        using var stream = typeof(TwinCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded data file '{ResourceName}' is missing.");
        using var reader = new StreamReader(stream);
        var months = new MonthNormal[12];
        var header = true;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (header)
            {
                header = false;
                continue;
            }
            var f = line.Split(',');
            var month = int.Parse(f[0], CultureInfo.InvariantCulture);
            months[month - 1] = new MonthNormal(month, D(f[1]), D(f[2]), D(f[3]), D(f[4]));
        }
        if (months.Any(m => m is null))
        {
            throw new InvalidOperationException($"{ResourceName} lacks a month.");
        }
        return new ClimateNormals(months);

        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }
}
