namespace Twin.Simulator;

/// <summary>One month of Toyama's 1989–2020 climate normals (Toyama Local Meteorological Observatory).</summary>
/// <param name="Month">1–12.</param>
/// <param name="MeanTempC">Monthly mean air temperature.</param>
/// <param name="MaxTempC">Mean of daily maxima.</param>
/// <param name="MinTempC">Mean of daily minima.</param>
/// <param name="PrecipMm">Monthly precipitation.</param>
public sealed record MonthNormal(int Month, double MeanTempC, double MaxTempC, double MinTempC, double PrecipMm);
