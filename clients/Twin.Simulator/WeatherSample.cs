namespace Twin.Simulator;

/// <summary>The weather at a district's centre at one instant, rounded as a station reports it.</summary>
/// <param name="AirTempC">Air temperature, 0.1 °C.</param>
/// <param name="PrecipitationMmH">Precipitation (water equivalent), 0.1 mm/h.</param>
/// <param name="SnowfallCmH">Snowfall, 0.1 cm/h.</param>
/// <param name="HumidityPct">Relative humidity, 0.5 %.</param>
public readonly record struct WeatherSample(double AirTempC, double PrecipitationMmH, double SnowfallCmH, double HumidityPct);
